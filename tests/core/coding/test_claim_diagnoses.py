"""Issue 7 classes 1 and 2: the claim's diagnoses are what counts; codes judged by fiscal year."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.coding.diagnoses import fiscal_year
from tests.core.factories import code, edit_codes, on_day, session

FILLER = ["Z51.11", "E11.9", "I10", "E78.5", "K21.9", "J45.909", "M54.50", "F41.9", "N39.0", "R53.83", "G47.00"]


def test_a_cancer_beyond_the_twelfth_holds_and_says_which_code_to_move() -> None:
    result = code(session(diagnoses=[*FILLER, "D64.9", "C50.912"]))
    edit = next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_BEYOND_CLAIM")
    assert edit["message"].startswith("The cancer diagnosis C50.912 is number 13 in the list")
    assert "NO_CANCER_DIAGNOSIS" not in edit_codes(result)
    assert result["status"] == "hold"
    assert len(result["diagnoses"]) == 12
    assert "C50.912" not in result["diagnoses"]


def test_a_contraindication_beyond_the_twelfth_is_not_judged() -> None:
    result = code(session(diagnoses=["C50.912", *FILLER, "C91.00"]))
    assert "CONTRAINDICATED_DIAGNOSIS" not in edit_codes(result)
    assert "DIAGNOSES_OVER_12" in edit_codes(result)


def test_repeated_codes_are_sent_once_with_a_note() -> None:
    result = code(session(diagnoses=["C50.912", "c50912", "Z51.11", "Z5111"]))
    assert result["diagnoses"] == ["C50.912", "Z51.11"]
    edit = next(e for e in result["edits"] if e["code"] == "DIAGNOSIS_REPEATED")
    assert edit["message"] == "C50.912, Z51.11 was listed more than once; the claim carries each diagnosis once"
    assert result["status"] == "ready"


def test_repeats_do_not_push_a_needed_code_off_the_claim() -> None:
    result = code(session(diagnoses=[*(["Z51.11"] * 12), "C50.912"]))
    assert result["diagnoses"] == ["Z51.11", "C50.912"]
    assert "DIAGNOSIS_BEYOND_CLAIM" not in edit_codes(result)


@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.sampled_from(["C50.912", "Z51.11", "C91.00", "I10", "E11.9", "D05.11", "C56.9"]), min_size=1, max_size=20
    )
)
def test_claim_diagnoses_are_unique_at_most_twelve_and_keep_their_order(codes: list[str]) -> None:
    result = code(session(diagnoses=codes))
    unique = list(dict.fromkeys(codes))
    assert result["diagnoses"] == unique[:12]
    for line in result["lines"]:
        assert all(1 <= p <= len(result["diagnoses"]) for p in line["diagnosis_pointers"])


def test_fiscal_year_starts_on_the_first_of_october() -> None:
    assert fiscal_year(date(2025, 9, 30)) == 2025
    assert fiscal_year(date(2025, 10, 1)) == 2026


def test_a_code_is_judged_against_its_own_years_set() -> None:
    # C50.A0 (malignant neoplasm of other site of breast) was added on 2025-10-01 (FY2026).
    fy2026 = code(on_day("2025-11-04", diagnoses=["C50.A0", "Z51.11"]))
    assert "DIAGNOSIS_UNKNOWN" not in edit_codes(fy2026)
    fy2025 = code(on_day("2025-09-02", "-04:00", diagnoses=["C50.A0", "Z51.11"]))
    edit = next(e for e in fy2025["edits"] if e["code"] == "DIAGNOSIS_UNKNOWN")
    assert edit["message"] == "C50.A0 is not an ICD-10-CM code (checked against the FY2025 code set)"
    assert "FY2025" in edit["source"]


def test_a_year_without_a_loaded_set_says_so_instead_of_judging() -> None:
    result = code(on_day("2020-03-07", diagnoses=["C50.A0", "Z51.11"]))
    edit = next(e for e in result["edits"] if e["code"] == "ICD10CM_YEAR_NOT_LOADED")
    assert edit["severity"] == "warning"
    assert edit["message"].startswith("The ICD-10-CM code set of FY2020 (2019-10-01 to 2020-09-30) is not loaded")
    assert "DIAGNOSIS_UNKNOWN" not in edit_codes(result)


def test_every_year_from_fy2021_is_loaded() -> None:
    for day in ("2021-03-02", "2022-03-01", "2023-03-07", "2024-03-05", "2025-03-04", "2026-03-03"):
        assert "ICD10CM_YEAR_NOT_LOADED" not in edit_codes(code(on_day(day))), day


def test_a_code_added_in_fy2022_is_unknown_before_it() -> None:
    # C56.3 (malignant neoplasm of bilateral ovaries) was added on 2021-10-01 (FY2022).
    fy2022 = code(on_day("2021-10-12", "-04:00", diagnoses=["C56.3", "Z51.11"]))
    assert "DIAGNOSIS_UNKNOWN" not in edit_codes(fy2022)
    fy2021 = code(on_day("2021-09-14", "-04:00", diagnoses=["C56.3", "Z51.11"]))
    edit = next(e for e in fy2021["edits"] if e["code"] == "DIAGNOSIS_UNKNOWN")
    assert edit["message"] == "C56.3 is not an ICD-10-CM code (checked against the FY2021 code set)"


def test_a_code_deleted_in_fy2025_is_valid_in_fy2024() -> None:
    # C86.0 (extranodal NK/T-cell lymphoma, nasal type) was expanded to C86.00-C86.0A on 2024-10-01.
    fy2024 = code(on_day("2024-09-10", "-04:00", diagnoses=["C50.912", "C86.0"]))
    assert "DIAGNOSIS_UNKNOWN" not in edit_codes(fy2024)
    assert "DIAGNOSIS_NOT_BILLABLE" not in edit_codes(fy2024)
    fy2025 = code(on_day("2024-10-08", "-04:00", diagnoses=["C50.912", "C86.0"]))
    edit = next(e for e in fy2025["edits"] if e["code"] == "DIAGNOSIS_NOT_BILLABLE")
    assert edit["message"].startswith("C86.0 ")
    assert fy2025["status"] == "hold"


def test_a_code_of_an_april_update_the_set_lacks_warns_instead_of_holding() -> None:
    # D13.91 (familial adenomatous polyposis) is not in the FY2023 set (the October 2022
    # release: the set lacks the 2023-04-01 update) but is in FY2024's.
    before_april = code(on_day("2023-02-07", diagnoses=["C50.912", "D13.91"]))
    assert "DIAGNOSIS_UNKNOWN" in edit_codes(before_april)
    assert before_april["status"] == "hold"
    from_april = code(on_day("2023-05-09", "-04:00", diagnoses=["C50.912", "D13.91"]))
    assert "DIAGNOSIS_UNKNOWN" not in edit_codes(from_april)
    edit = next(e for e in from_april["edits"] if e["code"] == "DIAGNOSIS_APRIL_UPDATE_NOT_LOADED")
    assert edit["severity"] == "warning"
    assert edit["message"] == (
        "D13.91 is not in coolclaim's FY2023 ICD-10-CM set, which lacks the codes CMS added on 2023-04-01, "
        "but it is in FY2024: check that it was valid on the date of service"
    )
    # A code in neither year is still unknown from April.
    nowhere = code(on_day("2023-05-09", "-04:00", diagnoses=["C50.912", "C50.99"]))
    assert "DIAGNOSIS_UNKNOWN" in edit_codes(nowhere)
