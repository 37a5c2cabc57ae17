"""The estimate: every figure of the computation and every assumption behind it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Assumption:
    """One assumption the estimate rests on: a stable code and a sentence for the patient."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class EstimateLine:
    code: str
    description: str
    quantity: int  # units over the whole course
    unit_charge: Decimal
    unit_allowed: Decimal  # the charge when the allowed amount is unknown
    allowed_known: bool
    charges: Decimal
    allowed: Decimal
    fee_source: str


@dataclass(frozen=True, slots=True)
class CourseEstimate:
    """The patient's expected cost of the whole course, step by step.

    patient_total = min(copays + deductible_applied + coinsurance_amount, oop_left) for a
    covered service; the full charges when scalp cooling is not covered.
    """

    sessions: int
    lines: tuple[EstimateLine, ...]
    charges_total: Decimal
    allowed_total: Decimal
    covered: bool
    copays: Decimal
    deductible_left: Decimal
    deductible_applied: Decimal
    coinsurance_rate: Decimal
    coinsurance_amount: Decimal
    before_cap: Decimal
    oop_left: Decimal | None
    capped: bool
    patient_total: Decimal
    plan_total: Decimal
    balance_bill_possible: Decimal
    assumptions: tuple[Assumption, ...]
