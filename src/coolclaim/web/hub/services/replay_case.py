"""A stored case replayed by the core: the one place that turns rows into the core's input."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from coolclaim import bootstrap
from coolclaim.hub import CaseResult, replay
from coolclaim.web.hub.models import Case, CaseEvent


def core_input(case: Case, events: Iterable[Mapping[str, Any]], as_of: datetime | None = None) -> dict[str, Any]:
    """The contract's case object for ``case`` with these events (dicts as the contract spells them)."""
    data: dict[str, Any] = {
        "case_id": str(case.pk),
        "payer_type": case.payer_type,
        "facility_contracted": case.facility.contracted,
        "calendar": case.calendar,
        "timezone": case.timezone,
        "events": list(events),
    }
    if as_of is not None:
        data["as_of"] = as_of.isoformat()
    return data


def replay_case(
    case: Case,
    as_of: datetime | None = None,
    events: list[CaseEvent] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> CaseResult:
    """Replay the case's stored events (plus ``extra``, an event not stored yet) with the core."""
    stored = events if events is not None else list(case.events.order_by("seq"))
    raw = [e.as_core() for e in stored]
    if extra is not None:
        raw.append(dict(extra))
    return replay(core_input(case, raw, as_of), bootstrap.hub_reference())
