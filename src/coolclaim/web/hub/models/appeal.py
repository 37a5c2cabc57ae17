"""The one appeal the hub assists with after a denied PA."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import AppealDecision
from coolclaim.web.hub.models.authorization import PriorAuthorization
from coolclaim.web.hub.models.case import Case


class AppealQuerySet(FacilityScopedQuerySet["Appeal"]):
    facility_path = "case__facility"


class Appeal(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="appeal")
    authorization = models.ForeignKey(PriorAuthorization, on_delete=models.CASCADE, null=True, related_name="+")
    filed_at = models.DateTimeField()
    grounds = models.TextField(blank=True, help_text="What the appeal answers in the denial.")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=AppealDecision.choices, blank=True)

    objects = AppealQuerySet.as_manager()

    def __str__(self) -> str:
        return f"appeal {self.pk} of hub case {self.case_id}"
