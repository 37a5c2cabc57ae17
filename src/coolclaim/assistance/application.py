"""The typed screening input (see ../shared/contracts/screening.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

INSURANCE = ("none", "insured_not_covered", "underinsured", "covered")
PA_STATUSES = (
    "not_required",
    "pending",
    "approved",
    "denied_no_appeal",
    "denied_appeal_pending",
    "denied_after_first_appeal",
)


@dataclass(frozen=True, slots=True)
class Application:
    """One patient's screening application, already validated."""

    application_date: date
    state: str
    us_physical_address: bool
    household_size: int
    household_income: Decimal
    product_cost: Decimal
    insurance: str
    pa_status: str | None
    on_label_diagnosis: bool
    prescription: bool
    facility_contracted: bool
