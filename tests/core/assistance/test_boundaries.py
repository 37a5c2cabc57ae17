"""The screening contract's boundaries: 600% exactly, 50% exactly, the guideline year, AK/HI, sizes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.assistance.factories import result, unmet

# 2026, 48 states + DC: 15,960 + 5,680 per extra person (domain §3)
SIX_HUNDRED_2026_H2 = Decimal("129840.00")  # 6 × 21,640


def test_income_exactly_600_percent_qualifies_by_income() -> None:
    res = result(household_income="129840.00")
    pap = res.program("manufacturer_pap")
    assert (pap.eligible, pap.route) == (True, "income")
    assert pap.reason("INCOME_WITHIN_600").met is True
    assert pap.as_dict()["income_percent_of_fpl"] == "600.00"
    assert pap.as_dict()["fpl_amount"] == "21640.00"
    assert pap.as_dict()["income_limit_amount"] == "129840.00"


def test_one_cent_over_600_percent_does_not_qualify() -> None:
    res = result(household_income="129840.01")
    pap = res.program("manufacturer_pap")
    assert (pap.eligible, pap.route) == (False, None)
    assert unmet(res) == ["INCOME_WITHIN_600", "HARDSHIP_WAIVER"]
    # the shown percentage rounds to 600.00, the message shows why it fails
    assert pap.as_dict()["income_percent_of_fpl"] == "600.00"
    assert pap.reason("INCOME_WITHIN_600").message == (
        "Household income $129,840.01 is above 600% of the 2026 HHS poverty guideline for a household of 2 "
        "($129,840.00; 100% = $21,640.00)."
    )


def test_income_as_json_number_is_exact_too() -> None:
    assert result(household_income=129840).program("manufacturer_pap").eligible is True
    assert result(household_income=129840.01).program("manufacturer_pap").eligible is False


def test_cost_exactly_half_of_income_does_not_trigger_hardship() -> None:
    res = result(household_size=1, household_income="120000", product_cost="60000.00")
    pap = res.program("manufacturer_pap")
    assert pap.reason("HARDSHIP_WAIVER").met is False
    assert (pap.eligible, pap.route) == (False, None)
    assert pap.reason("HARDSHIP_WAIVER").message == (
        "The cost $60,000.00 is not more than 50% of household income ($60,000.00); the hardship waiver does not apply."
    )


def test_cost_one_cent_over_half_of_income_triggers_hardship() -> None:
    res = result(household_size=1, household_income="120000", product_cost="60000.01")
    pap = res.program("manufacturer_pap")
    assert pap.reason("HARDSHIP_WAIVER").met is True
    assert pap.reason("INCOME_WITHIN_600").met is False
    assert (pap.eligible, pap.route) == (True, "hardship")


def test_income_route_wins_when_both_qualify() -> None:
    res = result(household_income="1000", product_cost="2400")
    pap = res.program("manufacturer_pap")
    assert [pap.reason("INCOME_WITHIN_600").met, pap.reason("HARDSHIP_WAIVER").met] == [True, True]
    assert pap.route == "income"


def test_zero_income_zero_cost() -> None:
    res = result(household_income="0", product_cost="0")
    pap = res.program("manufacturer_pap")
    assert (pap.eligible, pap.route) == (True, "income")
    assert pap.reason("HARDSHIP_WAIVER").met is False
    assert pap.as_dict()["income_percent_of_fpl"] == "0.00"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        ("2023-01-11", 2022),  # 2023 notice effective 2023-01-12 (FR 2023-00885)
        ("2023-01-12", 2023),
        ("2025-01-14", 2024),  # 2025 notice effective 2025-01-15 (FR 2025-01377)
        ("2025-01-15", 2025),
        ("2025-12-31", 2025),
        ("2026-01-01", 2025),
        ("2026-01-12", 2025),  # 2026 notice effective 2026-01-13 (FR 2026-00755)
        ("2026-01-13", 2026),
    ],
)
def test_guideline_year_changes_in_january_at_the_effective_date(day: str, year: int) -> None:
    res = result(application_date=day)
    assert res.guideline.year == year
    assert res.program("manufacturer_pap").fpl_year == year
    assert [n.code for n in res.notes] == ["HAIRTOSTAY_INCOME_LIMIT"]


def test_guideline_amount_changes_with_the_year() -> None:
    before = result(application_date="2026-01-12", household_income="129840.00")
    after = result(application_date="2026-01-13", household_income="129840.00")
    assert before.program("manufacturer_pap").as_dict()["fpl_amount"] == "21150.00"  # 15,650 + 5,500
    assert before.program("manufacturer_pap").eligible is False
    assert after.program("manufacturer_pap").eligible is True


@pytest.mark.parametrize(
    ("day", "setting", "year", "noted"),
    [
        # 2024: effective date unknown; published 2024-01-17 (89 FR 2961)
        ("2024-01-16", "publication_date", 2023, True),
        ("2024-01-17", "publication_date", 2024, False),
        ("2024-01-01", "january_1", 2024, True),
        ("2023-12-31", "january_1", 2023, False),
        ("2024-01-17", "january_1", 2024, False),
        ("2022-06-01", "publication_date", 2022, False),
    ],
)
def test_unknown_effective_date_is_a_noted_setting(day: str, setting: str, year: int, noted: bool) -> None:
    res = result({"fpl_switch_when_effective_date_unknown": setting}, application_date=day)
    assert res.guideline.year == year
    codes = [n.code for n in res.notes]
    assert ("FPL_EFFECTIVE_DATE_UNKNOWN" in codes) is noted
    if year in (2022, 2024):
        assert res.guideline.effective is None
        assert res.guideline.effective_source.startswith("date unknown")
    if noted:
        note = next(n for n in res.notes if n.code == "FPL_EFFECTIVE_DATE_UNKNOWN")
        assert (note.setting, note.value) == ("fpl_switch_when_effective_date_unknown", setting)


def test_a_date_after_the_newest_table_is_noted_as_possibly_stale() -> None:
    res = result(application_date="2027-03-01")
    assert res.guideline.year == 2026
    assert [n.code for n in res.notes] == ["FPL_TABLE_MAY_BE_STALE", "HAIRTOSTAY_INCOME_LIMIT"]


@pytest.mark.parametrize(
    ("state", "day", "size", "amount", "table"),
    [
        ("AK", "2026-05-04", 1, "19950.00", "alaska"),
        ("AK", "2026-05-04", 2, "27050.00", "alaska"),
        ("HI", "2026-05-04", 1, "18360.00", "hawaii"),
        ("HI", "2026-05-04", 3, "31420.00", "hawaii"),
        ("AK", "2023-06-01", 2, "24640.00", "alaska"),
        ("HI", "2022-06-01", 2, "21060.00", "hawaii"),
        ("AK", "2024-06-01", 4, "39000.00", "alaska"),
        ("DC", "2026-05-04", 1, "15960.00", "contiguous"),
    ],
)
def test_alaska_and_hawaii_have_their_own_tables(state: str, day: str, size: int, amount: str, table: str) -> None:
    res = result(state=state, application_date=day, household_size=size)
    assert res.guideline.table == table
    assert res.program("manufacturer_pap").as_dict()["fpl_amount"] == amount
    assert res.program("hairtostay").as_dict()["fpl_amount"] == amount


def test_alaska_at_600_percent_qualifies_and_one_cent_more_does_not() -> None:
    # 2026 Alaska, household of 3: 19,950 + 2 × 7,100 = 34,150; × 6 = 204,900
    assert result(state="AK", household_size=3, household_income="204900").program("manufacturer_pap").eligible
    over = result(state="AK", household_size=3, household_income="204900.01")
    assert over.program("manufacturer_pap").eligible is False


def test_hawaii_differs_from_ohio_at_the_same_income() -> None:
    # 2026 household of 1: Ohio 600% = 95,760; Hawaii 600% = 110,160
    assert result(household_size=1, household_income="100000").program("manufacturer_pap").eligible is False
    assert result(state="HI", household_size=1, household_income="100000").program("manufacturer_pap").eligible


def test_unverified_2025_alaska_and_hawaii_increments_are_noted() -> None:
    for state in ("AK", "HI"):
        res = result(state=state, application_date="2025-06-01", household_size=2)
        assert [n.code for n in res.notes] == ["FPL_AMOUNT_UNVERIFIED", "HAIRTOSTAY_INCOME_LIMIT"]
        alone = result(state=state, application_date="2025-06-01", household_size=1)
        assert [n.code for n in alone.notes] == ["HAIRTOSTAY_INCOME_LIMIT"]
    ohio = result(application_date="2025-06-01", household_size=2)
    assert [n.code for n in ohio.notes] == ["HAIRTOSTAY_INCOME_LIMIT"]


@pytest.mark.parametrize(
    ("size", "amount"),
    [(1, "15960.00"), (2, "21640.00"), (8, "55720.00"), (9, "61400.00"), (12, "78440.00")],
)
def test_household_sizes_one_to_eight_and_beyond(size: int, amount: str) -> None:
    res = result(household_size=size)
    assert res.program("manufacturer_pap").as_dict()["fpl_amount"] == amount
    assert res.guideline.household_size == size


@pytest.mark.parametrize("state", ["PR", "GU", "VI", "AS", "MP"])
def test_territories_use_the_setting_and_say_so(state: str) -> None:
    res = result(state=state)
    assert res.guideline.table == "contiguous"
    note = res.notes[0]
    assert (note.code, note.setting, note.value) == ("FPL_TABLE_TERRITORY", "fpl_table_territories", "contiguous")
    assert "fpl_table_territories=contiguous (default, confidence U)" in note.message
    hawaii = result({"fpl_table_territories": "hawaii"}, state=state)
    assert hawaii.guideline.table == "hawaii"
    assert "fpl_table_territories=hawaii (overridden; default contiguous, confidence U)" in hawaii.notes[0].message


@pytest.mark.parametrize(
    ("setting", "income", "eligible"),
    [("400", "86560.00", True), ("400", "86560.01", False), ("300", "64920.00", True), ("300", "64920.01", False)],
)
def test_hairtostay_income_limit_is_a_setting(setting: str, income: str, eligible: bool) -> None:
    res = result({"hairtostay_income_limit_percent": setting}, household_income=income)
    hts = res.program("hairtostay")
    assert hts.eligible is eligible
    assert hts.as_dict()["income_limit_percent"] == f"{setting}.00"
    assert res.notes[-1].value == int(setting)
