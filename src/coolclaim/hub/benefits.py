"""What the benefits investigation proposes from the payer-policy data: coverage, whether a
prior authorization is likely required, and the state mandate that applies — every proposal
with its reasons. The coordinator confirms or overrides (with a reason) what the payer says.

Pure: the reference data and the date are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coolclaim.coverage.jurisdiction import medicare_jurisdiction
from coolclaim.hub.vocabulary import Coverage, PayerType
from coolclaim.refdata.model import CoveragePolicy, RefData, StateMandate

#: The hub's payer types → the payer types of the coverage data.
_POLICY_PAYER = {
    PayerType.MEDICARE: "medicare",
    PayerType.MEDICARE_ADVANTAGE: "medicare_advantage",
    PayerType.MEDICAID_FFS: "medicaid",
    PayerType.MEDICAID_MANAGED_CARE: "medicaid",
    PayerType.CHIP: "medicaid",
    PayerType.EXCHANGE_QHP: "commercial",
    PayerType.COMMERCIAL: "commercial",
}


@dataclass(frozen=True, slots=True)
class PlanFacts:
    payer_type: PayerType
    payer_name: str
    plan_state: str
    funding: str | None  # fully_insured, self_funded, or None (not known)
    group_size: str | None  # individual, small, large, or None
    facility_state: str
    facility_county: str | None
    office: bool  # physician office (Part B) or hospital outpatient (Part A)


@dataclass(frozen=True, slots=True)
class BenefitsProposal:
    coverage: Coverage | None  # None: the data does not decide; the payer's answer does
    pa_required: bool | None  # None: the data does not say
    policy: str | None
    mandate: str | None
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "coverage": str(self.coverage) if self.coverage is not None else None,
            "pa_required": self.pa_required,
            "policy": self.policy,
            "mandate": self.mandate,
            "reasons": list(self.reasons),
        }


def propose_benefits(refdata: RefData, plan: PlanFacts, on: date) -> BenefitsProposal:
    """The proposal for this plan on this date (the first infusion's date)."""
    if plan.payer_type is PayerType.NONE:
        return BenefitsProposal(Coverage.UNINSURED, False, None, None, ("no insurance on file: uninsured",))
    kind = _POLICY_PAYER[plan.payer_type]
    reasons: list[str] = []
    policy = _policy(refdata, plan, kind, on)
    coverage: Coverage | None = None
    if policy is not None:
        reasons.append(f"payer policy {policy.title} ({policy.source}): {policy.determination}")
        coverage = Coverage.NOT_COVERED if policy.determination == "not_covered" else Coverage.COVERED
    mandate, why = _mandate(refdata, plan, kind, on)
    reasons.extend(why)
    if mandate is not None and coverage is not Coverage.COVERED:
        coverage = Coverage.COVERED
    if coverage is None:
        reasons.append("no payer policy or binding state mandate in the reference data: confirm with the payer")
    pa_required: bool | None = None
    if coverage is Coverage.NOT_COVERED:
        pa_required = False
        reasons.append("no prior authorization for a service the plan does not cover")
    elif mandate is not None and mandate.prior_authorization_allowed:
        pa_required = True
        reasons.append(
            f"{mandate.title} lets the plan require prior authorization: proposed yes, confirm with the payer"
        )
    else:
        reasons.append("whether a prior authorization is required is not in the reference data: ask the payer")
    return BenefitsProposal(
        coverage, pa_required, policy.id if policy else None, mandate.id if mandate else None, tuple(reasons)
    )


def _policy(refdata: RefData, plan: PlanFacts, kind: str, on: date) -> CoveragePolicy | None:
    if kind in ("medicare", "medicare_advantage"):
        jur = medicare_jurisdiction(refdata, plan.facility_state, plan.facility_county, "B" if plan.office else "A")
        return next(
            (
                p
                for p in refdata.policies
                if p.scope == "jurisdiction" and jur in p.jurisdictions and kind in p.payer_types and p.in_force(on)
            ),
            None,
        )
    name = plan.payer_name.casefold()
    if not name:
        return None
    return next(
        (
            p
            for p in refdata.policies
            if p.scope == "payer"
            and kind in p.payer_types
            and p.in_force(on)
            and any(alias in name for alias in p.payer_names)
        ),
        None,
    )


def _mandate(refdata: RefData, plan: PlanFacts, kind: str, on: date) -> tuple[StateMandate | None, list[str]]:
    reasons: list[str] = []
    for mandate in refdata.mandates:
        if mandate.state != plan.plan_state or mandate.status != "enacted" or mandate.effective_from is None:
            continue
        if on < mandate.effective_from:
            reasons.append(f"{mandate.title} is in force only from {mandate.effective_from.isoformat()}")
            continue
        if kind == "medicaid" and not mandate.includes_medicaid:
            reasons.append(f"{mandate.title} does not include Medicaid")
        elif kind != "commercial" and kind != "medicaid":
            reasons.append(f"{mandate.title} binds state-regulated plans, not Medicare")
        elif plan.funding == "self_funded":
            reasons.append(f"{mandate.title} does not bind self-funded ERISA plans")
        elif plan.group_size is not None and mandate.group_sizes and plan.group_size not in mandate.group_sizes:
            reasons.append(f"{mandate.title} applies to {', '.join(mandate.group_sizes)} group plans")
        else:
            reasons.append(f"state mandate {mandate.title} ({mandate.source}) applies")
            return mandate, reasons
    return None, reasons
