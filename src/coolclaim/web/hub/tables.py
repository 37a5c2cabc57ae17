"""What the hub pages show of cases: queue rows (days left, next due, overdue, waiting on) and
the case page (replayed state, deadlines with their basis, timeline, BI, PAs with usage)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from coolclaim.web.hub.choices import STATES
from coolclaim.web.hub.models import Appeal, Case, PapDecision, Reauthorization
from coolclaim.web.hub.services.authorization_usage import APPROVED, authorization_usage
from coolclaim.web.hub.services.replay_case import replay_case
from coolclaim.web.hub.services.sob_estimate import estimate_for_case

STATE_LABELS = dict(STATES)
EVENT_LABELS = {
    "enrolled": "Enrolled",
    "patient_contacted": "Patient contacted",
    "bi_completed": "Benefits investigation completed",
    "pa_submitted": "PA submitted",
    "pa_decided": "PA decided",
    "appeal_filed": "Appeal filed",
    "appeal_decided": "Appeal decided",
    "pap_decided": "PAP decided",
    "withdrawn": "Withdrawn",
}
DEADLINE_LABELS = {
    "patient_contact": "Patient contact",
    "pa_decision": "Payer's PA decision",
    "appeal_filing": "Appeal filing",
    "reauthorization": "Re-authorization",
    "authorization_usage": "Sessions beyond the authorization",
}


def case_rows(cases: Sequence[Case], now: datetime) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        tz = ZoneInfo(case.timezone)
        today = now.astimezone(tz).date()
        rows.append(
            {
                "case": case,
                "days_left": (case.first_infusion_date - today).days,
                "next_due": case.next_due.astimezone(tz) if case.next_due else None,
                "next_due_label": DEADLINE_LABELS.get(case.next_due_kind, case.next_due_kind),
                "state_label": STATE_LABELS.get(case.state, case.state),
            }
        )
    return rows


def reauthorization_entries(steps: Sequence[Reauthorization], tz: ZoneInfo) -> list[dict[str, Any]]:
    """Re-authorization steps as timeline entries: opened (by the hub), and closed (by whom, why)."""
    entries: list[dict[str, Any]] = []
    for step in steps:
        opened: dict[str, Any] = {
            "payload": {"due": step.due.astimezone(tz).strftime("%m/%d/%Y %H:%M %Z")},
            "actor": None,
            "reason": f"{step.detail}; {step.basis}",
        }
        entries.append({"event": opened, "label": "Re-authorization opened", "at": step.opened_at.astimezone(tz)})
        if step.closed_at is not None:
            number = step.new_authorization.reference_number if step.new_authorization else ""
            closed: dict[str, Any] = {
                "payload": {"new authorization": number} if number else {},
                "actor": step.closed_by,
                "reason": step.close_reason,
            }
            entries.append({"event": closed, "label": "Re-authorization closed", "at": step.closed_at.astimezone(tz)})
    return entries


def case_page_context(case: Case, now: datetime) -> dict[str, Any]:
    """Everything the case page shows, and the patient-data objects it read (to audit)."""
    tz = ZoneInfo(case.timezone)
    events = list(case.events.select_related("actor").order_by("seq"))
    result = replay_case(case, as_of=now, events=events)
    happened = {e.type for e in events}
    deadlines = [
        {
            "label": DEADLINE_LABELS.get(str(d.kind), str(d.kind)),
            "due": d.due.astimezone(tz) if d.due else None,
            "met": d.met,
            "open": str(d.awaits) not in happened and result.state is not None and str(result.state) != "closed",
            "basis": d.basis,
        }
        for d in (*result.deadlines, *result.undetermined)
    ]
    benefits = list(case.benefits.order_by("-completed_at"))
    authorizations = list(case.authorizations.order_by("-submitted_at"))
    appeal = Appeal.objects.filter(case_id=case.pk).first()
    pap = PapDecision.objects.filter(case_id=case.pk).first()
    approved = sorted(
        (a for a in authorizations if a.decision in APPROVED),
        key=lambda a: (a.decided_at is not None, a.decided_at, a.pk),
        reverse=True,
    )
    usage = authorization_usage(case, authorizations=approved) if approved else None
    reauthorizations = list(
        case.reauthorizations.select_related("closed_by", "new_authorization").order_by("opened_at")
    )
    return {
        "case": case,
        "state_label": STATE_LABELS.get(str(result.state), "not started") if result.state else "not started",
        "result": result,
        "next": [str(e) for e in result.next],
        "deadlines": deadlines,
        "timeline": sorted(
            [
                *({"event": e, "label": EVENT_LABELS[e.type], "at": e.at.astimezone(tz)} for e in events),
                *reauthorization_entries(reauthorizations, tz),
            ],
            key=lambda t: t["at"],
        ),
        "benefits": benefits,
        "authorizations": authorizations,
        "pending_authorization": next((a for a in authorizations if not a.decision), None),
        "appeal": appeal,
        "pap": pap,
        "usage": usage,
        "reauthorizations": reauthorizations,
        "attention_label": DEADLINE_LABELS.get(case.attention_kind, case.attention_kind),
        "estimate": estimate_for_case(case, benefits[0]) if benefits else None,
        "days_left": (case.first_infusion_date - now.astimezone(tz).date()).days,
        "read": [
            *events,
            *benefits,
            *authorizations,
            *reauthorizations,
            *([appeal] if appeal else []),
            *([pap] if pap else []),
        ],
    }
