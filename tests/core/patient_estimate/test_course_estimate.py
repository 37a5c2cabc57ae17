"""The patient's estimate for a whole course: hand-computed cases, bad input, properties."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.patient_estimate import EstimateInputError, PlanBenefits, PlannedService, estimate_course
from coolclaim.patient_estimate.inputs import Per

D = Decimal
FEES = "facility fee schedule 2026"
PERS: list[Per] = ["course", "session"]

SERVICES = (
    PlannedService("97007", "Set-up and fitting", "course", 1, D("1800.00"), D("1650.00"), FEES),
    PlannedService("97008", "Placement and pre-cooling", "session", 1, D("120.00"), D("10.50"), FEES),
    PlannedService("97009", "Post-infusion cooling, each 30 min", "session", 3, D("60.00"), D("6.00"), FEES),
)
BENEFITS = PlanBenefits(
    covered=True,
    in_network=True,
    deductible=D("1500.00"),
    deductible_met=D("400.00"),
    coinsurance=D("0.20"),
    copay_per_session=D("25.00"),
    oop_max=D("4000.00"),
    oop_met=D("900.00"),
)


def test_hand_computed_course() -> None:
    # allowed 1,650 + 8 x 10.50 + 24 x 6.00 = 1,878.00; copays 8 x 25 = 200; deductible left 1,100;
    # coinsurance 20% of (1,878 - 200 - 1,100) = 115.60; total 1,415.60 (below the 3,100 OOP left)
    result = estimate_course(SERVICES, 8, BENEFITS)
    assert [(line.code, line.quantity, line.charges, line.allowed) for line in result.lines] == [
        ("97007", 1, D("1800.00"), D("1650.00")),
        ("97008", 8, D("960.00"), D("84.00")),
        ("97009", 24, D("1440.00"), D("144.00")),
    ]
    assert result.charges_total == D("4200.00")
    assert result.allowed_total == D("1878.00")
    assert result.copays == D("200.00")
    assert result.deductible_left == D("1100.00")
    assert result.deductible_applied == D("1100.00")
    assert result.coinsurance_amount == D("115.60")
    assert result.before_cap == D("1415.60")
    assert result.oop_left == D("3100.00")
    assert result.capped is False
    assert result.patient_total == D("1415.60")
    assert result.plan_total == D("462.40")
    assert [a.code for a in result.assumptions] == [
        "PLANNED_COURSE",
        "COPAY_PER_SESSION",
        "DEDUCTIBLE_FIRST",
        "COINSURANCE",
        "OOP_MAX",
        "NOT_A_GUARANTEE",
    ]
    assert result.assumptions[0].text == (
        "8 planned sessions: 97007 1 unit per course; 97008 1 unit per session; 97009 3 units per session. "
        "A change of regimen or of the number of sessions changes the estimate."
    )


def test_out_of_pocket_maximum_caps_the_estimate() -> None:
    result = estimate_course(SERVICES, 8, replace(BENEFITS, oop_met=D("3000.00")))
    assert result.before_cap == D("1415.60")
    assert result.oop_left == D("1000.00")
    assert result.capped is True
    assert result.patient_total == D("1000.00")
    assert result.plan_total == D("878.00")
    assert result.assumptions[4].text == (
        "The out-of-pocket maximum still to meet ($1,000.00 of $4,000.00) caps the estimate."
    )


def test_copay_never_exceeds_a_sessions_allowed_amount() -> None:
    # session 1 allows 1,678.50 (copay 50); sessions 2-8 allow 28.50 each, so their copay is 28.50
    result = estimate_course(SERVICES, 8, replace(BENEFITS, copay_per_session=D("50.00"), deductible_met=D("1500.00")))
    assert result.copays == D("249.50")
    assert result.deductible_applied == D("0.00")
    assert result.coinsurance_amount == D("325.70")  # 20% of 1,628.50
    assert result.patient_total == D("575.20")


def test_not_covered_costs_the_charges_without_a_cap() -> None:
    result = estimate_course(SERVICES, 8, replace(BENEFITS, covered=False, oop_met=D("3900.00")))
    assert result.patient_total == D("4200.00")
    assert result.plan_total == D("0.00")
    assert result.capped is False
    assert [a.code for a in result.assumptions] == ["PLANNED_COURSE", "NOT_COVERED", "NOT_A_GUARANTEE"]


def test_out_of_network_shows_the_possible_balance_bill() -> None:
    result = estimate_course(SERVICES, 8, replace(BENEFITS, in_network=False))
    assert result.patient_total == D("1415.60")
    assert result.balance_bill_possible == D("2322.00")
    out = [a for a in result.assumptions if a.code == "OUT_OF_NETWORK"]
    assert out[0].text == (
        "The facility is out of network: it may bill the difference between its charges and the allowed "
        "amount (up to $2,322.00), which is not included above."
    )


def test_unknown_allowed_amount_uses_the_charge_and_says_so() -> None:
    services = (SERVICES[0], replace(SERVICES[1], unit_allowed=None), SERVICES[2])
    result = estimate_course(services, 8, BENEFITS)
    assert result.lines[1].allowed == D("960.00")
    assert result.lines[1].allowed_known is False
    assert result.allowed_total == D("2754.00")
    notes = [a.text for a in result.assumptions if a.code == "ALLOWED_UNKNOWN"]
    assert notes == [
        "No expected allowed amount is known for 97008: the full charge is used, so the estimate may be higher "
        "than what the plan will allow."
    ]


def test_no_out_of_pocket_maximum_is_said() -> None:
    result = estimate_course(SERVICES, 8, replace(BENEFITS, oop_max=None))
    assert result.oop_left is None
    assert result.patient_total == D("1415.60")
    assert "NO_OOP_MAX" in [a.code for a in result.assumptions]


def test_every_bad_field_is_named() -> None:
    services = (
        PlannedService("97007", "fit", "course", -1, D("-1.00"), D("1.005"), ""),
        PlannedService("97007", "fit", "week", 1, D("NaN"), None, "x"),  # type: ignore[arg-type]
    )
    benefits = PlanBenefits(
        covered=True,
        in_network=True,
        deductible=D("100.00"),
        deductible_met=D("200.00"),
        coinsurance=D("1.5"),
        copay_per_session=D("-5.00"),
        oop_max=D("50.00"),
        oop_met=D("60.00"),
    )
    with pytest.raises(EstimateInputError) as caught:
        estimate_course(services, 0, benefits)
    assert caught.value.problems == [
        "sessions: 0 is not a whole number of at least 1",
        "services[0].units: -1 is not a whole number of at least 0",
        "services[0].unit_charge: -1.00 is negative",
        "services[0].unit_allowed: 1.005 has more than 2 decimal places (whole cents)",
        "services[0].fee_source: empty (every fee figure names its source)",
        "services[1].code: 97007 is listed twice",
        "services[1].per: 'week' is not 'course' or 'session'",
        "services[1].unit_charge: NaN is not a finite amount",
        "benefits.copay_per_session: -5.00 is negative",
        "benefits.coinsurance: 1.5 is above 1 (write 20% as 0.20)",
        "benefits.deductible_met: more than the deductible",
        "benefits.oop_met: more than the out-of-pocket maximum",
    ]


def test_no_services_is_refused() -> None:
    with pytest.raises(EstimateInputError) as caught:
        estimate_course((), 3, BENEFITS)
    assert caught.value.problems == ["services: at least one planned service is needed"]


# -- properties ------------------------------------------------------------------------------
cents = st.integers(min_value=0, max_value=500_000).map(lambda n: D(n) / 100)


@st.composite
def cases(draw: st.DrawFn) -> tuple[tuple[PlannedService, ...], int, PlanBenefits]:
    services = []
    for i, per in enumerate(draw(st.lists(st.sampled_from(PERS), min_size=1, max_size=4))):
        charge = draw(cents)
        allowed = draw(st.none() | cents)
        units = draw(st.integers(min_value=0, max_value=8))
        services.append(PlannedService(f"C{i}", "service", per, units, charge, allowed, "test"))
    deductible = draw(cents)
    oop_max = draw(st.none() | cents)
    benefits = PlanBenefits(
        covered=True,
        in_network=draw(st.booleans()),
        deductible=deductible,
        deductible_met=draw(cents.filter(lambda v: v <= deductible)) if deductible else D("0.00"),
        coinsurance=D(draw(st.integers(min_value=0, max_value=100))) / 100,
        copay_per_session=draw(cents),
        oop_max=oop_max,
        oop_met=D("0.00") if oop_max is None else min(draw(cents), oop_max),
    )
    return tuple(services), draw(st.integers(min_value=1, max_value=30)), benefits


@given(case=cases())
@settings(max_examples=400, deadline=None)
def test_never_negative_never_above_the_oop_left_nor_the_allowed_total(
    case: tuple[tuple[PlannedService, ...], int, PlanBenefits],
) -> None:
    services, sessions, benefits = case
    result = estimate_course(services, sessions, benefits)
    assert result.patient_total >= 0
    assert result.plan_total >= 0
    assert result.patient_total <= result.allowed_total
    if result.oop_left is not None:
        assert result.patient_total <= result.oop_left
    assert result.patient_total + result.plan_total == result.allowed_total


@given(case=cases(), extra=st.lists(cents, min_size=4, max_size=4), which=st.integers(min_value=0, max_value=3))
@settings(max_examples=400, deadline=None)
def test_higher_charges_never_lower_the_estimate(
    case: tuple[tuple[PlannedService, ...], int, PlanBenefits], extra: list[Decimal], which: int
) -> None:
    services, sessions, benefits = case
    i = which % len(services)
    raised = list(services)
    s = raised[i]
    raised[i] = replace(
        s,
        unit_charge=s.unit_charge + extra[0],
        unit_allowed=None if s.unit_allowed is None else s.unit_allowed + extra[1],
    )
    before = estimate_course(services, sessions, benefits)
    after = estimate_course(tuple(raised), sessions, benefits)
    assert after.patient_total >= before.patient_total
    not_covered = replace(benefits, covered=False)
    assert (
        estimate_course(tuple(raised), sessions, not_covered).patient_total
        >= estimate_course(services, sessions, not_covered).patient_total
    )


@given(case=cases(), more=cents)
@settings(max_examples=300, deadline=None)
def test_more_deductible_met_never_raises_the_estimate(
    case: tuple[tuple[PlannedService, ...], int, PlanBenefits], more: Decimal
) -> None:
    services, sessions, benefits = case
    met = min(benefits.deductible, benefits.deductible_met + more)
    before = estimate_course(services, sessions, benefits)
    after = estimate_course(services, sessions, replace(benefits, deductible_met=met))
    assert after.patient_total <= before.patient_total
