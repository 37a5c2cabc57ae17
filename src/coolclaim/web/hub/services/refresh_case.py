"""The case's snapshot (state, outcome, next due, overdue, waiting on) from its replay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from coolclaim.hub import CaseResult
from coolclaim.web.hub import signals
from coolclaim.web.hub.choices import WaitingOn
from coolclaim.web.hub.models import Case, CaseEvent
from coolclaim.web.hub.services.replay_case import replay_case

#: Whose move it is in each open state.
WAITING_ON = {
    "bi_pending": WaitingOn.HUB,
    "pa_required": WaitingOn.PROVIDER,
    "pa_pending": WaitingOn.PAYER,
    "appeal_possible": WaitingOn.PROVIDER,
    "appeal_pending": WaitingOn.PAYER,
    "pap_screening": WaitingOn.PATIENT,
    "closed": WaitingOn.NOBODY,
}


def open_deadlines(result: CaseResult, happened: set[str]) -> list[tuple[datetime, str]]:
    """(due, kind) of the deadlines whose awaited event has not happened, soonest first."""
    if result.state is None or str(result.state) == "closed":
        return []
    return sorted((d.due, str(d.kind)) for d in result.deadlines if d.due is not None and str(d.awaits) not in happened)


def apply_snapshot(case: Case, events: Sequence[CaseEvent], now: datetime) -> CaseResult:
    """Set the snapshot fields of ``case`` (unsaved) from the replay of ``events`` judged at ``now``."""
    result = replay_case(case, as_of=now, events=list(events))
    due = open_deadlines(result, {e.type for e in events})
    if case.attention_due is not None and case.attention_kind:
        # a re-authorization or sessions beyond the authorization (services.attention)
        due = sorted([*due, (case.attention_due, case.attention_kind)])
    case.state = str(result.state) if result.state is not None else ""
    case.outcome = str(result.outcome) if result.outcome is not None else ""
    case.next_due, case.next_due_kind = due[0] if due else (None, "")
    case.overdue = bool(due) and due[0][0] < now
    case.waiting_on = WAITING_ON.get(case.state, WaitingOn.HUB)
    if due and due[0][1] == case.attention_kind and case.attention_kind:
        case.waiting_on = WaitingOn.PROVIDER
    case.refreshed_at = now
    return result


SNAPSHOT_FIELDS = ["state", "outcome", "next_due", "next_due_kind", "overdue", "waiting_on", "refreshed_at"]


def refresh_case(case: Case, now: datetime | None = None) -> CaseResult:
    """Recompute and store the snapshot; tell the queue."""
    result = apply_snapshot(case, list(case.events.order_by("seq")), now or timezone.now())
    case.save(update_fields=SNAPSHOT_FIELDS)
    signals.cases_changed.send(sender=Case, case_ids=[case.pk])
    return result
