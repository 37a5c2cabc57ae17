"""Choice lists of the accounts app."""

from __future__ import annotations

from django.db import models

from coolclaim import vocabulary as v


class Role(models.TextChoices):
    NURSE = v.Role.NURSE.value, "Nurse"
    BILLING = v.Role.BILLING.value, "Billing specialist"
    FACILITY_ADMIN = v.Role.FACILITY_ADMIN.value, "Facility admin"
    HUB_COORDINATOR = v.Role.HUB_COORDINATOR.value, "Hub coordinator"
    ANALYST = v.Role.ANALYST.value, "Analyst (read-only)"
    SYSTEM_ADMIN = v.Role.SYSTEM_ADMIN.value, "System admin"


#: Roles that see every facility of the user's hub (others see their memberships only).
HUB_ROLES = frozenset({Role.HUB_COORDINATOR, Role.ANALYST})


class Setting(models.TextChoices):
    OFFICE = v.Setting.OFFICE.value, "Physician office (837P, POS 11)"
    HOSPITAL_OUTPATIENT = v.Setting.HOSPITAL_OUTPATIENT.value, "Hospital outpatient (837I, TOB 0131)"


US_STATES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP",
    }
)  # fmt: skip
