"""Hypothesis properties of the screening rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.assistance import parse_application, screen
from coolclaim.assistance.application import INSURANCE, PA_STATUSES
from coolclaim.assistance.guideline_year import choose_guideline
from tests.core.assistance.factories import application, reference

STATES = sorted(reference().guidelines.regions)
CENTS = st.integers(min_value=0, max_value=100_000_000).map(lambda c: Decimal(c) / 100)
DAYS = st.integers(min_value=0, max_value=(date(2027, 6, 30) - date(2022, 1, 21)).days).map(
    lambda n: date(2022, 1, 21) + timedelta(days=n)
)
SIZES = st.integers(min_value=1, max_value=20)


def _run(**changes: object) -> dict[str, object]:
    ref = reference()
    raw = application(**{k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()})
    return screen(parse_application(raw, ref), ref).as_dict()


def _pap(res: dict[str, object]) -> dict[str, object]:
    programs = res["programs"]
    assert isinstance(programs, list)
    pap: dict[str, object] = programs[0]
    return pap


def _met(program: dict[str, object], code: str) -> bool:
    reasons = program["reasons"]
    assert isinstance(reasons, list)
    return bool(next(r for r in reasons if r["code"] == code)["met"])


@settings(max_examples=150, deadline=None)
@given(income=CENTS, extra=CENTS, size=SIZES, day=DAYS, state=st.sampled_from(STATES))
def test_raising_income_never_turns_ineligible_into_eligible_by_income(
    income: Decimal, extra: Decimal, size: int, day: date, state: str
) -> None:
    low = _pap(_run(household_income=str(income), household_size=size, application_date=day, state=state))
    high = _pap(_run(household_income=str(income + extra), household_size=size, application_date=day, state=state))
    if not _met(low, "INCOME_WITHIN_600"):
        assert not _met(high, "INCOME_WITHIN_600")
        assert high["route"] != "income"


@settings(max_examples=150, deadline=None)
@given(size=SIZES, day=DAYS, state=st.sampled_from(STATES), income=CENTS)
def test_adding_a_household_member_never_lowers_the_threshold(
    size: int, day: date, state: str, income: Decimal
) -> None:
    ref = reference()
    smaller = choose_guideline(ref.guidelines, ref.settings, day, state, size)
    larger = choose_guideline(ref.guidelines, ref.settings, day, state, size + 1)
    assert larger.table.amount(size + 1) > smaller.table.amount(size)
    # and so an income that qualified for the smaller household still qualifies
    small = _pap(_run(household_income=str(income), household_size=size, application_date=day, state=state))
    big = _pap(_run(household_income=str(income), household_size=size + 1, application_date=day, state=state))
    if _met(small, "INCOME_WITHIN_600"):
        assert _met(big, "INCOME_WITHIN_600")
    assert Decimal(str(big["income_limit_amount"])) > Decimal(str(small["income_limit_amount"]))


@settings(max_examples=200, deadline=None)
@given(
    income=CENTS,
    cost=CENTS,
    size=SIZES,
    day=DAYS,
    state=st.sampled_from(STATES),
    insurance=st.sampled_from(INSURANCE),
    pa_status=st.sampled_from([None, *PA_STATUSES]),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
)
def test_combined_eligible_is_the_or_of_the_programs_and_rules_are_exact(
    income: Decimal,
    cost: Decimal,
    size: int,
    day: date,
    state: str,
    insurance: str,
    pa_status: str | None,
    flags: tuple[bool, bool, bool, bool],
) -> None:
    res = _run(
        household_income=str(income),
        product_cost=str(cost),
        household_size=size,
        application_date=day,
        state=state,
        insurance=insurance,
        pa_status=pa_status,
        us_physical_address=flags[0],
        on_label_diagnosis=flags[1],
        prescription=flags[2],
        facility_contracted=flags[3],
    )
    programs = res["programs"]
    assert isinstance(programs, list)
    assert res["eligible"] is any(p["eligible"] for p in programs)
    pap = programs[0]
    fpl = Fraction(Decimal(pap["fpl_amount"]))
    within = Fraction(income) <= 6 * fpl
    hardship = Fraction(cost) > Fraction(income) / 2
    assert _met(pap, "INCOME_WITHIN_600") is within
    assert _met(pap, "HARDSHIP_WAIVER") is hardship
    requirements = all(r["met"] for r in pap["reasons"][:5])
    assert pap["eligible"] is (requirements and (within or hardship))
    assert pap["route"] == (("income" if within else "hardship") if pap["eligible"] else None)
    shown = (Decimal(income) * 100 / Decimal(pap["fpl_amount"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert pap["income_percent_of_fpl"] == f"{shown:f}"
    for program in programs:
        assert (program["route"] is not None) is program["eligible"]
