"""A prior authorization the provider submitted and the hub tracks, tied to the course."""

from __future__ import annotations

from typing import Any

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import PaDecision, Rail
from coolclaim.web.hub.models.case import Case


def _list() -> list[Any]:
    return []


def _dict() -> dict[str, Any]:
    return {}


class AuthorizationQuerySet(FacilityScopedQuerySet["PriorAuthorization"]):
    facility_path = "case__facility"


class PriorAuthorization(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="authorizations")
    rail = models.CharField(max_length=8, choices=Rail.choices)
    reference_number = models.CharField(max_length=60, blank=True, help_text="The payer's authorization number.")
    submitted_at = models.DateTimeField()
    expedited = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=PaDecision.choices, blank=True)
    denial_reasons = models.JSONField(default=_list, blank=True, help_text='Codes, e.g. ["50", "N130"].')
    appeal_available = models.BooleanField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    authorized_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    authorized_units = models.JSONField(default=_dict, blank=True, help_text='Code → units, e.g. {"0662T": 1}.')
    status_history = models.JSONField(
        default=_list, blank=True, help_text="[{at, status, note}] in the order they happened."
    )

    objects = AuthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "-submitted_at"]

    def __str__(self) -> str:
        return f"prior authorization {self.pk} of hub case {self.case_id}"
