"""The Summary of Benefits shows the estimate core's figures and every assumption."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from coolclaim.documents import DocumentKind, Table, draft, render_html
from coolclaim.documents import summary_of_benefits as sob
from coolclaim.documents.draft import Checklist
from coolclaim.documents.sample_case import ISSUED_ON, synthetic_case
from coolclaim.patient_estimate import CourseEstimate, estimate_course


def _table(d_blocks: tuple[object, ...], key: str) -> Table:
    return next(b for b in d_blocks if isinstance(b, Table) and b.key == key)


def test_the_steps_add_up_to_the_patients_cost() -> None:
    d = draft(DocumentKind.SUMMARY_OF_BENEFITS, synthetic_case(), issued_on=ISSUED_ON)
    # allowed 1,650 + 6 x 10.50 + 18 x 6.00 = 1,821.00; copays 150; deductible 1,100; 20% of 571 = 114.20
    assert _table(d.blocks, "headline").columns == ("Your expected cost for the whole course", "$1,364.20")
    steps = _table(d.blocks, "steps")
    assert steps.rows == (
        ("Expected allowed amount for the whole course", "$1,821.00"),
        ("Your copays", "$150.00"),
        ("Deductible you pay", "$1,100.00"),
        ("Your coinsurance (20% of what is left)", "$114.20"),
        ("Subtotal", "$1,364.20"),
        ("Out-of-pocket maximum left", "$3,100.00"),
        ("Your plan is expected to pay", "$456.80"),
    )
    assert steps.total == ("Your expected cost", "$1,364.20")
    course = _table(d.blocks, "course")
    assert course.rows == (
        ("97007 [1]", "Set-up, fitting and education (once per course)", "1", "$1,800.00", "$1,650.00"),
        ("97008 [1]", "Cap placement and pre-cooling", "6", "$720.00", "$63.00"),
        ("97009 [1]", "Cooling after the infusion, each full 30 minutes", "18", "$1,080.00", "$108.00"),
    )
    assert [r.text for r in d.references] == [
        "Bayou Oncology Infusion Center fee schedule 2026 with Pelican State contract rates (synthetic)"
    ]


def test_not_covered_shows_the_charges_and_says_why() -> None:
    case = synthetic_case()
    assert case.benefits is not None
    facts = replace(case, benefits=replace(case.benefits, covered=False))
    d = draft(DocumentKind.SUMMARY_OF_BENEFITS, facts, issued_on=ISSUED_ON)
    assert _table(d.blocks, "headline").columns == ("Your expected cost for the whole course", "$3,600.00")
    assumptions = next(b for b in d.blocks if isinstance(b, Checklist) and b.key == "assumptions")
    assert assumptions.items[1].startswith("The plan does not cover scalp cooling: the estimate is the full charges.")
    assert "ask us about patient assistance" in render_html(d)


def test_an_unknown_allowed_amount_is_marked() -> None:
    case = synthetic_case()
    fees = (case.fees[0], replace(case.fees[1], unit_allowed=None), case.fees[2])
    d = draft(DocumentKind.SUMMARY_OF_BENEFITS, replace(case, fees=fees), issued_on=ISSUED_ON)
    course = _table(d.blocks, "course")
    assert course.rows[1][4] == "$720.00 *"
    assert course.note == "* no allowed amount known: the charge is used."
    assert course.total == ("Total", "", "", "$3,600.00", "$2,478.00")
    assert Decimal("2478.00") == Decimal("1650.00") + Decimal("720.00") + Decimal("108.00")


def test_an_estimate_given_with_the_facts_is_shown_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app may compute the estimate itself (its fee and benefit lookups); the SOB then lays it out."""
    made: list[CourseEstimate] = []
    real = estimate_course

    def recording(*args: Any) -> CourseEstimate:
        result = real(*args)
        made.append(result)
        return result

    monkeypatch.setattr(sob, "estimate_course", recording)
    computed = render_html(draft(DocumentKind.SUMMARY_OF_BENEFITS, synthetic_case(), issued_on=ISSUED_ON))

    def refuse(*args: object) -> CourseEstimate:
        raise AssertionError("computed again although an estimate was given")

    monkeypatch.setattr(sob, "estimate_course", refuse)
    given = replace(synthetic_case(), estimate=made[0])
    assert render_html(draft(DocumentKind.SUMMARY_OF_BENEFITS, given, issued_on=ISSUED_ON)) == computed
