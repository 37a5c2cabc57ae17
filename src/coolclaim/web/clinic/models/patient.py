"""A patient of a facility (PHI)."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.accounts.validators import validate_state
from coolclaim.web.clinic.choices import Sex


class PatientQuerySet(FacilityScopedQuerySet["Patient"]):
    facility_path = "facility"


class Patient(models.Model):
    """PHI. ``str()`` gives the id only, so a patient never lands in a log by accident;
    pages show ``display_name``."""

    # indexed by the unique constraint (or index) below, which leads with it
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="patients", db_index=False)
    mrn = models.CharField(
        "MRN",
        max_length=40,
        help_text="Medical record number; imports match the coding contract's patient_id to it.",
    )
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True, validators=[validate_state])
    postal_code = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "mrn"], name="patient_unique_mrn"),
        ]
        indexes = [models.Index(fields=["facility", "family_name", "given_name"])]

    def __str__(self) -> str:
        return f"patient {self.pk}"

    @property
    def display_name(self) -> str:
        """``Family, Given``; one name alone when the other is missing; a readable placeholder
        naming the MRN when the record has no name at all (e.g. an imported record)."""
        family, given = self.family_name.strip(), self.given_name.strip()
        if family and given:
            return f"{family}, {given}"
        if family or given:
            return family or given
        return f"Unnamed patient (MRN {self.mrn})" if self.mrn else f"Unnamed patient {self.pk}"
