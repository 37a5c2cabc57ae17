"""Append one event to a case: the core replays the case with it first; a refused event is
refused with the core's message and nothing is stored. Every event carries actor, time and reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from coolclaim.web.audit import acting_as
from coolclaim.web.hub.models import Case, CaseEvent
from coolclaim.web.hub.services.refresh_case import refresh_case
from coolclaim.web.hub.services.replay_case import replay_case


class EventRefused(Exception):
    """The core refused the event; ``message`` is the core's, ``code`` its error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def record_event(
    case: Case,
    event_type: str,
    at: datetime,
    *,
    actor: Any,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> CaseEvent:
    """Store the event if the core accepts it, then refresh the case's snapshot (one transaction)."""
    fields = dict(payload or {})
    with transaction.atomic(), acting_as(actor):
        locked = Case.objects.select_for_update().select_related("facility").get(pk=case.pk)
        events = list(locked.events.order_by("seq"))
        result = replay_case(locked, events=events, extra={**fields, "type": event_type, "at": at.isoformat()})
        mine = [e for e in result.errors if e.event_index == len(events)]
        if mine:
            raise EventRefused(str(mine[0].code), "; ".join(e.message for e in mine))
        event = CaseEvent.objects.create(
            case=locked,
            seq=len(events),
            type=event_type,
            at=at,
            payload=fields,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason[:500],
        )
        refresh_case(locked)
    case.refresh_from_db(fields=["state", "outcome", "next_due", "next_due_kind", "overdue", "waiting_on"])
    return event
