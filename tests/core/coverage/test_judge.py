"""Coverage judgement by Medicare jurisdiction, payer policy and state mandate."""

from __future__ import annotations

import pytest

from coolclaim import bootstrap
from coolclaim.coverage.jurisdiction import medicare_jurisdiction
from tests.core.factories import code, edit_codes, on_day, session

MEDICARE = {"type": "medicare"}


def test_every_state_dc_and_territory_has_a_jurisdiction() -> None:
    ref = bootstrap.refdata()
    expected = {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "VI",
        "GU",
        "AS",
        "MP",
    }
    assert set(ref.states) == expected
    assert {s.jurisdiction for s in ref.states.values()} == set(ref.jurisdictions)


@pytest.mark.parametrize(
    ("state", "jurisdiction"),
    [
        ("OH", "J15"),
        ("KY", "J15"),
        ("GA", "JJ"),
        ("VA", "JM"),
        ("PA", "JL"),
        ("CA", "JE"),
        ("PR", "JN"),
        ("GU", "JE"),
        ("IA", "J5"),
        ("IL", "J6"),
        ("MI", "J8"),
        ("AK", "JF"),
        ("TX", "JH"),
        ("NY", "JK"),
    ],
)
def test_state_to_jurisdiction(state: str, jurisdiction: str) -> None:
    assert medicare_jurisdiction(bootstrap.refdata(), state, None, "B") == jurisdiction


def test_northern_virginia_part_b_goes_to_jl() -> None:
    ref = bootstrap.refdata()
    assert medicare_jurisdiction(ref, "VA", "Fairfax County", "B") == "JL"
    assert medicare_jurisdiction(ref, "VA", "City of Falls Church", "B") == "JL"
    assert medicare_jurisdiction(ref, "VA", "Fairfax County", "A") == "JM"
    assert medicare_jurisdiction(ref, "VA", "Henrico County", "B") == "JM"


def test_cgs_covers_breast() -> None:
    result = code(session(facility_state="OH", payer=MEDICARE))
    assert result["coverage"]["determination"] == "covered"
    assert result["coverage"]["jurisdiction"] == "J15"
    assert not {"DIAGNOSIS_NOT_COVERED", "COVERAGE_UNKNOWN"} & set(edit_codes(result))


@pytest.mark.parametrize("diagnosis", ["C56.9", "C57.01", "C48.2"])
def test_cgs_covers_gynaecological_sites(diagnosis: str) -> None:
    result = code(session(facility_state="KY", payer=MEDICARE, diagnoses=[diagnosis, "Z51.11"]))
    assert result["coverage"]["determination"] == "covered"


def test_cgs_does_not_cover_lung_or_retroperitoneum() -> None:
    for diagnosis in ("C34.90", "C48.0"):
        result = code(session(facility_state="OH", payer=MEDICARE, diagnoses=[diagnosis]))
        assert "DIAGNOSIS_NOT_COVERED" in edit_codes(result)
        assert result["status"] == "ready"  # a warning, not a block


def test_abn_modifiers_for_medicare_outside_policy() -> None:
    signed = code(session(facility_state="OH", payer=MEDICARE, diagnoses=["C34.90"], abn_obtained=True))
    unsigned = code(session(facility_state="OH", payer=MEDICARE, diagnoses=["C34.90"], abn_obtained=False))
    assert all("GA" in line["modifiers"] for line in signed["lines"] if line["code"].startswith("9700"))
    assert all("GZ" in line["modifiers"] for line in unsigned["lines"] if line["code"].startswith("9700"))
    assert "MODIFIER_ABN" in edit_codes(signed)


def test_palmetto_covers_solid_tumours_from_2023_11_12() -> None:
    covered = code(session(facility_state="GA", payer=MEDICARE, diagnoses=["C34.90"]))
    assert covered["coverage"]["determination"] == "covered"
    assert covered["coverage"]["basis"] == "palmetto-l39573"
    before = code(
        session(
            facility_state="GA",
            payer=MEDICARE,
            diagnoses=["C34.90"],
            cooling_start="2023-11-11T08:00:00-05:00",
            infusion_start="2023-11-11T08:30:00-05:00",
            infusion_end="2023-11-11T10:00:00-05:00",
            cooling_end="2023-11-11T11:30:00-05:00",
        )
    )
    assert "COVERAGE_UNKNOWN" in edit_codes(before)


def test_medicare_advantage_follows_the_jurisdiction() -> None:
    result = code(
        session(
            facility_state="OH",
            payer={"type": "medicare_advantage", "name": "Synthetic MA"},
            diagnoses=["C34.90"],
        )
    )
    assert "DIAGNOSIS_NOT_COVERED" in edit_codes(result)
    assert "ABN" not in next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_NOT_COVERED")["message"]


def test_other_jurisdiction_is_unknown_not_blocked() -> None:
    result = code(
        on_day("2026-02-03", "-06:00", facility_state="TX", facility_timezone="America/Chicago", payer=MEDICARE)
    )
    edit = next(e for e in result["edits"] if e["code"] == "COVERAGE_UNKNOWN")
    assert "JH" in edit["message"] and "NCD 110.6" in edit["message"]
    assert result["status"] == "ready"


def test_payer_policy_not_covered() -> None:
    result = code(session(payer={"type": "commercial", "name": "Aetna Choice POS II"}))
    assert "PAYER_POLICY_NOT_COVERED" in edit_codes(result)
    assert result["coverage"]["determination"] == "not_covered"


def test_unknown_commercial_payer() -> None:
    result = code(session())
    assert "COVERAGE_UNKNOWN" in edit_codes(result)
    assert result["coverage"]["determination"] == "unknown"


def test_new_york_mandate_binds_large_fully_insured_plans() -> None:
    result = code(
        session(
            facility_state="NY",
            cooling_start="2027-02-03T08:00:00-05:00",
            infusion_start="2027-02-03T08:30:00-05:00",
            infusion_end="2027-02-03T10:00:00-05:00",
            cooling_end="2027-02-03T11:30:00-05:00",
            payer__plan_renewal_date="2026-07-01",
        )
    )
    assert "STATE_MANDATE" in edit_codes(result)
    assert result["coverage"]["determination"] == "mandated"


def test_new_york_mandate_in_its_first_year_depends_on_renewal() -> None:
    result = code(session(facility_state="NY"))
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE")
    assert "renewed on or after 2026-01-01" in edit["message"]


def test_new_york_mandate_not_for_small_groups_or_self_funded() -> None:
    small = code(session(facility_state="NY", payer__group_size="small"))
    assert "STATE_MANDATE_NOT_BINDING" in edit_codes(small)
    erisa = code(session(facility_state="NY", payer__funding="self_funded"))
    edit = next(e for e in erisa["edits"] if e["code"] == "STATE_MANDATE_NOT_BINDING")
    assert "self-funded" in edit["message"]


def test_mandate_follows_plan_state_not_facility_state() -> None:
    result = code(session(facility_state="PA", payer__plan_state="NY"))
    assert "STATE_MANDATE" in edit_codes(result)


def test_louisiana_mandate_only_for_guideline_cancers() -> None:
    lung = code(session(facility_state="LA", diagnoses=["C34.90"]))
    assert "STATE_MANDATE_NOT_BINDING" in edit_codes(lung)
    breast = code(session(facility_state="LA"))
    assert "STATE_MANDATE" in edit_codes(breast)


def test_mandates_do_not_apply_before_their_date() -> None:
    result = code(session(facility_state="MD", payer={"type": "medicaid"}))
    assert "STATE_MANDATE" not in edit_codes(result)
    assert "COVERAGE_UNKNOWN" in edit_codes(result)


def test_west_virginia_medicaid_2027_says_unconfirmed() -> None:
    result = code(
        session(
            facility_state="WV",
            payer={"type": "medicaid"},
            cooling_start="2027-03-02T08:00:00-05:00",
            infusion_start="2027-03-02T08:30:00-05:00",
            infusion_end="2027-03-02T10:00:00-05:00",
            cooling_end="2027-03-02T11:30:00-05:00",
        )
    )
    edit = next(e for e in result["edits"] if e["code"] == "STATE_MANDATE")
    assert "not confirmed" in edit["message"]


def test_medicare_is_never_bound_by_a_state_mandate() -> None:
    result = code(session(facility_state="NY", payer=MEDICARE))
    assert not {"STATE_MANDATE", "STATE_MANDATE_NOT_BINDING"} & set(edit_codes(result))
