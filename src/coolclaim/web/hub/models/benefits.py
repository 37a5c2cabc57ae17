"""The benefits investigation (BI): what the payer covers and what the patient pays."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.accounts.validators import validate_state
from coolclaim.web.clinic.choices import Funding, GroupSize
from coolclaim.web.hub.choices import COVERAGES, Network
from coolclaim.web.hub.models.case import Case


def _empty() -> dict[str, Any]:
    return {}


def _money(help_text: str = "") -> models.DecimalField[Any, Any]:
    return models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, help_text=help_text)


class BenefitsQuerySet(FacilityScopedQuerySet["BenefitsInvestigation"]):
    facility_path = "case__facility"


class BenefitsInvestigation(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="benefits")
    completed_at = models.DateTimeField()
    coverage = models.CharField(max_length=12, choices=COVERAGES)
    coverage_active = models.BooleanField()
    network = models.CharField(max_length=8, choices=Network.choices, default=Network.UNKNOWN)
    deductible = _money()
    deductible_met = _money()
    coinsurance_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    copay = _money()
    oop_max = _money("Out-of-pocket maximum")
    oop_met = _money("Out-of-pocket met so far")
    pa_required = models.BooleanField()
    pa_required_proposed = models.BooleanField(
        null=True, blank=True, help_text="What the payer policy data proposed (None: the data does not say)."
    )
    pa_override_reason = models.CharField(max_length=500, blank=True)
    covered_codes = models.CharField(max_length=200, blank=True, help_text="e.g. 0662T, 0663T")
    plan_funding = models.CharField(max_length=16, choices=Funding.choices, blank=True)
    group_size = models.CharField(max_length=12, choices=GroupSize.choices, blank=True)
    plan_state = models.CharField(max_length=2, blank=True, validators=[validate_state])
    mandate = models.CharField(max_length=60, blank=True, help_text="The state mandate that applies (its id).")
    proposal = models.JSONField(default=_empty, blank=True, help_text="The core's proposal with its reasons.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = BenefitsQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "-completed_at"]
        verbose_name_plural = "benefits investigations"

    def __str__(self) -> str:
        return f"benefits investigation {self.pk} of hub case {self.case_id}"
