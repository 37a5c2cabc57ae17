"""The JSON shape of a screening result, against a golden file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.core.assistance.factories import result

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, document: object) -> None:
    path = GOLDEN / name
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("COOLCLAIM_REGENERATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_ohio_household_of_two_2026() -> None:
    _check("screen_ohio_2026.json", result(household_income="90000.00").as_dict())


def test_puerto_rico_2024_unknown_effective_date() -> None:
    _check(
        "screen_puerto_rico_2024.json",
        result(
            state="PR",
            application_date="2024-01-16",
            household_size=3,
            household_income="1200",
            product_cost="2400",
            insurance="covered",
            pa_status="denied_after_first_appeal",
        ).as_dict(),
    )


def test_money_and_percent_fields_are_two_place_strings() -> None:
    doc = result(household_income="12345.678", product_cost=999.999).as_dict()
    pap = doc["programs"][0]
    assert (pap["fpl_amount"], pap["income_percent_of_fpl"], pap["income_limit_percent"]) == (
        "21640.00",
        "57.05",
        "600.00",
    )
    assert doc["guideline"]["amount"] == "21640.00"
