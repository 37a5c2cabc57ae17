"""Choice lists of the accounts app."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    NURSE = "nurse", "Nurse"
    BILLING = "billing", "Billing specialist"
    FACILITY_ADMIN = "facility_admin", "Facility admin"
    HUB_COORDINATOR = "hub_coordinator", "Hub coordinator"
    ANALYST = "analyst", "Analyst (read-only)"
    SYSTEM_ADMIN = "system_admin", "System admin"


#: Roles that see every facility of the user's hub (others see their memberships only).
HUB_ROLES = frozenset({Role.HUB_COORDINATOR, Role.ANALYST})


class Setting(models.TextChoices):
    OFFICE = "office", "Physician office (837P, POS 11)"
    HOSPITAL_OUTPATIENT = "hospital_outpatient", "Hospital outpatient (837I, TOB 0131)"


US_STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP",
    }
)  # fmt: skip
