"""The cap kit the manufacturer replaces when a patient qualifies for its assistance program.

Domain notes §2: for a qualifying patient the facility gives a cap kit free of charge, the
manufacturer replaces it, and the facility charges the patient nothing for the kit or any
cooling treatment. The PAP decision creates this record (promised); a coordinator then records
the replacement shipped and received (fulfilled). Every change is audited (auditlog).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import CapKitStatus
from coolclaim.web.hub.models.case import Case
from coolclaim.web.hub.models.pap import PapDecision


class CapKitQuerySet(FacilityScopedQuerySet["CapKitReplacement"]):
    facility_path = "case__facility"


class CapKitReplacement(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="cap_kit")
    decision = models.ForeignKey(PapDecision, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=200, help_text="What is promised.")
    promised_at = models.DateTimeField(help_text="When the qualifying PAP decision promised it.")
    status = models.CharField(max_length=10, choices=CapKitStatus.choices, default=CapKitStatus.PROMISED)
    shipped_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True, help_text="The replacement kit received.")
    reference = models.CharField(max_length=60, blank=True, help_text="The manufacturer's order or tracking number.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CapKitQuerySet.as_manager()

    def __str__(self) -> str:
        return f"cap kit replacement {self.pk} of hub case {self.case_id}"
