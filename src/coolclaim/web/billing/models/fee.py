"""A facility's fee schedule: the charge per code (per unit), optionally per payer type, with
the allowed amount the facility expects, effective-dated."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.clinic.choices import PayerType


class FeeScheduleEntryQuerySet(FacilityScopedQuerySet["FeeScheduleEntry"]):
    facility_path = "facility"


class FeeScheduleEntry(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="fee_schedule")
    code = models.CharField(max_length=10, help_text="HCPCS / CPT code.")
    charge = models.DecimalField(max_digits=10, decimal_places=2, help_text="Charge per unit.")
    payer_type = models.CharField(
        max_length=24, choices=PayerType.choices, blank=True, help_text="Empty: every payer type."
    )
    expected_allowed = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Allowed amount per unit the facility expects.",
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Last day it applies; empty: open-ended.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeeScheduleEntryQuerySet.as_manager()

    class Meta:
        ordering = ["facility_id", "code", "payer_type", "-effective_from"]
        verbose_name_plural = "fee schedule entries"
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "code", "payer_type", "effective_from"], name="fee_entry_unique_start"
            ),
            models.CheckConstraint(condition=models.Q(charge__gte=0), name="fee_entry_charge_not_negative"),
            models.CheckConstraint(
                condition=models.Q(expected_allowed__isnull=True) | models.Q(expected_allowed__gte=0),
                name="fee_entry_allowed_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="fee_entry_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["facility", "code"], name="fee_entry_lookup_idx")]

    def __str__(self) -> str:
        who = f" ({self.payer_type})" if self.payer_type else ""
        return f"fee {self.code}{who} from {self.effective_from} at facility {self.facility_id}"
