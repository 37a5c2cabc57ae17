"""The hub organisation and its facilities."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.choices import Setting
from coolclaim.web.accounts.validators import (
    validate_npi,
    validate_state,
    validate_time_zone,
    validate_tin,
)


class Hub(models.Model):
    """An organisation that serves one or more facilities (a hub, a practice group)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Facility(models.Model):
    """A place where scalp cooling is given and billed (one billing NPI)."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="facilities")
    name = models.CharField(max_length=200)
    npi = models.CharField("NPI", max_length=10, unique=True, validators=[validate_npi])
    tin = models.CharField("TIN", max_length=10, validators=[validate_tin])
    state = models.CharField(max_length=2, validators=[validate_state])
    county = models.CharField(
        max_length=100,
        blank=True,
        help_text="Needed where the county changes the Medicare jurisdiction "
        "(Northern Virginia counties are billed with J12, not JJ/JM).",
    )
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    setting = models.CharField(max_length=24, choices=Setting.choices, default=Setting.OFFICE)
    contracted = models.BooleanField(
        default=True,
        help_text="Bills under the insurance-based billing model (contracted with the payer).",
    )
    revenue_code = models.CharField(
        max_length=4, default="0761", help_text="Default revenue code on institutional claims."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="facility_unique_name_per_hub"),
        ]

    def __str__(self) -> str:
        return self.name
