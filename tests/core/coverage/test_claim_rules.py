"""Rules stated on the coded claim that small changes to the judge once slipped past: which
Medicare part a setting bills (and so which contractor in Northern Virginia), no ABN modifiers
for Medicare Advantage, and a state mandate that leaves Medicaid out does not bind Medicaid."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.factories import code, edit_codes, on_day, session

MEDICARE = {"type": "medicare"}


@pytest.mark.parametrize(
    ("county", "setting", "jurisdiction"),
    [
        ("Fairfax County", "office", "JL"),  # Part B: Northern Virginia belongs to JL
        ("Fairfax County", "hospital_outpatient", "JM"),  # Part A: the state's contractor
        ("City of Alexandria", "office", "JL"),
        ("City of Alexandria", "hospital_outpatient", "JM"),
        ("Henrico County", "office", "JM"),
        ("Henrico County", "hospital_outpatient", "JM"),
    ],
)
def test_a_hospital_bills_part_a_and_an_office_part_b_in_northern_virginia(
    county: str, setting: str, jurisdiction: str
) -> None:
    result = code(session(facility_state="VA", facility_county=county, setting=setting, payer=MEDICARE))
    assert result["coverage"]["jurisdiction"] == jurisdiction


@pytest.mark.parametrize("abn", [True, False])
def test_medicare_advantage_lines_never_get_ga_or_gz(abn: bool) -> None:
    result = code(
        session(
            facility_state="OH",
            payer={"type": "medicare_advantage", "name": "Synthetic MA"},
            diagnoses=["C34.90"],
            abn_obtained=abn,
        )
    )
    assert result["coverage"]["determination"] == "diagnosis_not_covered"
    assert [line["modifiers"] for line in result["lines"]] == [[] for _ in result["lines"]]
    assert "MODIFIER_ABN" not in edit_codes(result)


@pytest.mark.parametrize(("abn", "modifier"), [(True, "GA"), (False, "GZ")])
def test_medicare_outside_its_policy_puts_the_abn_modifier_on_the_cooling_lines_only(abn: bool, modifier: str) -> None:
    result = code(session(facility_state="OH", payer=MEDICARE, diagnoses=["C34.90"], abn_obtained=abn))
    assert {line["code"]: line["modifiers"] for line in result["lines"]} == {
        "96413": [],
        "97008": [modifier],
        "97009": [modifier],
    }
    assert edit_codes(result).count("MODIFIER_ABN") == 1


OFFSETS = {"NY": "-05:00", "LA": "-06:00"}


def _in(state: str, payer: dict[str, Any]) -> dict[str, Any]:
    return on_day("2026-02-03", OFFSETS[state], facility_state=state, payer=payer, diagnoses=["C50.912", "Z51.11"])


@pytest.mark.parametrize("state", ["NY", "LA"])
def test_a_mandate_that_excludes_medicaid_does_not_bind_medicaid(state: str) -> None:
    medicaid = code(_in(state, {"type": "medicaid", "name": None, "plan_state": state}))
    assert medicaid["coverage"] == {"determination": "unknown", "basis": None, "jurisdiction": None, "source": None}
    assert [e["message"].endswith("does not bind this plan (the law does not include Medicaid)")
            for e in medicaid["edits"] if e["code"] == "STATE_MANDATE_NOT_BINDING"] == [True]  # fmt: skip
    assert "STATE_MANDATE" not in edit_codes(medicaid)
    plan = {"type": "commercial", "name": None, "funding": "fully_insured", "plan_state": state, "group_size": "large"}
    commercial = code(_in(state, plan))
    # the same law does reach a fully insured large-group plan (once renewed after it took effect)
    assert commercial["coverage"]["determination"] == "conditional"
    assert "STATE_MANDATE_NOT_BINDING" not in edit_codes(commercial)
