from __future__ import annotations

from django.apps import AppConfig


class HubConfig(AppConfig):
    """Hub cases: events replayed by the pure core, BI, prior authorizations, appeals, PAP decisions."""

    name = "coolclaim.web.hub"
    label = "hub"
    verbose_name = "Hub"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coolclaim.web.audit import register_models
        from coolclaim.web.hub.models import (
            Appeal,
            BenefitsInvestigation,
            CapKitReplacement,
            Case,
            CaseEvent,
            GeneratedDocument,
            PapDecision,
            PriorAuthorization,
            Reauthorization,
        )
        from coolclaim.web.hub.signals import connect_receivers

        register_models(
            Case, CaseEvent, BenefitsInvestigation, PriorAuthorization, Appeal, PapDecision, Reauthorization
        )
        # A document's PDF and text stay out of the audit log's change records (type and id only).
        auditlog.register(GeneratedDocument, exclude_fields=["pdf", "sections"])
        register_models(GeneratedDocument, CapKitReplacement)
        connect_receivers()
