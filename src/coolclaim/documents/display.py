"""How documents write dates, amounts, codes and labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coolclaim.patient_estimate.course_estimate import money, percent

__all__ = ["dotless", "long_date", "money", "money_or_none", "payer_type_label", "percent", "short_date", "yes_no"]

_PAYER_TYPES = {
    "commercial": "Commercial",
    "medicare": "Medicare",
    "medicare_advantage": "Medicare Advantage",
    "medicaid": "Medicaid",
    "medicaid_managed_care": "Medicaid managed care",
    "chip": "CHIP",
    "tricare": "TRICARE",
    "self_pay": "Self-pay",
}


def long_date(day: date) -> str:
    """April 12, 1978."""
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: date) -> str:
    """04/12/1978 (US forms)."""
    return f"{day:%m/%d/%Y}"


def money_or_none(value: Decimal | None, none: str = "none found") -> str:
    return none if value is None else money(value)


def yes_no(value: bool | None, unknown: str = "unknown") -> str:
    return unknown if value is None else ("yes" if value else "no")


def payer_type_label(kind: str) -> str:
    return _PAYER_TYPES.get(kind, kind)


def dotless(code: str) -> str:
    return code.replace(".", "").upper()
