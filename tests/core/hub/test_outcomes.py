"""Outcome figures against a hand-computed set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coolclaim.hub.outcomes import CaseOutcome, outcome_figures
from coolclaim.hub.vocabulary import Outcome

C, P, S, W = Outcome.COVERED, Outcome.PAP, Outcome.SELF_PAY, Outcome.WITHDRAWN
JUNE = date(2026, 6, 10)


def _row(n: int, outcome: Outcome | None, pays: bool | None = False, facility: int = 1, on: date = JUNE) -> CaseOutcome:
    return CaseOutcome(f"K-{n}", facility, on, outcome, pays)


ROWS = [
    *(_row(n, C) for n in range(1, 6)),  # 5 covered, no patient share
    _row(6, C, pays=None),  # covered, share unknown: counted as paying nothing, and reported
    _row(7, C, pays=True),  # covered, the patient pays a share
    _row(8, P),
    _row(9, P),
    _row(10, S),
    _row(11, W),  # withdrawn: left out
    _row(12, None),  # open: left out
    _row(13, C, on=date(2026, 7, 1)),  # outside the range
    _row(14, S, facility=2),  # another facility
]


def test_hand_computed_figures() -> None:
    figures = outcome_figures(ROWS, date(2026, 6, 1), date(2026, 6, 30), facilities={1})
    # 10 patients: 7 covered → 70.00 %; 3 uncovered, 2 PAP → 66.67 %; 6 covered free + 2 PAP → 80.00 %.
    assert figures.patients == 10
    assert (figures.coverage.numerator, figures.coverage.denominator, figures.coverage.percent) == (
        7,
        10,
        Decimal("70.00"),
    )
    assert (figures.pap.numerator, figures.pap.denominator, figures.pap.percent) == (2, 3, Decimal("66.67"))
    assert (figures.no_out_of_pocket.numerator, figures.no_out_of_pocket.percent) == (8, Decimal("80.00"))
    assert (figures.covered_share_unknown, figures.withdrawn, figures.open) == (1, 1, 1)


def test_all_facilities_and_the_seed_shape() -> None:
    figures = outcome_figures(ROWS, date(2026, 1, 1), date(2026, 12, 31))
    assert figures.as_dict() == {
        "start": "2026-01-01",
        "end": "2026-12-31",
        "patients": 12,
        "coverage_rate": {"numerator": 8, "denominator": 12, "percent": "66.67"},
        "pap_rate_of_uncovered": {"numerator": 2, "denominator": 4, "percent": "50.00"},
        "no_out_of_pocket_rate": {"numerator": 9, "denominator": 12, "percent": "75.00"},
        "covered_share_unknown": 1,
        "withdrawn_excluded": 1,
        "open_excluded": 1,
    }


def test_no_patients_gives_no_percent() -> None:
    figures = outcome_figures([], date(2026, 1, 1), date(2026, 1, 31))
    assert figures.coverage.percent is None
    assert figures.pap.as_dict() == {"numerator": 0, "denominator": 0, "percent": None}


_OUTCOMES = st.sampled_from([None, C, P, S, W])
_ROWS = st.lists(
    st.builds(
        CaseOutcome,
        case_id=st.text(min_size=1, max_size=4),
        facility_id=st.integers(1, 3),
        enrolled_on=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
        outcome=_OUTCOMES,
        patient_pays=st.sampled_from([None, True, False]),
    ),
    max_size=40,
)


@given(_ROWS)
def test_the_seed_identity_and_order_independence(rows: list[CaseOutcome]) -> None:
    """No-out-of-pocket patients = covered patients with no share + PAP patients; the rates do
    not depend on the order of the cases; every patient is covered, PAP or self-pay."""
    figures = outcome_figures(rows, date(2026, 1, 1), date(2026, 12, 31))
    covered_paying = sum(1 for r in rows if r.outcome is C and r.patient_pays)
    assert figures.no_out_of_pocket.numerator == figures.coverage.numerator - covered_paying + figures.pap.numerator
    assert figures.pap.denominator == figures.patients - figures.coverage.numerator
    assert figures.patients + figures.withdrawn + figures.open == len(rows)
    assert outcome_figures(list(reversed(rows)), date(2026, 1, 1), date(2026, 12, 31)) == figures
