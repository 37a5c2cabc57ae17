"""A case's validated input and the result of replaying it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from coolclaim.hub.events import Event
from coolclaim.hub.vocabulary import CalendarName, CaseState, DeadlineKind, ErrorCode, EventType, Outcome, PayerType


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One bad field of the input: `field` is its path (`payer_type`, `events[2].decision`)."""

    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class RejectedEvent:
    """An event whose fields are bad: it is refused as BAD_EVENT, every bad field named."""

    index: int
    problems: tuple[FieldProblem, ...]
    at: datetime | None = None  # its time when that field was readable (it still moves the clock)


@dataclass(frozen=True, slots=True)
class Case:
    """A case whose every field has the right type; the events are in the order they happened."""

    case_id: str
    payer_type: PayerType | None  # None: not given (no rule can bind an unknown payer)
    facility_contracted: bool
    calendar: CalendarName
    timezone: ZoneInfo
    as_of: datetime | None
    events: tuple[Event | RejectedEvent, ...]


@dataclass(frozen=True, slots=True)
class CaseError:
    """A refused event (`event_index`) or an invalid case (`event_index` None, code INVALID_CASE)."""

    event_index: int | None
    code: ErrorCode
    message: str
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event_index": self.event_index, "code": str(self.code), "message": self.message}
        if self.code in (ErrorCode.BAD_EVENT, ErrorCode.INVALID_CASE):
            out["field"] = self.field
        return out


@dataclass(frozen=True, slots=True)
class Deadline:
    """A clock of the case: when the awaited event is due, whether it was met, and the rule behind it.

    `due` is None only for a deadline whose rule has no figure ("unknown"): `basis` says why.
    """

    kind: DeadlineKind
    due: datetime | None
    met: bool | None
    basis: str
    awaits: EventType

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "due": self.due.isoformat() if self.due is not None else None,
            "met": self.met,
            "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What a replay gives: state, outcome, allowed next events, deadlines and refused events.

    `state` is None when no `enrolled` event was applied (or the case input is invalid).
    `undetermined` holds the deadlines whose rule has no figure for this case (an unknown
    appeal window): they have no due date and are kept out of `deadlines`.
    """

    case_id: str | None
    state: CaseState | None
    outcome: Outcome | None
    next: tuple[EventType, ...]
    deadlines: tuple[Deadline, ...]
    undetermined: tuple[Deadline, ...]
    errors: tuple[CaseError, ...]
    clock: datetime | None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The contract's output object (with `undetermined_deadlines` and `clock` added)."""
        return {
            "case_id": self.case_id,
            "state": str(self.state) if self.state is not None else None,
            "outcome": str(self.outcome) if self.outcome is not None else None,
            "next": [str(e) for e in self.next],
            "deadlines": [d.as_dict() for d in self.deadlines],
            "errors": [e.as_dict() for e in self.errors],
            "undetermined_deadlines": [d.as_dict() for d in self.undetermined],
            "clock": self.clock.isoformat() if self.clock is not None else None,
        }
