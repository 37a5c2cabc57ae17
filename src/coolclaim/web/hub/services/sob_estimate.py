"""The patient's estimate for the Summary of Benefits: the facility's fee schedule (charge and
expected allowed amount per code and payer type) × the planned sessions and units × the
benefits found, computed by the pure core (``coolclaim.patient_estimate``), every assumption
shown. The SOB page of the case shows it; the SOB document calls :func:`estimate_for_case`.

The planned services come from the scalp-cooling codes in force on the first infusion date
(reference data): the fitting once per course, the session code once per session, and the
post-infusion cooling code per full 30 minutes of the regimen's protocol time (reference data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from coolclaim import bootstrap
from coolclaim.patient_estimate import (
    Assumption,
    CourseEstimate,
    EstimateInputError,
    PlanBenefits,
    PlannedService,
    estimate_course,
)
from coolclaim.patient_estimate.inputs import Per
from coolclaim.refdata.builders.regimens import regimen_key
from coolclaim.web.billing.services.pricing import FeeBook
from coolclaim.web.hub.models import BenefitsInvestigation, Case

ZERO = Decimal("0.00")
#: The hub's payer types → the payer types a fee schedule entry may name.
FEE_PAYER_TYPE = {
    "medicare": "medicare",
    "medicare_advantage": "medicare_advantage",
    "medicaid_ffs": "medicaid",
    "medicaid_managed_care": "medicaid",
    "chip": "medicaid",
    "exchange_qhp": "commercial",
    "commercial": "commercial",
    "none": "self_pay",
}
FEE_SOURCE = "facility fee schedule (Billing › Fee schedule)"
POST_COOLING_UNIT_MINUTES = 30


@dataclass(frozen=True)
class CaseEstimate:
    """The estimate of a case's course, or why there is none (``problems``). ``assumptions``
    joins the page's own (where each input came from) to the core's."""

    case: Case
    estimate: CourseEstimate | None
    benefits: BenefitsInvestigation | None
    services: tuple[PlannedService, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.estimate is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: amounts as strings of exact cents, every assumption, or the problems."""
        e = self.estimate
        figures: dict[str, Any] | None = None
        if e is not None:
            figures = {
                name: _text(getattr(e, name))
                for name in (
                    "sessions", "charges_total", "allowed_total", "covered", "copays", "deductible_left",
                    "deductible_applied", "coinsurance_rate", "coinsurance_amount", "before_cap", "oop_left",
                    "capped", "patient_total", "plan_total", "balance_bill_possible",
                )
            }  # fmt: skip
            figures["lines"] = [
                {
                    "code": line.code,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_charge": str(line.unit_charge),
                    "unit_allowed": str(line.unit_allowed),
                    "allowed_known": line.allowed_known,
                    "charges": str(line.charges),
                    "allowed": str(line.allowed),
                    "fee_source": line.fee_source,
                }
                for line in e.lines
            ]
        return {
            "case_id": self.case.pk,
            "estimate": figures,
            "assumptions": [{"code": a.code, "text": a.text} for a in self.assumptions],
            "problems": list(self.problems),
        }


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _us(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def planned_services(case: Case, day: dt.date) -> tuple[list[PlannedService], list[Assumption], list[str]]:
    """The course's scalp-cooling services with the facility's fees on ``day``."""
    refdata = bootstrap.refdata()
    codes = sorted(
        (c for c in refdata.codes.values() if c.kind == "scalp_cooling" and c.in_force(day)),
        key=lambda c: ({"fitting": 0, "session": 1, "post_cooling": 2}.get(c.role, 3), c.code),
    )
    fees = FeeBook.for_facilities([case.facility_id])
    payer_type = FEE_PAYER_TYPE.get(case.payer_type, "")
    assumptions: list[Assumption] = []
    problems: list[str] = []
    services: list[PlannedService] = []
    regimen_id = refdata.regimen_aliases.get(regimen_key(case.regimen)) if case.regimen else None
    regimen = refdata.regimens[regimen_id] if regimen_id else None
    for info in codes:
        per: Per = "course" if info.role == "fitting" else "session"
        units = 1
        if info.role == "post_cooling":
            if regimen is None:
                units = 0
                assumptions.append(
                    Assumption(
                        "POST_COOLING_UNKNOWN",
                        f"The regimen ({case.regimen or 'not given'}) has no protocol post-infusion cooling time in"
                        f" the reference data: no {info.code} units are planned; each full 30 minutes of cooling"
                        " after the infusion would add one.",
                    )
                )
            else:
                units = regimen.post_cooling_minutes // POST_COOLING_UNIT_MINUTES
                assumptions.append(
                    Assumption(
                        "POST_COOLING_PROTOCOL",
                        f"{regimen.name}: {regimen.post_cooling_minutes} minutes of cooling after the infusion"
                        f" ({regimen.source}), so {units} {info.code} unit{'s' if units != 1 else ''} per session"
                        " (each full 30 minutes).",
                    )
                )
        entry = fees.entry(case.facility_id, info.code, day, payer_type)
        if entry is None:
            problems.append(
                f"fee schedule: no charge for {info.code} on {_us(day)}; add it under Billing › Fee schedule"
            )
            continue
        scope = f"for {entry.get_payer_type_display()}" if entry.payer_type else "for every payer type"
        fee_source = f"{FEE_SOURCE}, {scope}, from {_us(entry.effective_from)}"
        allowed = entry.expected_allowed
        if allowed is None and case.payer_type == "medicare":
            allowed, note = _medicare_allowed(info.code, case.facility.setting, day)
            if note is not None:
                assumptions.append(note)
            if allowed is not None:
                fee_source += "; allowed amount: Medicare reference data"
        services.append(
            PlannedService(
                code=info.code,
                description=info.description,
                per=per,
                units=units,
                unit_charge=entry.charge,
                unit_allowed=allowed,
                fee_source=fee_source,
            )
        )
    return services, assumptions, problems


def _medicare_allowed(code: str, setting: str, day: dt.date) -> tuple[Decimal | None, Assumption | None]:
    """Medicare's national figure for ``code`` (reference data) when the facility's schedule
    names no expected allowed amount: used when known, said to be unknown otherwise."""
    row = bootstrap.medicare_fees().find(code, setting, day.year)
    if row is None:
        return None, None
    if row.amount is None:
        return None, Assumption(
            "MEDICARE_UNKNOWN",
            f"Medicare's {day.year} payment for {code} is not known ({row.basis}; {row.source}).",
        )
    return row.amount, Assumption(
        "MEDICARE_REFERENCE",
        f"The facility's fee schedule gives no expected allowed amount for {code}: Medicare's {day.year} national"
        f" figure, ${row.amount:,} ({row.basis}; {row.source}), is used. Local adjustments are not applied.",
    )


def plan_benefits(benefits: BenefitsInvestigation) -> tuple[PlanBenefits, list[Assumption]]:
    """The core's benefits from the BI, saying what was not found and what stands in for it."""
    assumptions: list[Assumption] = []

    def found(value: Decimal | None, what: str, default: Decimal = ZERO) -> Decimal:
        if value is None:
            assumptions.append(Assumption("NOT_FOUND", f"The benefits investigation found no {what}: {default} used."))
            return default
        return value

    if benefits.network == "unknown":
        assumptions.append(
            Assumption("NETWORK_UNKNOWN", "The facility's network status is not known: in network assumed.")
        )
    deductible = found(benefits.deductible, "deductible")
    oop_max = benefits.oop_max
    if oop_max is None:
        assumptions.append(Assumption("NOT_FOUND", "The benefits investigation found no out-of-pocket maximum."))
    percent = found(benefits.coinsurance_percent, "coinsurance")
    plan = PlanBenefits(
        covered=benefits.coverage == "covered" and benefits.coverage_active,
        in_network=benefits.network != "out",
        deductible=deductible,
        deductible_met=min(found(benefits.deductible_met, "amount met of the deductible"), deductible),
        coinsurance=(percent / 100).quantize(Decimal("0.0001")),
        copay_per_session=found(benefits.copay, "copay"),
        oop_max=oop_max,
        oop_met=min(benefits.oop_met or ZERO, oop_max) if oop_max is not None else benefits.oop_met or ZERO,
    )
    return plan, assumptions


def estimate_for_case(case: Case, benefits: BenefitsInvestigation | None = None) -> CaseEstimate:
    """The patient's estimate of ``case``'s course from its latest benefits investigation
    (``benefits`` when the caller has it in hand)."""
    if benefits is None:
        benefits = BenefitsInvestigation.objects.filter(case_id=case.pk).order_by("-completed_at", "-pk").first()
    if benefits is None:
        return CaseEstimate(case, None, None, problems=("benefits: no benefits investigation yet",))
    day = case.first_infusion_date
    found_on = benefits.completed_at.astimezone(ZoneInfo(case.timezone)).date()
    services, assumptions, problems = planned_services(case, day)
    plan, found = plan_benefits(benefits)
    assumptions = [
        Assumption(
            "BENEFITS_FOUND",
            f"Benefits as found on {_us(found_on)} (benefits investigation); fees in force on the"
            f" first infusion date, {_us(day)}.",
        ),
        *assumptions,
        *found,
    ]
    if problems:
        return CaseEstimate(case, None, benefits, tuple(services), tuple(assumptions), tuple(problems))
    try:
        estimate = estimate_course(services, case.planned_sessions, plan)
    except EstimateInputError as error:
        return CaseEstimate(case, None, benefits, tuple(services), tuple(assumptions), tuple(error.problems))
    return CaseEstimate(case, estimate, benefits, tuple(services), (*assumptions, *estimate.assumptions))
