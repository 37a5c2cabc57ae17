"""A patient's insurance coverage (PHI: member id)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.accounts.validators import validate_state
from coolclaim.web.clinic.choices import Funding, GroupSize, PayerType
from coolclaim.web.clinic.models.patient import Patient


class CoverageQuerySet(FacilityScopedQuerySet["Coverage"]):
    facility_path = "patient__facility"


class Coverage(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="coverages")
    payer_name = models.CharField(max_length=200)
    plan_name = models.CharField(max_length=200, blank=True)
    member_id = models.CharField(max_length=60, blank=True)
    payer_type = models.CharField(max_length=24, choices=PayerType.choices)
    funding = models.CharField(max_length=16, choices=Funding.choices, null=True, blank=True)
    group_size = models.CharField(max_length=12, choices=GroupSize.choices, null=True, blank=True)
    plan_state = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_state],
        help_text="State of the plan; empty means the facility's state.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(default=1, help_text="1 = primary")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoverageQuerySet.as_manager()

    class Meta:
        ordering = ["patient_id", "priority", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="coverage_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"coverage {self.pk} of patient {self.patient_id}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
