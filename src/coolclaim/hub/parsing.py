"""Turns a raw case (decoded JSON) into a typed `Case`, naming every bad field.

A bad case field makes the whole case invalid (INVALID_CASE, one error per field). A bad event
field refuses only that event (BAD_EVENT, one error per field); the other events still replay.
Fields the contract does not know are ignored (the app adds actor, reason, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coolclaim.hub.case import Case, FieldProblem, RejectedEvent
from coolclaim.hub.events import (
    AppealDecided,
    AppealFiled,
    BiCompleted,
    Enrolled,
    Event,
    PaDecided,
    PapDecided,
    PaSubmitted,
    PatientContacted,
    Withdrawn,
)
from coolclaim.hub.vocabulary import CalendarName, Coverage, Decision, EventType, PayerType

DEFAULT_TIMEZONE = "America/New_York"
E = TypeVar("E", bound=StrEnum)


class _Problems:
    __slots__ = ("items", "prefix")

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.items: list[FieldProblem] = []

    def bad(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(f"{self.prefix}{field}", message))


def _enum(raw: Mapping[str, Any], key: str, kind: type[E], out: _Problems, *, required: bool) -> E | None:
    value = raw.get(key)
    if value is None:
        if required:
            out.bad(key, "is required")
        return None
    choices = [str(m) for m in kind]
    if not isinstance(value, str) or value not in choices:
        out.bad(key, f"{value!r} is not one of {', '.join(choices)}")
        return None
    return kind(value)


def _bool(raw: Mapping[str, Any], key: str, default: bool | None, out: _Problems) -> bool | None:
    value = raw.get(key)
    if value is None:
        if default is None:
            out.bad(key, "is required (true or false)")
        return default
    if not isinstance(value, bool):
        out.bad(key, f"{value!r} is not true or false")
        return None
    return value


def parse_instant(value: Any) -> tuple[datetime | None, str | None]:
    """An ISO 8601 date-time with a UTC offset, or the reason it is not one."""
    if not isinstance(value, str):
        return None, f"{value!r} is not an ISO 8601 date-time string"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None, f"{value!r} is not an ISO 8601 date-time"
    if "T" not in value.upper() and " " not in value:
        return None, f"{value!r} is a date, not a date-time"
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None, f"{value!r} has no UTC offset"
    return parsed, None


def _instant(raw: Mapping[str, Any], key: str, out: _Problems, *, required: bool) -> datetime | None:
    value = raw.get(key)
    if value is None:
        if required:
            out.bad(key, "is required (ISO 8601 date-time with offset)")
        return None
    parsed, problem = parse_instant(value)
    if problem is not None:
        out.bad(key, problem)
    return parsed


def _zone(raw: Mapping[str, Any], out: _Problems) -> ZoneInfo | None:
    value = raw.get("timezone")
    if value is None:
        return ZoneInfo(DEFAULT_TIMEZONE)
    if not isinstance(value, str) or not value:
        out.bad("timezone", f"{value!r} is not an IANA time zone name")
        return None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        out.bad("timezone", f"{value!r} is not an IANA time zone name")
        return None


def _no_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    return {}


def _bi_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    coverage = _enum(raw, "coverage", Coverage, out, required=True)
    # pa_required decides the branch only when covered; elsewhere it may be left out.
    pa_required = _bool(raw, "pa_required", None if coverage is Coverage.COVERED else False, out)
    if coverage is None or pa_required is None:
        return None
    return {"coverage": coverage, "pa_required": pa_required}


def _pa_submitted_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    expedited = _bool(raw, "expedited", False, out)
    return None if expedited is None else {"expedited": expedited}


def _pa_decided_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    decision = _enum(raw, "decision", Decision, out, required=True)
    appeal_available = _bool(raw, "appeal_available", True, out)
    if decision is None or appeal_available is None:
        return None
    return {"decision": decision, "appeal_available": appeal_available}


def _appeal_decided_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    decision = _enum(raw, "decision", Decision, out, required=True)
    return None if decision is None else {"decision": decision}


def _pap_decided_fields(raw: Mapping[str, Any], out: _Problems) -> dict[str, Any] | None:
    eligible = _bool(raw, "eligible", None, out)
    return None if eligible is None else {"eligible": eligible}


_FieldReader = Callable[[Mapping[str, Any], _Problems], "dict[str, Any] | None"]

# Each event type: its class and the reader of its own fields (besides `type` and `at`).
_EVENT_TYPES: dict[EventType, tuple[type[Event], _FieldReader]] = {
    EventType.ENROLLED: (Enrolled, _no_fields),
    EventType.PATIENT_CONTACTED: (PatientContacted, _no_fields),
    EventType.BI_COMPLETED: (BiCompleted, _bi_fields),
    EventType.PA_SUBMITTED: (PaSubmitted, _pa_submitted_fields),
    EventType.PA_DECIDED: (PaDecided, _pa_decided_fields),
    EventType.APPEAL_FILED: (AppealFiled, _no_fields),
    EventType.APPEAL_DECIDED: (AppealDecided, _appeal_decided_fields),
    EventType.PAP_DECIDED: (PapDecided, _pap_decided_fields),
    EventType.WITHDRAWN: (Withdrawn, _no_fields),
}


def parse_event(index: int, raw: Any) -> Event | RejectedEvent:
    """One event, or the list of its bad fields (all of them)."""
    out = _Problems(f"events[{index}].")
    if not isinstance(raw, Mapping):
        return RejectedEvent(index, (FieldProblem(f"events[{index}]", f"{type(raw).__name__} is not an object"),))
    event_type = _enum(raw, "type", EventType, out, required=True)
    at = _instant(raw, "at", out, required=True)
    if event_type is None:
        return RejectedEvent(index, tuple(out.items), at)
    cls, read_fields = _EVENT_TYPES[event_type]
    fields = read_fields(raw, out)
    if out.items or fields is None or at is None:
        return RejectedEvent(index, tuple(out.items), at)
    return cls(at=at, **fields)


@dataclass(frozen=True, slots=True)
class ParsedCase:
    """A typed case, or (`case` None) every bad case field; the events are parsed either way."""

    case: Case | None
    case_id: str | None  # when readable, even from an invalid case
    problems: tuple[FieldProblem, ...]
    events: tuple[Event | RejectedEvent, ...]


def parse_case(raw: Any) -> ParsedCase:
    """Validate every case field and every event."""
    out = _Problems()
    if not isinstance(raw, Mapping):
        return ParsedCase(
            None, None, (FieldProblem(None, f"a case must be a JSON object, not {type(raw).__name__}"),), ()
        )
    case_id = raw.get("case_id")
    if case_id is None:
        out.bad("case_id", "is required")
    elif not isinstance(case_id, str) or not case_id.strip():
        out.bad("case_id", f"{case_id!r} is not a non-empty string")
    readable_id = case_id if isinstance(case_id, str) and case_id.strip() else None
    payer_type = _enum(raw, "payer_type", PayerType, out, required=False)
    contracted = _bool(raw, "facility_contracted", True, out)
    calendar = _enum(raw, "calendar", CalendarName, out, required=False) or CalendarName.HUB
    zone = _zone(raw, out)
    as_of = _instant(raw, "as_of", out, required=False)
    raw_events = raw.get("events")
    events: tuple[Event | RejectedEvent, ...] = ()
    if raw_events is None:
        out.bad("events", "is required (a list that starts with the enrolled event)")
    elif not isinstance(raw_events, list):
        out.bad("events", f"{type(raw_events).__name__} is not a list")
    elif not raw_events:
        out.bad("events", "is empty: a case starts with the enrolled event")
    else:
        events = tuple(parse_event(i, e) for i, e in enumerate(raw_events))
    if out.items or zone is None or contracted is None or readable_id is None:
        return ParsedCase(None, readable_id, tuple(out.items), events)
    case = Case(
        case_id=readable_id,
        payer_type=payer_type,
        facility_contracted=contracted,
        calendar=calendar,
        timezone=zone,
        as_of=as_of,
        events=events,
    )
    return ParsedCase(case, readable_id, (), events)
