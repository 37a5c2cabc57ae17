"""Issue 7 class 6: only chemotherapy administration codes are primaries of the cooling codes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim import bootstrap
from tests.core.factories import code, edit_codes, on_day, session

NON_CHEMO = ["96360", "96361", "96365", "96366", "96367", "96368", "96374", "96375"]


def test_chemo_roles_are_data() -> None:
    codes = bootstrap.refdata().codes
    assert {c: codes[c].role for c in ("96409", "96411", "96413", "96415", "96416", "96417")} == {
        "96409": "chemo_first",
        "96411": "chemo_push_addon",
        "96413": "chemo_first",
        "96415": "chemo_addon",
        "96416": "chemo_prolonged",
        "96417": "chemo_addon",
    }
    assert bootstrap.code_roles().chemo_administration == frozenset(
        {"96409", "96411", "96413", "96415", "96416", "96417"}
    )


@pytest.mark.parametrize("hydration", NON_CHEMO)
def test_hydration_and_therapeutic_infusions_do_not_satisfy_chemo_admin_missing(hydration: str) -> None:
    result = code(session(chemo_admin=[{"code": hydration, "units": 1}]))
    assert "CHEMO_ADMIN_MISSING" in edit_codes(result)
    assert "NOT_CHEMOTHERAPY_ADMINISTRATION" in edit_codes(result)
    assert result["lines"][0]["code"] == hydration


def test_hydration_is_not_a_primary_of_0663t() -> None:
    result = code(on_day("2025-03-04", chemo_admin=[{"code": "96365", "units": 1}]))
    assert "ADDON_WITHOUT_PRIMARY" in edit_codes(result)
    assert result["status"] == "hold"


def test_drug_codes_are_never_administration_lines() -> None:
    result = code(session(chemo_admin=[{"code": "96413"}, {"code": "J9267", "units": 30}]))
    assert "J9267" not in [line["code"] for line in result["lines"]]
    edit = next(e for e in result["edits"] if e["code"] == "DRUG_CODE_NOT_ADMINISTRATION")
    assert edit["message"].startswith("J9267 is a drug code (HCPCS J-code)")
    only_drug = code(session(chemo_admin=[{"code": "J9267"}]))
    assert "CHEMO_ADMIN_MISSING" in edit_codes(only_drug)


@settings(deadline=None, max_examples=30)
@given(st.lists(st.sampled_from(["96413", "96415", "96360", "96365", "J9267", "J1100"]), max_size=5))
def test_chemo_admin_missing_exactly_when_no_chemotherapy_administration(codes: list[str]) -> None:
    result = code(session(chemo_admin=[{"code": c} for c in codes]))
    has_chemo = any(c in ("96413", "96415") for c in codes)
    assert ("CHEMO_ADMIN_MISSING" in edit_codes(result)) is (not has_chemo)
    assert not any(line["code"].startswith("J") for line in result["lines"])


def test_units_above_one_for_an_initial_service_warn() -> None:
    result = code(session(chemo_admin=[{"code": "96413", "units": 2}]))
    edit = next(e for e in result["edits"] if e["code"] == "CHEMO_INITIAL_UNITS")
    assert edit["severity"] == "warning"
    assert "CHEMO_INITIAL_UNITS" not in edit_codes(
        code(session(chemo_admin=[{"code": "96413"}, {"code": "96415", "units": 3}]))
    )


def test_cooling_add_on_on_another_date_than_its_primary_warns() -> None:
    record = session(
        cooling_start="2026-02-03T23:30:00-05:00",
        infusion_start="2026-02-04T00:10:00-05:00",
        infusion_end="2026-02-04T01:00:00-05:00",
        cooling_end="2026-02-04T02:00:00-05:00",
    )
    result = code(record)
    edit = next(e for e in result["edits"] if e["code"] == "ADDON_DATE_DIFFERS")
    assert edit["message"].startswith(
        "The scalp-cooling lines are dated 2026-02-03 but the infusion they accompany started on 2026-02-04"
    )
