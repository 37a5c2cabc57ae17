"""The payer decided the PA: approved, partly approved ("modified": fewer sessions or units than
asked — covered for the core) or denied with reason codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.choices import PaDecision
from coolclaim.web.hub.models import Case, PriorAuthorization
from coolclaim.web.hub.services.authorization_changed import authorization_changed
from coolclaim.web.hub.services.record_event import EventRefused, record_event


def decide_pa(
    authorization: PriorAuthorization,
    *,
    decision: str,
    decided_at: dt.datetime,
    actor: Any,
    denial_reasons: list[str] | None = None,
    appeal_available: bool = True,
    reference_number: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    authorized_sessions: int | None = None,
    authorized_units: dict[str, int] | None = None,
    reason: str = "",
) -> PriorAuthorization:
    case: Case = authorization.case
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    decision = PaDecision(decision)
    if decision is PaDecision.DENIED and not denial_reasons:
        raise EventRefused("DENIAL_REASONS", "a denial needs its reason codes (CMS-0057-F: every denial has a reason)")
    if valid_from and valid_to and valid_to < valid_from:
        raise EventRefused("VALID_DATES", "valid to is before valid from")
    core_decision = "denied" if decision is PaDecision.DENIED else "approved"
    with transaction.atomic():
        record_event(
            case,
            "pa_decided",
            decided_at,
            actor=actor,
            reason=reason or f"PA {decision.label.lower()}",
            payload={"decision": core_decision, "appeal_available": appeal_available},
        )
        authorization.decision = decision
        authorization.decided_at = decided_at
        authorization.denial_reasons = list(denial_reasons or [])
        authorization.appeal_available = appeal_available if decision is PaDecision.DENIED else None
        authorization.reference_number = reference_number or authorization.reference_number
        authorization.valid_from = valid_from
        authorization.valid_to = valid_to
        authorization.authorized_sessions = authorized_sessions
        authorization.authorized_units = dict(authorized_units or {})
        authorization.status_history = [
            *authorization.status_history,
            {"at": decided_at.isoformat(), "status": str(decision), "note": ", ".join(denial_reasons or [])},
        ]
        authorization.save()
        authorization_changed(case, actor=actor, reason=f"hub: prior authorization {decision.label.lower()}")
    return authorization
