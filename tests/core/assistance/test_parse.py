"""Bad input: every bad field named, nothing screened."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from coolclaim.assistance import InvalidApplication, parse_application
from tests.core.assistance.factories import BASE, application, reference


def errors_of(raw: Any, **settings: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidApplication) as caught:
        parse_application(raw, reference(**settings))
    return [(e.field, e.message) for e in caught.value.errors]


def fields_of(raw: Any, **settings: str) -> list[str]:
    return [field for field, _ in errors_of(raw, **settings)]


def test_a_valid_application_parses_to_exact_types() -> None:
    app = parse_application(application(household_income=52000.5, product_cost="2400.00"), reference())
    assert app.application_date == date(2026, 5, 4)
    assert app.household_income == Decimal("52000.5")
    assert app.product_cost == Decimal("2400.00")
    assert (app.state, app.household_size, app.insurance, app.pa_status) == ("OH", 2, "none", None)


def test_pa_status_may_be_left_out_and_state_is_case_insensitive() -> None:
    raw = application(state=" oh ")
    del raw["pa_status"]
    app = parse_application(raw, reference())
    assert (app.state, app.pa_status) == ("OH", None)


def test_unknown_fields_are_ignored() -> None:
    assert parse_application(application(case_id="H-17"), reference()).state == "OH"


def test_every_bad_field_is_named_at_once() -> None:
    raw = {
        "application_date": "04/05/2026",
        "state": "XX",
        "us_physical_address": "true",
        "household_size": 0,
        "household_income": "-1.00",
        "product_cost": "NaN",
        "insurance": "medicare",
        "pa_status": "maybe",
        "on_label_diagnosis": 1,
        "prescription": "yes",
        "facility_contracted": None,
    }
    assert fields_of(raw) == list(BASE)


def test_missing_fields_are_each_named() -> None:
    assert errors_of({}) == [(field, "is required") for field in BASE if field != "pa_status"]


def test_not_an_object() -> None:
    assert errors_of([BASE]) == [("(record)", "must be a JSON object, got a list")]
    assert errors_of("text") == [("(record)", "must be a JSON object, got text")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("application_date", "2026-02-30", "must be a real date as YYYY-MM-DD, got text '2026-02-30'"),
        ("application_date", "20260504", "must be a real date as YYYY-MM-DD, got text '20260504'"),
        (
            "application_date",
            "2026-05-04T10:00:00",
            "must be a real date as YYYY-MM-DD, got text '2026-05-04T10:00:00'",
        ),
        ("application_date", 20260504, "must be a real date as YYYY-MM-DD, got a number 20260504"),
        (
            "application_date",
            "2021-12-31",
            "2021-12-31 is before the first poverty-guideline table in the reference data (in force from 2022-01-21)",
        ),
        ("state", "Ohio", "must be a 2-letter US state, DC or territory code such as OH; got text 'Ohio'"),
        ("state", 39, "must be a 2-letter US state, DC or territory code such as OH; got a number 39"),
        ("us_physical_address", "true", "must be true or false (a JSON boolean), got text 'true'"),
        ("on_label_diagnosis", 1, "must be true or false (a JSON boolean), got a number 1"),
        ("prescription", "false", "must be true or false (a JSON boolean), got text 'false'"),
        ("facility_contracted", None, "is required, got null"),
        ("household_size", 0, "must be at least 1, got 0"),
        ("household_size", -2, "must be at least 1, got -2"),
        ("household_size", 2.0, "must be a whole number of at least 1, got a number 2.0"),
        ("household_size", "2", "must be a whole number of at least 1, got text '2'"),
        ("household_size", True, "must be a whole number of at least 1, got a boolean True"),
        ("household_size", 1001, "must be at most 1000, got 1001"),
        ("household_income", "-0.01", "must not be negative, got '-0.01'"),
        ("household_income", -5, "must not be negative, got -5"),
        (
            "household_income",
            "52,000",
            "must be a decimal amount in USD such as \"52000.00\" or 52000, got text '52,000'",
        ),
        (
            "household_income",
            "$52000",
            "must be a decimal amount in USD such as \"52000.00\" or 52000, got text '$52000'",
        ),
        ("household_income", True, 'must be a decimal amount in USD such as "52000.00" or 52000, got a boolean True'),
        ("household_income", float("nan"), "must be a finite amount, got nan"),
        ("household_income", float("inf"), "must be a finite amount, got inf"),
        ("household_income", "Infinity", "must be a finite amount, got 'Infinity'"),
        (
            "household_income",
            "1e400",
            "must be a decimal amount in USD such as \"52000.00\" or 52000, got text '1e400'",
        ),
        ("household_income", "1000000000000", "must be less than 1,000,000,000,000 USD, got '1000000000000'"),
        ("product_cost", "nan", "must be a finite amount, got 'nan'"),
        ("product_cost", -1.5, "must not be negative, got -1.5"),
        ("product_cost", None, "is required, got null"),
        (
            "insurance",
            "medicare",
            "must be one of none, insured_not_covered, underinsured, covered; got text 'medicare'",
        ),
        (
            "pa_status",
            "denied",
            "must be one of not_required, pending, approved, denied_no_appeal, denied_appeal_pending, "
            "denied_after_first_appeal or null; got text 'denied'",
        ),
    ],
)
def test_each_bad_value_names_exactly_its_field(field: str, value: Any, message: str) -> None:
    assert errors_of(application(**{field: value})) == [(field, message)]


def test_the_first_covered_day_follows_the_setting() -> None:
    raw = application(application_date="2022-01-01")
    assert fields_of(raw) == ["application_date"]
    app = parse_application(raw, reference(fpl_switch_when_effective_date_unknown="january_1"))
    assert app.application_date == date(2022, 1, 1)
