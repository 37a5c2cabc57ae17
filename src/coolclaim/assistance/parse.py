"""Turns one raw JSON object into an `Application`, or raises `InvalidApplication` naming every bad field.

Strict on types: booleans must be JSON true/false (not "true"), the household size a whole
number (not 2.0 or "2"), money a decimal string such as "52000.00" or a finite JSON number,
never negative, never NaN or Infinity (more than two decimal places are kept and compared
exactly; amounts of a trillion USD or more are refused as typing slips; a household of more
than 1000 likewise). `pa_status` may be null or left out. Fields the
contract does not name are ignored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from coolclaim.assistance.application import INSURANCE, PA_STATUSES, Application
from coolclaim.assistance.field_errors import FieldError, InvalidApplication
from coolclaim.assistance.guideline_year import first_covered_day
from coolclaim.assistance.reference import ScreeningReference

MONEY_LIMIT = Decimal("1000000000000")  # one trillion USD: anything larger is a typing slip
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
BOOLEANS = ("us_physical_address", "on_label_diagnosis", "prescription", "facility_contracted")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Fields:
    __slots__ = ("errors", "raw")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: list[FieldError] = []

    def bad(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def present(self, key: str) -> bool:
        if key not in self.raw or self.raw[key] is None:
            self.bad(key, "is required" if key not in self.raw else "is required, got null")
            return False
        return True

    def flag(self, key: str) -> bool:
        if not self.present(key):
            return False
        value = self.raw[key]
        if isinstance(value, bool):
            return value
        self.bad(key, f"must be true or false (a JSON boolean), got {_kind(value)} {_shown(value)}")
        return False

    def choice(self, key: str, allowed: tuple[str, ...], nullable: bool = False) -> str | None:
        if nullable and self.raw.get(key) is None:
            return None
        if not self.present(key):
            return None
        value = self.raw[key]
        if isinstance(value, str) and value in allowed:
            return value
        extra = " or null" if nullable else ""
        self.bad(key, f"must be one of {', '.join(allowed)}{extra}; got {_kind(value)} {_shown(value)}")
        return None

    def money(self, key: str) -> Decimal:
        if not self.present(key):
            return Decimal(0)
        value = self.raw[key]
        amount: Decimal | None = None
        if isinstance(value, bool):
            amount = None
        elif isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.bad(key, f"must be a finite amount, got {_shown(value)}")
                return Decimal(0)
            amount = Decimal(repr(value))
        elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            amount = Decimal(value.strip())
        elif isinstance(value, str) and value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity", "snan"):
            self.bad(key, f"must be a finite amount, got {_shown(value)}")
            return Decimal(0)
        if amount is None:
            example = 'such as "52000.00" or 52000'
            self.bad(key, f"must be a decimal amount in USD {example}, got {_kind(value)} {_shown(value)}")
            return Decimal(0)
        if amount < 0:
            self.bad(key, f"must not be negative, got {_shown(value)}")
        elif amount >= MONEY_LIMIT:
            self.bad(key, f"must be less than {MONEY_LIMIT:,} USD, got {_shown(value)}")
        return amount


def parse_application(raw: object, reference: ScreeningReference) -> Application:
    """Validate one record against the contract; raises InvalidApplication listing every bad field."""
    if not isinstance(raw, dict):
        raise InvalidApplication([FieldError("(record)", f"must be a JSON object, got {_kind(raw)}")])
    fields = _Fields(raw)

    on = date(1, 1, 1)
    if fields.present("application_date"):
        value = raw["application_date"]
        parsed = None
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            try:
                parsed = date.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            fields.bad("application_date", f"must be a real date as YYYY-MM-DD, got {_kind(value)} {_shown(value)}")
        else:
            first = first_covered_day(reference.guidelines, reference.settings.fpl_switch_when_effective_date_unknown)
            if parsed < first:
                fields.bad(
                    "application_date",
                    f"{parsed} is before the first poverty-guideline table in the reference data "
                    f"(in force from {first})",
                )
            else:
                on = parsed

    state = ""
    if fields.present("state"):
        value = raw["state"]
        if isinstance(value, str) and value.strip().upper() in reference.guidelines.regions:
            state = value.strip().upper()
        else:
            fields.bad(
                "state",
                f"must be a 2-letter US state, DC or territory code such as OH; got {_kind(value)} {_shown(value)}",
            )

    us_address = fields.flag("us_physical_address")

    size = 0
    if fields.present("household_size"):
        value = raw["household_size"]
        if isinstance(value, bool) or not isinstance(value, int):
            fields.bad("household_size", f"must be a whole number of at least 1, got {_kind(value)} {_shown(value)}")
        elif value < 1:
            fields.bad("household_size", f"must be at least 1, got {value}")
        elif value > 1000:
            fields.bad("household_size", f"must be at most 1000, got {value}")
        else:
            size = value

    income = fields.money("household_income")
    cost = fields.money("product_cost")
    insurance = fields.choice("insurance", INSURANCE)
    pa_status = fields.choice("pa_status", PA_STATUSES, nullable=True)
    flags = {key: fields.flag(key) for key in BOOLEANS[1:]}

    if fields.errors:
        raise InvalidApplication(fields.errors)
    assert insurance is not None
    return Application(
        application_date=on,
        state=state,
        us_physical_address=us_address,
        household_size=size,
        household_income=income,
        product_cost=cost,
        insurance=insurance,
        pa_status=pa_status,
        on_label_diagnosis=flags["on_label_diagnosis"],
        prescription=flags["prescription"],
        facility_contracted=flags["facility_contracted"],
    )
