from __future__ import annotations

from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Claims, immutable claim versions, lines and edits, claim notes, and coding through the core."""

    name = "coolclaim.web.billing"
    label = "billing"
    verbose_name = "Billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coolclaim.web.audit import register_models
        from coolclaim.web.billing.models import (
            Claim,
            ClaimEdit,
            ClaimLine,
            ClaimNote,
            ClaimVersion,
            FeeScheduleEntry,
            LinePayment,
            TradingPartner,
            UnmatchedPayment,
        )
        from coolclaim.web.billing.signals import connect_receivers

        register_models(
            Claim,
            ClaimVersion,
            ClaimLine,
            ClaimEdit,
            ClaimNote,
            FeeScheduleEntry,
            LinePayment,
            UnmatchedPayment,
            TradingPartner,
        )
        connect_receivers()
