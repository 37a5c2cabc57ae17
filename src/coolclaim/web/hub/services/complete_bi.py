"""The benefits investigation: the core proposes (payer policy, state mandate); the coordinator
records what the payer said, overriding the PA proposal only with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from coolclaim import bootstrap
from coolclaim.hub.benefits import BenefitsProposal, PlanFacts, propose_benefits
from coolclaim.hub.vocabulary import PayerType
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.models import BenefitsInvestigation, Case
from coolclaim.web.hub.services.authorization_changed import authorization_changed
from coolclaim.web.hub.services.record_event import EventRefused, record_event


def propose(case: Case, plan_state: str = "", funding: str = "", group_size: str = "") -> BenefitsProposal:
    """The core's proposal for the case's plan on the first infusion's date."""
    facility = case.facility
    plan = PlanFacts(
        payer_type=PayerType(case.payer_type),
        payer_name=case.payer_name,
        plan_state=plan_state or facility.state,
        funding=funding or None,
        group_size=group_size or None,
        facility_state=facility.state,
        facility_county=facility.county or None,
        office=facility.setting == "office",
    )
    return propose_benefits(bootstrap.refdata(), plan, case.first_infusion_date)


@dataclass(frozen=True)
class BenefitsFound:
    completed_at: dt.datetime
    coverage: str
    coverage_active: bool
    pa_required: bool
    network: str = "unknown"
    deductible: Decimal | None = None
    deductible_met: Decimal | None = None
    coinsurance_percent: Decimal | None = None
    copay: Decimal | None = None
    oop_max: Decimal | None = None
    oop_met: Decimal | None = None
    pa_override_reason: str = ""
    covered_codes: str = ""
    plan_funding: str = ""
    group_size: str = ""
    plan_state: str = ""
    mandate: str | None = None  # None: the proposal's
    extra: dict[str, Any] = field(default_factory=dict)


def complete_bi(case: Case, found: BenefitsFound, *, actor: Any, reason: str = "") -> BenefitsInvestigation:
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    proposal = propose(case, found.plan_state, found.plan_funding, found.group_size)
    if (
        proposal.pa_required is not None
        and found.pa_required != proposal.pa_required
        and not found.pa_override_reason.strip()
    ):
        raise EventRefused(
            "PA_OVERRIDE_REASON",
            "PA required differs from the proposal "
            f"({'yes' if proposal.pa_required else 'no'}): give the reason for the override",
        )
    with transaction.atomic():
        record_event(
            case,
            "bi_completed",
            found.completed_at,
            actor=actor,
            reason=reason or "Benefits investigation completed",
            payload={"coverage": found.coverage, "pa_required": found.pa_required},
        )
        benefits = BenefitsInvestigation.objects.create(
            case=case,
            completed_at=found.completed_at,
            coverage=found.coverage,
            coverage_active=found.coverage_active,
            network=found.network,
            deductible=found.deductible,
            deductible_met=found.deductible_met,
            coinsurance_percent=found.coinsurance_percent,
            copay=found.copay,
            oop_max=found.oop_max,
            oop_met=found.oop_met,
            pa_required=found.pa_required,
            pa_required_proposed=proposal.pa_required,
            pa_override_reason=found.pa_override_reason.strip(),
            covered_codes=found.covered_codes,
            plan_funding=found.plan_funding,
            group_size=found.group_size,
            plan_state=found.plan_state or case.facility.state,
            mandate=found.mandate if found.mandate is not None else (proposal.mandate or ""),
            proposal=proposal.as_dict(),
            recorded_by=actor,
        )
        authorization_changed(case, actor=actor, reason="hub: benefits investigation completed")
        return benefits
