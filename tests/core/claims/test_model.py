"""The outgoing claim refuses values the 837 could not carry, naming the claim, line and field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from coolclaim.claims.model import ClaimLine, ControlNumbers
from tests import claim_factories as f

DAY = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"line_number": 0}, "line_number 0 must be 1 or more"),
        ({"charge": Decimal("-1")}, "line 1: charge -1 is negative"),
        ({"units": Decimal("0")}, "line 1: units 0 must be positive"),
        ({"modifiers": ("25", "59", "GA", "KX", "XU")}, "line 1: at most 4 modifiers, got 5"),
        ({"diagnosis_pointers": ()}, "line 1: 1 to 4 diagnosis pointers, got 0"),
    ],
)
def test_a_bad_line_is_named(changes: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "line_number": 1,
        "code": "97007",
        "charge": Decimal("350"),
        "units": Decimal("1"),
        "service_date": DAY,
        "diagnosis_pointers": (1,),
    }
    values.update(changes)
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        ClaimLine(**values)  # type: ignore[arg-type]


def test_a_bad_claim_is_named() -> None:
    claim = f.category_i_office()
    with pytest.raises(ValueError, match=r"^claim CC2026-0002: no service lines$"):
        replace(claim, lines=())
    with pytest.raises(ValueError, match=r"^claim CC2026-0002: no diagnoses$"):
        replace(claim, diagnoses=())
    with pytest.raises(ValueError, match=r"the claim id must be 1 to 20 characters \(CLM01\)$"):
        replace(claim, claim_id="X" * 21)
    with pytest.raises(ValueError, match=r"^claim CC2026-0002: duplicate line numbers \[1, 1\]$"):
        replace(claim, lines=(claim.lines[0], claim.lines[0]))
    with pytest.raises(
        ValueError, match=r"^claim CC2026-0002 line 7: diagnosis pointer 3 does not point at one of the 2 diagnoses$"
    ):
        replace(claim, diagnoses=claim.diagnoses[:2])
    hospital = f.hospital_outpatient()
    with pytest.raises(ValueError, match=r"^claim HO2026-0001 line 1: institutional lines need a revenue code$"):
        replace(hospital, lines=(replace(hospital.lines[0], revenue_code=None),))


def test_totals_and_dates() -> None:
    claim = f.category_i_office()
    assert (claim.total_charge, claim.first_service_date, claim.last_service_date) == (Decimal("1760.00"), DAY, DAY)


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ({"interchange": 0, "group": 1}, "interchange control number 0 is outside 1..999999999"),
        ({"interchange": 1, "group": 10**9}, "group control number 1000000000 is outside 1..999999999"),
        (
            {"interchange": 1, "group": 1, "first_transaction": 10000},
            "transaction set control number 10000 is outside 1..9999",
        ),
    ],
)
def test_control_numbers_are_in_range(numbers: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message.replace('.', r'[.]')}$"):
        ControlNumbers(**numbers)  # type: ignore[arg-type]
