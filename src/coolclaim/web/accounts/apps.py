from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Hub organisation, facilities, users, roles, memberships and API tokens."""

    name = "coolclaim.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"
