"""Every edit code of the contract (and coolclaim's own) is produced by the case that needs it."""

from __future__ import annotations

import pytest

from tests.core.factories import code, code_batch, cooling_lines, edit_codes, on_day, session
from tests.requirements import shared


def test_ready_2026_session_has_category_i_lines() -> None:
    result = code(session(cap_fitting=True))
    assert result["status"] == "ready"
    assert result["date_of_service"] == "2026-02-03"
    assert cooling_lines(result) == {"97007": 1, "97008": 1, "97009": 3}
    assert [line["code"] for line in result["lines"]] == ["96413", "97007", "97008", "97009"]


def test_no_code_before_2021_07_01() -> None:
    result = code(on_day("2021-06-30", "-04:00"))
    assert "NO_CODE_FOR_DATE" in edit_codes(result)
    assert result["status"] == "hold"
    assert cooling_lines(result) == {}


def test_first_day_of_category_iii() -> None:
    result = code(on_day("2021-07-01", "-04:00", cap_fitting=True))
    assert cooling_lines(result) == {"0662T": 1, "0663T": 1}
    assert result["status"] == "ready"


def test_last_day_of_category_iii_and_first_of_category_i() -> None:
    assert cooling_lines(code(on_day("2025-12-31"))) == {"0663T": 1}
    assert cooling_lines(code(on_day("2026-01-01"))) == {"97008": 1, "97009": 3}


def test_addon_without_primary_0663t() -> None:
    result = code(on_day("2025-09-16", "-04:00", chemo_admin=[]))
    assert "ADDON_WITHOUT_PRIMARY" in edit_codes(result)
    assert result["status"] == "hold"
    assert cooling_lines(result) == {"0663T": 1}


def test_addon_without_primary_chemo_addon() -> None:
    result = code(session(chemo_admin=[{"code": "96415", "units": 2}]))
    messages = [e["message"] for e in result["edits"] if e["code"] == "ADDON_WITHOUT_PRIMARY"]
    assert messages and "96415" in messages[0] and "96413" in messages[0]


def test_fitting_already_billed_in_the_batch() -> None:
    first = on_day("2026-02-03", cap_fitting=True, session_id="A")
    second = on_day("2026-02-24", cap_fitting=True, session_id="B")
    results = code_batch([second, first])
    assert cooling_lines(results[1]) == {"97007": 1, "97008": 1, "97009": 3}
    assert "FITTING_ALREADY_BILLED" in edit_codes(results[0])
    assert "97007" not in cooling_lines(results[0])
    assert results[0]["status"] == "hold"


def test_times_missing_holds_and_names_the_field() -> None:
    result = code(session(cooling_end=None))
    edit = next(e for e in result["edits"] if e["code"] == "TIMES_MISSING")
    assert "cooling end" in edit["message"]
    assert result["status"] == "hold"
    assert "97009" not in cooling_lines(result)


def test_times_out_of_order() -> None:
    result = code(session(infusion_start="2026-02-03T07:30:00-05:00"))
    assert "TIMES_OUT_OF_ORDER" in edit_codes(result)
    assert result["status"] == "hold"


def test_times_without_offset() -> None:
    result = code(session(cooling_end="2026-02-03T11:30:00"))
    assert "TIMES_NO_OFFSET" in edit_codes(result)
    assert result["status"] == "hold"


def test_post_cooling_remainder_and_units() -> None:
    result = code(on_day("2026-01-14", post_minutes=104))
    assert cooling_lines(result)["97009"] == 3
    edit = next(e for e in result["edits"] if e["code"] == "POST_COOLING_REMAINDER")
    assert edit["message"].startswith("14 minutes")
    assert edit["severity"] == "info"


def test_post_cooling_under_30_minutes_has_no_97009() -> None:
    result = code(on_day("2026-01-21", post_minutes=25))
    assert cooling_lines(result) == {"97008": 1}
    assert "POST_COOLING_REMAINDER" in edit_codes(result)
    assert result["status"] == "ready"


def test_post_cooling_exactly_30_minutes_is_one_unit() -> None:
    result = code(on_day("2026-01-21", post_minutes=30))
    assert cooling_lines(result)["97009"] == 1
    assert "POST_COOLING_REMAINDER" not in edit_codes(result)


def test_post_cooling_long_and_units_above_typical() -> None:
    result = code(on_day("2026-01-21", post_minutes=240))
    codes = edit_codes(result)
    assert "POST_COOLING_LONG" in codes
    assert "UNITS_ABOVE_TYPICAL" in codes
    assert cooling_lines(result)["97009"] == 8
    assert result["status"] == "ready"


def test_documentation_incomplete_lists_what_is_missing() -> None:
    result = code(
        session(
            documentation={
                "order_verified": False,
                "contraindications_screened": True,
                "tolerance_monitored": True,
                "scalp_assessed": True,
            },
            device={"model": "Paxman", "serial": None, "cap_lot": "L1"},
        )
    )
    edit = next(e for e in result["edits"] if e["code"] == "DOCUMENTATION_INCOMPLETE")
    assert "physician order verified" in edit["message"]
    assert "device serial number" in edit["message"]
    assert result["status"] == "hold"


def test_documentation_missing_object_holds() -> None:
    result = code(session(documentation=None))
    assert "DOCUMENTATION_INCOMPLETE" in edit_codes(result)
    assert "DOCUMENTATION_RECOMMENDED" in edit_codes(result)


def test_no_cancer_diagnosis() -> None:
    result = code(session(diagnoses=["Z51.11", "L65.9"]))
    assert "NO_CANCER_DIAGNOSIS" in edit_codes(result)
    assert result["status"] == "hold"


@pytest.mark.parametrize(
    "diagnosis",
    [
        "C92.00",
        "C71.9",
        "C79.31",
        "C01",
        "C32.9",
        "C43.4",
        "C44.41",
        "C4A.4",
        "C79.2",
        "D59.12",
        "D89.1",
        "L50.2",
    ],
)
def test_contraindicated_diagnoses(diagnosis: str) -> None:
    result = code(session(diagnoses=["C50.912", diagnosis]))
    assert "CONTRAINDICATED_DIAGNOSIS" in edit_codes(result)
    assert result["status"] == "hold"


@pytest.mark.parametrize("diagnosis", ["C50.912", "C56.1", "C57.00", "C48.1", "C34.90", "C7A.00", "C18.9"])
def test_solid_tumours_are_not_contraindicated(diagnosis: str) -> None:
    assert "CONTRAINDICATED_DIAGNOSIS" not in edit_codes(code(session(diagnoses=[diagnosis])))


def test_em_separately_identifiable_gets_modifier_25() -> None:
    result = code(session(em_visit={"code": "99214", "separately_identifiable": True}))
    em = result["lines"][0]
    assert em == {"code": "99214", "modifiers": ["25"], "units": 1, "diagnosis_pointers": [1]}


def test_em_not_separate_is_not_billed() -> None:
    result = code(session(em_visit={"code": "99214", "separately_identifiable": False}))
    assert "EM_NOT_SEPARATE" in edit_codes(result)
    assert all(line["code"] != "99214" for line in result["lines"])


def test_course_sessions_review_for_medicare_from_session_9() -> None:
    records = [
        on_day(
            f"2026-{month:02d}-{day:02d}",
            session_id=f"S{i}",
            facility_state="OH",
            payer={"type": "medicare"},
        )
        for i, (month, day) in enumerate(
            [(2, 3), (2, 10), (2, 17), (2, 24), (3, 3), (3, 10), (3, 17), (3, 24), (3, 31), (4, 7)],
            start=1,
        )
    ]
    results = code_batch(records)
    flagged = [r["session_id"] for r in results if "COURSE_SESSIONS_REVIEW" in edit_codes(r)]
    assert flagged == ["S9", "S10"]
    assert [r["course_session_number"] for r in results] == list(range(1, 11))


def test_course_review_not_for_commercial() -> None:
    records = [on_day("2026-02-03", session_id=f"S{i}") for i in range(10)]
    for i, r in enumerate(records):
        r["cooling_start"] = f"2026-02-03T08:{i:02d}:00-05:00"
    assert not any("COURSE_SESSIONS_REVIEW" in edit_codes(r) for r in code_batch(records))


def test_chemo_admin_missing_for_97008() -> None:
    result = code(session(chemo_admin=[]))
    assert "CHEMO_ADMIN_MISSING" in edit_codes(result)
    assert result["status"] == "ready"


def test_opps_packaged_on_hospital_outpatient() -> None:
    result = code(on_day("2025-03-04", setting="hospital_outpatient", cap_fitting=True))
    packaged = [e for e in result["edits"] if e["code"] == "OPPS_PACKAGED"]
    assert len(packaged) == 1 and "0663T" in packaged[0]["message"]
    assert all(line["revenue_code"] == "0761" for line in result["lines"] if line["code"] in ("0662T", "0663T"))
    assert next(line for line in result["lines"] if line["code"] == "96413")["revenue_code"] == "0335"


def test_opps_packaged_2026_says_unverified() -> None:
    result = code(session(setting="hospital_outpatient"))
    messages = [e["message"] for e in result["edits"] if e["code"] == "OPPS_PACKAGED"]
    assert len(messages) == 2
    assert all("unverified" in m for m in messages)


def test_office_lines_have_no_revenue_code() -> None:
    assert all("revenue_code" not in line for line in code(session())["lines"])


def test_pediatric_patient() -> None:
    result = code(session(patient_birth_date="2010-02-04"))
    edit = next(e for e in result["edits"] if e["code"] == "PEDIATRIC_PATIENT")
    assert "15" in edit["message"]


def test_eighteenth_birthday_is_adult() -> None:
    assert "PEDIATRIC_PATIENT" not in edit_codes(code(session(patient_birth_date="2008-02-03")))


def test_code_deleted_when_category_iii_is_forced_after_2025() -> None:
    result = code(session(cap_fitting=True), code_family="category_iii")
    assert cooling_lines(result) == {"0662T": 1, "0663T": 1}
    assert edit_codes(result).count("CODE_DELETED") == 2
    assert result["status"] == "hold"


def test_category_iii_after_2025_allowed_by_setting() -> None:
    result = code(session(), code_family="category_iii", category_iii_after_2025="allowed")
    assert cooling_lines(result) == {"0663T": 1}
    assert "CATEGORY_III_AFTER_2025" in edit_codes(result)
    assert result["status"] == "ready"


def test_legacy_codes_are_recognised_and_not_billed() -> None:
    result = code(session(chemo_admin=[{"code": "96413"}, {"code": "A9273"}]))
    assert "LEGACY_CODE" in edit_codes(result)
    assert all(line["code"] != "A9273" for line in result["lines"])


def test_unrecognised_chemo_code_is_billed_with_warning() -> None:
    result = code(session(chemo_admin=[{"code": "96413"}, {"code": "96401"}]))
    assert "CHEMO_CODE_UNRECOGNISED" in edit_codes(result)
    assert any(line["code"] == "96401" for line in result["lines"])


def test_diagnosis_order_warning() -> None:
    result = code(session(diagnoses=["Z51.11", "C50.912"]))
    assert "DIAGNOSIS_ORDER" in edit_codes(result)
    assert cooling_lines(result)
    assert result["lines"][-1]["diagnosis_pointers"] == [1, 2]


def test_more_than_12_diagnoses() -> None:
    many = ["C50.912", "Z51.11"] + [f"E11.{i}" for i in range(0, 10)] + ["I10", "E78.5"]
    result = code(session(diagnoses=[d.replace("E11.", "E11.6") for d in many]))
    assert "DIAGNOSES_OVER_12" in edit_codes(result)
    assert len(result["diagnoses"]) == 12


def test_pointers_at_most_four() -> None:
    result = code(session(diagnoses=["C50.912", "C77.3", "C78.00", "C79.51", "C79.52", "Z51.11"]))
    assert result["lines"][-1]["diagnosis_pointers"] == [1, 2, 3, 4]


def test_taxane_anthracycline_same_day() -> None:
    assert "TAXANE_ANTHRACYCLINE_SAME_DAY" in edit_codes(code(session(regimen="TAC")))
    assert "TAXANE_ANTHRACYCLINE_SAME_DAY" not in edit_codes(code(session(regimen="TC")))


def test_duplicate_session_in_batch() -> None:
    results = code_batch([session(), session()])
    assert "DUPLICATE_SESSION" not in edit_codes(results[0])
    assert "DUPLICATE_SESSION" in edit_codes(results[1])
    assert results[1]["status"] == "hold"


def test_unverified_settings_are_named_in_the_output() -> None:
    result = code(session(cap_fitting=True))
    edit = next(e for e in result["edits"] if e["code"] == "UNVERIFIED_SETTINGS")
    assert "category_iii_after_2025=deleted" in edit["message"]
    assert "fitting_97007_frequency=per_course" in edit["message"]
    assert "UNVERIFIED_SETTINGS" not in edit_codes(code(on_day("2025-05-06", "-04:00")))


def test_midpoint_setting_counts_a_started_unit_and_says_so() -> None:
    full = code(on_day("2026-01-14", post_minutes=104))
    midpoint = code(on_day("2026-01-14", post_minutes=104), units_97009="midpoint")
    assert cooling_lines(full)["97009"] == 3
    assert cooling_lines(midpoint)["97009"] == 3  # 14 minutes left: under the midpoint
    later = code(on_day("2026-01-14", post_minutes=106), units_97009="midpoint")
    assert cooling_lines(later)["97009"] == 4  # 16 minutes left: past the midpoint
    assert "units_97009=midpoint" in next(e for e in later["edits"] if e["code"] == "UNVERIFIED_SETTINGS")["message"]


def test_self_pay_keeps_lines_without_a_claim() -> None:
    result = code(session(payer={"type": "self_pay"}, cap_fitting=True))
    assert result["status"] == "self_pay"
    assert cooling_lines(result) == {"97007": 1, "97008": 1, "97009": 3}
    assert result["coverage"]["determination"] == "not_applicable"


def test_every_edit_has_a_source_and_a_message() -> None:
    result = code(
        session(
            documentation=None,
            diagnoses=["C92.00"],
            chemo_admin=[],
            cooling_end=None,
            em_visit={"code": "99213", "separately_identifiable": False},
        )
    )
    assert len(result["edits"]) >= 6
    for edit in result["edits"]:
        assert edit["source"].strip() and edit["message"].strip()
        assert "{" not in edit["message"] and "{" not in edit["source"]


def test_every_catalogued_edit_is_exercised_by_a_test() -> None:
    """Each edit code in refdata/data/edits.yaml appears in an assertion of the core tests."""
    from pathlib import Path

    from coolclaim import bootstrap

    here = Path(__file__).resolve().parents[1]  # tests/core
    text = "".join(p.read_text() for p in here.rglob("test_*.py") if p.name != "test_edits.py")
    import inspect

    text += Path(__file__).read_text().replace(inspect.getsource(test_every_catalogued_edit_is_exercised_by_a_test), "")
    missing = [code for code in bootstrap.refdata().edits if f'"{code}"' not in text]
    assert not missing, f"edit codes without a test: {missing}"


def test_contract_copy_matches_shared() -> None:
    """tests/contracts holds the same schemas as ../shared/contracts (when it is beside us)."""
    from pathlib import Path

    contracts = shared("contracts")
    for name in ("session.schema.json", "coded-session.schema.json"):
        assert (Path(__file__).resolve().parents[2] / "contracts" / name).read_text() == (contracts / name).read_text()


def test_truncated_diagnosis_is_not_billable() -> None:
    result = code(session(diagnoses=["C50.9", "Z51.11"]))
    edit = next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_NOT_BILLABLE")
    assert "C50.9" in edit["message"] and "breast" in edit["message"].lower()
    assert result["status"] == "hold"


def test_diagnosis_missing_from_the_code_set() -> None:
    result = code(session(diagnoses=["C50.999", "Z51.11"]))
    edit = next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_UNKNOWN")
    assert "C50.999" in edit["message"] and "FY2026" in edit["message"]
    assert "ICD-10-CM" in edit["source"]
    assert result["status"] == "hold"


@pytest.mark.parametrize("listed", ["97008", "0663T", "99214"])
def test_cooling_or_em_code_in_chemo_admin_is_not_billed_twice(listed: str) -> None:
    result = code(session(chemo_admin=[{"code": "96413"}, {"code": listed}]))
    assert "CODE_NOT_CHEMO_ADMIN" in edit_codes(result)
    assert [line["code"] for line in result["lines"]].count(listed) == (1 if listed == "97008" else 0)
