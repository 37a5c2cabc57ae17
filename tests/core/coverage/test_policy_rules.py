"""Issue 7 class 3: covered needs a covered malignant diagnosis on the claim and no
contraindication the policy names; otherwise not covered, with GA/GZ for Medicare."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.factories import code, cooling_lines, edit_codes, on_day

MEDICARE: dict[str, Any] = {"type": "medicare", "name": None, "funding": None, "plan_state": None, "group_size": None}


def georgia(diagnoses: list[str], abn: bool | None = None) -> dict[str, Any]:
    """A Medicare office session in Georgia (Palmetto LCD L39573: solid tumours)."""
    return on_day("2026-02-03", facility_state="GA", payer=MEDICARE, diagnoses=diagnoses, abn_obtained=abn)


def test_solid_tumour_is_covered() -> None:
    result = code(georgia(["C50.912", "Z51.11"]))
    assert result["coverage"]["determination"] == "covered"


@pytest.mark.parametrize("in_situ_or_benign", ["D05.11", "D24.1", "D27.0"])
def test_in_situ_or_benign_is_not_covered(in_situ_or_benign: str) -> None:
    result = code(georgia([in_situ_or_benign, "Z51.11"], abn=True))
    assert result["coverage"]["determination"] == "diagnosis_not_covered"
    assert "DIAGNOSIS_NOT_COVERED" in edit_codes(result)
    assert all(line["modifiers"] == ["GA"] for line in result["lines"] if line["code"].startswith("970"))


@pytest.mark.parametrize(("contraindicated", "modifier", "abn"), [("C43.4", "GZ", False), ("C71.9", "GA", True)])
def test_a_contraindication_the_policy_names_is_not_covered(contraindicated: str, modifier: str, abn: bool) -> None:
    result = code(georgia(["C50.912", contraindicated, "Z51.11"], abn=abn))
    assert result["coverage"]["determination"] == "diagnosis_not_covered"
    edit = next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_EXCLUDED_BY_POLICY")
    assert edit["message"].startswith("Palmetto GBA LCD L39573 Scalp Cooling does not cover scalp cooling with ")
    assert "MODIFIER_ABN" in edit_codes(result)
    cooling = [line for line in result["lines"] if line["code"] in cooling_lines(result)]
    assert cooling and all(line["modifiers"] == [modifier] for line in cooling)


def test_haematological_malignancy_is_not_covered() -> None:
    result = code(georgia(["C91.00", "Z51.11"]))
    assert result["coverage"]["determination"] == "diagnosis_not_covered"
    assert "CONTRAINDICATED_DIAGNOSIS" in edit_codes(result)
