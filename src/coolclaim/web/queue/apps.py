"""The queue app: fed by the signals of the apps below it (NetBox-style, connected in ready())."""

from __future__ import annotations

from django.apps import AppConfig


class QueueConfig(AppConfig):
    name = "coolclaim.web.queue"
    label = "queue"
    verbose_name = "Work queue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coolclaim.web.queue.signals import connect_receivers

        connect_receivers()
