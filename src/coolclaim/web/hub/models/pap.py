"""The patient-assistance decision, with the screening that decided it kept as evidence."""

from __future__ import annotations

from typing import Any

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.models.case import Case


def _dict() -> dict[str, Any]:
    return {}


class PapQuerySet(FacilityScopedQuerySet["PapDecision"]):
    facility_path = "case__facility"


class PapDecision(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="pap")
    decided_at = models.DateTimeField()
    eligible = models.BooleanField()
    route = models.CharField(max_length=12, blank=True, help_text="income, hardship, or empty")
    application = models.JSONField(default=_dict, help_text="The screening input (contracts/screening.md).")
    result = models.JSONField(default=_dict, help_text="The screening result, every reason.")

    objects = PapQuerySet.as_manager()

    def __str__(self) -> str:
        return f"PAP decision {self.pk} of hub case {self.case_id}"
