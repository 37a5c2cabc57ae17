"""Builders for screening applications (the screening contract's input shape) and the reference."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from coolclaim.assistance import ScreeningReference, ScreeningResult, parse_application, screen
from coolclaim.refdata.builders import assistance_programs, poverty_guidelines

BASE: dict[str, Any] = {
    "application_date": "2026-05-04",
    "state": "OH",
    "us_physical_address": True,
    "household_size": 2,
    "household_income": "60000.00",
    "product_cost": "2400",
    "insurance": "none",
    "pa_status": None,
    "on_label_diagnosis": True,
    "prescription": True,
    "facility_contracted": True,
}


def application(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


@cache
def _reference(overrides: tuple[tuple[str, str], ...]) -> ScreeningReference:
    return ScreeningReference.of(poverty_guidelines.load(), assistance_programs.load(), dict(overrides))


def reference(**overrides: str) -> ScreeningReference:
    return _reference(tuple(sorted(overrides.items())))


def result(settings: dict[str, str] | None = None, /, **changes: Any) -> ScreeningResult:
    ref = reference(**(settings or {}))
    return screen(parse_application(application(**changes), ref), ref)


def unmet(res: ScreeningResult, program: str = "manufacturer_pap") -> list[str]:
    return [r.code for r in res.program(program).reasons if not r.met]


def guideline(year: int, region: str, size: int) -> Decimal:
    """The 100% guideline straight from the data file (for expected values)."""
    for y in reference().guidelines.years:
        if y.year == year:
            return y.tables[region].amount(size)
    raise KeyError(year)
