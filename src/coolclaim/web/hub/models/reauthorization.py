"""A re-authorization step: the course's regimen changed, or its authorization is about to
expire, so the provider has to obtain a new authorization before the next infusion. Opened by
the hub (``services.reauthorization``) with its deadline and the rule behind it; closed when a
new authorization is recorded or a coordinator says none is needed (with a reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import ReauthorizationTrigger
from coolclaim.web.hub.models.authorization import PriorAuthorization
from coolclaim.web.hub.models.case import Case


class ReauthorizationQuerySet(FacilityScopedQuerySet["Reauthorization"]):
    facility_path = "case__facility"


class Reauthorization(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reauthorizations")
    trigger = models.CharField(max_length=16, choices=ReauthorizationTrigger.choices)
    authorization = models.ForeignKey(
        PriorAuthorization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reauthorizations",
        help_text="The authorization that expires or no longer fits the regimen.",
    )
    detail = models.CharField(max_length=300, help_text="What happened, e.g. the regimen before and after.")
    opened_at = models.DateTimeField()
    due = models.DateTimeField(help_text="When the new authorization has to be in place.")
    basis = models.CharField(max_length=300, help_text="The rule behind the deadline.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_reason = models.CharField(max_length=500, blank=True)
    new_authorization = models.ForeignKey(
        PriorAuthorization, on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )

    objects = ReauthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | ~models.Q(close_reason=""),
                name="hub_reauthorization_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"re-authorization {self.pk} of hub case {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
