from __future__ import annotations

from django.apps import AppConfig


class HubConfig(AppConfig):
    """Hub cases: events replayed by the pure core, BI, prior authorizations, appeals, PAP decisions."""

    name = "coolclaim.web.hub"
    label = "hub"
    verbose_name = "Hub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coolclaim.web.audit import register_models
        from coolclaim.web.hub.models import (
            Appeal,
            BenefitsInvestigation,
            Case,
            CaseEvent,
            PapDecision,
            PriorAuthorization,
            Reauthorization,
        )
        from coolclaim.web.hub.signals import connect_receivers

        register_models(
            Case, CaseEvent, BenefitsInvestigation, PriorAuthorization, Appeal, PapDecision, Reauthorization
        )
        connect_receivers()
