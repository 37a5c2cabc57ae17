"""What the estimate is computed from: the planned services with their fees, and the benefits found."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Per = Literal["course", "session"]


@dataclass(frozen=True, slots=True)
class PlannedService:
    """One code of the course: units per session (or once per course) and its fee figures.

    `unit_allowed` is the expected allowed amount per unit for this payer; None when it is not
    known, in which case the charge is used (and the estimate says so).
    """

    code: str
    description: str
    per: Per
    units: int
    unit_charge: Decimal
    unit_allowed: Decimal | None
    fee_source: str


@dataclass(frozen=True, slots=True)
class PlanBenefits:
    """The benefits investigation's findings for scalp cooling under the patient's plan.

    `coinsurance` is the patient's share as a fraction (0.20 = 20%); `oop_max` None means the
    plan has no out-of-pocket maximum (or none was found).
    """

    covered: bool
    in_network: bool
    deductible: Decimal
    deductible_met: Decimal
    coinsurance: Decimal
    copay_per_session: Decimal
    oop_max: Decimal | None
    oop_met: Decimal


class EstimateInputError(ValueError):
    """Bad estimate input; `problems` names every bad field (`field: reason`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def _money_problem(value: Decimal, cents: bool = True) -> str | None:
    if not isinstance(value, Decimal):
        return f"{value!r} is not a Decimal amount"
    if not value.is_finite():
        return f"{value} is not a finite amount"
    if value < 0:
        return f"{value} is negative"
    if cents and value != value.quantize(Decimal("0.01")):
        return f"{value} has more than 2 decimal places (whole cents)"
    return None


def check_inputs(services: tuple[PlannedService, ...], sessions: int, benefits: PlanBenefits) -> None:
    """Raise EstimateInputError naming every bad field; return quietly when all are good."""
    problems: list[str] = []
    if isinstance(sessions, bool) or not isinstance(sessions, int) or sessions < 1:
        problems.append(f"sessions: {sessions!r} is not a whole number of at least 1")
    if not services:
        problems.append("services: at least one planned service is needed")
    seen: set[str] = set()
    for i, service in enumerate(services):
        where = f"services[{i}]"
        if not service.code:
            problems.append(f"{where}.code: empty")
        elif service.code in seen:
            problems.append(f"{where}.code: {service.code} is listed twice")
        seen.add(service.code)
        if service.per not in ("course", "session"):
            problems.append(f"{where}.per: {service.per!r} is not 'course' or 'session'")
        if isinstance(service.units, bool) or not isinstance(service.units, int) or service.units < 0:
            problems.append(f"{where}.units: {service.units!r} is not a whole number of at least 0")
        for name in ("unit_charge", "unit_allowed"):
            value = getattr(service, name)
            if value is None and name == "unit_allowed":
                continue
            problem = _money_problem(value)
            if problem:
                problems.append(f"{where}.{name}: {problem}")
        if not service.fee_source:
            problems.append(f"{where}.fee_source: empty (every fee figure names its source)")
    for name in ("deductible", "deductible_met", "copay_per_session", "oop_met", "oop_max", "coinsurance"):
        value = getattr(benefits, name)
        if value is None and name == "oop_max":
            continue
        problem = _money_problem(value, cents=name != "coinsurance")
        if problem:
            problems.append(f"benefits.{name}: {problem}")
    ok = {p.split(":")[0] for p in problems}
    if "benefits.coinsurance" not in ok and benefits.coinsurance > 1:
        problems.append(f"benefits.coinsurance: {benefits.coinsurance} is above 1 (write 20% as 0.20)")
    if not ok & {"benefits.deductible", "benefits.deductible_met"} and benefits.deductible_met > benefits.deductible:
        problems.append("benefits.deductible_met: more than the deductible")
    if (
        benefits.oop_max is not None
        and not ok & {"benefits.oop_max", "benefits.oop_met"}
        and benefits.oop_met > benefits.oop_max
    ):
        problems.append("benefits.oop_met: more than the out-of-pocket maximum")
    if problems:
        raise EstimateInputError(problems)
