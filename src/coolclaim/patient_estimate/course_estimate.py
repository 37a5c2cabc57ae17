"""Computes the patient's expected cost of a whole course from the benefits found.

The steps, all in exact cents (inputs are whole cents; only the coinsurance is rounded, half
up, once):
1. each code's allowed amount = units over the course × the expected allowed amount per unit
   (the charge when no allowed amount is known);
2. a copay per session, never more than that session's allowed amount;
3. the deductible still to meet, applied to what the copays leave;
4. coinsurance on the rest;
5. the sum capped by the out-of-pocket maximum still to meet.
A service the plan does not cover costs the patient its charges; no out-of-pocket cap applies.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from coolclaim.patient_estimate.inputs import PlanBenefits, PlannedService, check_inputs
from coolclaim.patient_estimate.result import Assumption, CourseEstimate, EstimateLine

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal) -> str:
    """$1,234.50 — how the estimate writes an amount."""
    return f"${value.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def percent(rate: Decimal) -> str:
    text = format((rate * 100).normalize(), "f")
    return f"{text}%"


def _unit_allowed(service: PlannedService) -> Decimal:
    return service.unit_allowed if service.unit_allowed is not None else service.unit_charge


def _line(service: PlannedService, sessions: int) -> EstimateLine:
    quantity = service.units * (sessions if service.per == "session" else 1)
    allowed_unit = _unit_allowed(service)
    return EstimateLine(
        code=service.code,
        description=service.description,
        quantity=quantity,
        unit_charge=service.unit_charge,
        unit_allowed=allowed_unit,
        allowed_known=service.unit_allowed is not None,
        charges=(service.unit_charge * quantity).quantize(CENT),
        allowed=(allowed_unit * quantity).quantize(CENT),
        fee_source=service.fee_source,
    )


def estimate_course(
    services: tuple[PlannedService, ...] | list[PlannedService],
    sessions: int,
    benefits: PlanBenefits,
) -> CourseEstimate:
    """The patient's expected cost of `sessions` planned sessions; raises EstimateInputError."""
    services = tuple(services)
    check_inputs(services, sessions, benefits)
    lines = tuple(_line(s, sessions) for s in services)
    charges_total = sum((line.charges for line in lines), ZERO)
    allowed_total = sum((line.allowed for line in lines), ZERO)
    assumptions = [_planned_assumption(services, sessions)]
    unknown = [line.code for line in lines if not line.allowed_known]
    if unknown:
        assumptions.append(
            Assumption(
                "ALLOWED_UNKNOWN",
                f"No expected allowed amount is known for {', '.join(unknown)}: the full charge is used, "
                "so the estimate may be higher than what the plan will allow.",
            )
        )
    deductible_left = benefits.deductible - benefits.deductible_met
    oop_left = None if benefits.oop_max is None else benefits.oop_max - benefits.oop_met

    if not benefits.covered:
        assumptions.append(
            Assumption(
                "NOT_COVERED",
                "The plan does not cover scalp cooling: the estimate is the full charges. Deductible, "
                "coinsurance and the out-of-pocket maximum do not apply to a service the plan does not cover.",
            )
        )
        assumptions.append(_guarantee())
        return CourseEstimate(
            sessions=sessions,
            lines=lines,
            charges_total=charges_total,
            allowed_total=allowed_total,
            covered=False,
            copays=ZERO,
            deductible_left=deductible_left,
            deductible_applied=ZERO,
            coinsurance_rate=benefits.coinsurance,
            coinsurance_amount=ZERO,
            before_cap=charges_total,
            oop_left=oop_left,
            capped=False,
            patient_total=charges_total,
            plan_total=ZERO,
            balance_bill_possible=ZERO,
            assumptions=tuple(assumptions),
        )

    per_session = sum((s.units * _unit_allowed(s) for s in services if s.per == "session"), ZERO)
    per_course = sum((s.units * _unit_allowed(s) for s in services if s.per == "course"), ZERO)
    copay = benefits.copay_per_session
    copays = min(copay, per_session + per_course) + (sessions - 1) * min(copay, per_session)
    subject = allowed_total - copays
    deductible_applied = min(deductible_left, subject)
    coinsurance_amount = ((subject - deductible_applied) * benefits.coinsurance).quantize(CENT, rounding=ROUND_HALF_UP)
    before_cap = copays + deductible_applied + coinsurance_amount
    capped = oop_left is not None and before_cap > oop_left
    patient_total = oop_left if capped and oop_left is not None else before_cap
    balance = max(charges_total - allowed_total, ZERO) if not benefits.in_network else ZERO

    if copay > 0:
        assumptions.append(
            Assumption(
                "COPAY_PER_SESSION",
                f"A copay of {money(copay)} for each of the {sessions} sessions (never more than the session's "
                "allowed amount); copays are not counted toward the deductible.",
            )
        )
    assumptions.append(
        Assumption(
            "DEDUCTIBLE_FIRST",
            f"The deductible still to meet ({money(deductible_left)} of {money(benefits.deductible)}) is paid "
            "before coinsurance starts; other claims paid before these sessions would lower it.",
        )
    )
    assumptions.append(
        Assumption(
            "COINSURANCE",
            f"Coinsurance of {percent(benefits.coinsurance)} on the allowed amount left after copays and deductible.",
        )
    )
    if oop_left is None:
        assumptions.append(
            Assumption("NO_OOP_MAX", "No out-of-pocket maximum was found for this plan: the estimate is not capped.")
        )
    else:
        assumptions.append(
            Assumption(
                "OOP_MAX",
                f"The out-of-pocket maximum still to meet ({money(oop_left)} of {money(benefits.oop_max or ZERO)}) "
                + ("caps the estimate." if capped else "is not reached by this course."),
            )
        )
    if not benefits.in_network:
        assumptions.append(
            Assumption(
                "OUT_OF_NETWORK",
                f"The facility is out of network: it may bill the difference between its charges and the allowed "
                f"amount (up to {money(balance)}), which is not included above.",
            )
        )
    assumptions.append(_guarantee())
    return CourseEstimate(
        sessions=sessions,
        lines=lines,
        charges_total=charges_total,
        allowed_total=allowed_total,
        covered=True,
        copays=copays,
        deductible_left=deductible_left,
        deductible_applied=deductible_applied,
        coinsurance_rate=benefits.coinsurance,
        coinsurance_amount=coinsurance_amount,
        before_cap=before_cap,
        oop_left=oop_left,
        capped=capped,
        patient_total=patient_total,
        plan_total=allowed_total - patient_total,
        balance_bill_possible=balance,
        assumptions=tuple(assumptions),
    )


def _planned_assumption(services: tuple[PlannedService, ...], sessions: int) -> Assumption:
    parts = []
    for s in services:
        unit = "unit" if s.units == 1 else "units"
        parts.append(f"{s.code} {s.units} {unit} per {s.per}")
    return Assumption(
        "PLANNED_COURSE",
        f"{sessions} planned sessions: " + "; ".join(parts) + ". A change of regimen or of the number of "
        "sessions changes the estimate.",
    )


def _guarantee() -> Assumption:
    return Assumption(
        "NOT_A_GUARANTEE",
        "An estimate from the benefits the plan reported, not a guarantee of payment: the plan decides "
        "when it processes each claim.",
    )
