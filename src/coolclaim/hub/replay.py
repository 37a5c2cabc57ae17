"""Replaying a case's events into its state, outcome, next events, deadlines and refused events.

`replay` is the one function the CLI, the API and the app call (`../shared/contracts/hub-case.md`).
Refused events are not applied; the replay goes on with the next one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coolclaim.hub import deadlines
from coolclaim.hub.case import Case, CaseError, CaseResult, Deadline, RejectedEvent
from coolclaim.hub.events import (
    AppealFiled,
    Enrolled,
    Event,
    PaDecided,
    PapDecided,
    PaSubmitted,
    PatientContacted,
)
from coolclaim.hub.parsing import parse_case
from coolclaim.hub.reference import HubReference
from coolclaim.hub.transitions import event_types_from, states_accepting, step_for
from coolclaim.hub.vocabulary import CaseState, Decision, ErrorCode, EventType, Outcome


@dataclass(slots=True)
class _Replay:
    """The running state of one replay (local to `replay`)."""

    case: Case
    state: CaseState | None = None
    outcome: Outcome | None = None
    closed_by: int | None = None
    enrolled: tuple[int, Enrolled] | None = None
    contacted: tuple[int, PatientContacted] | None = None
    submitted: PaSubmitted | None = None
    decided: PaDecided | None = None
    appeal: tuple[int, AppealFiled] | None = None
    errors: list[CaseError] = field(default_factory=list)

    def refuse(self, index: int, event: Event, code: ErrorCode, why: str) -> None:
        self.errors.append(CaseError(index, code, f"{event.type} refused: {why}"))

    def next_events(self) -> tuple[EventType, ...]:
        if self.state is None:
            return (EventType.ENROLLED,)
        allowed = event_types_from(self.state)
        if self.contacted is not None:
            allowed = tuple(e for e in allowed if e is not EventType.PATIENT_CONTACTED)
        if self.appeal is not None:
            allowed = tuple(e for e in allowed if e is not EventType.APPEAL_FILED)
        if not self.case.facility_contracted:
            allowed = tuple(e for e in allowed if e is not EventType.PAP_DECIDED)
        return allowed

    def why_not(self, event: Event) -> str | None:
        """Why this event cannot be applied now, or None when it can (the guards, then the table)."""
        if self.state is None:
            if isinstance(event, Enrolled):
                return None
            return "the case has not started: its first event must be enrolled"
        if isinstance(event, Enrolled):
            assert self.enrolled is not None
            started = self.enrolled[1].at.isoformat()
            return f"the case already started with event {self.enrolled[0]} (enrolled at {started})"
        if self.state is CaseState.CLOSED:
            return f"the case was closed ({self.outcome}) by event {self.closed_by}; a closed case takes no more events"
        if isinstance(event, PatientContacted) and self.contacted is not None:
            return f"the patient contact is recorded once, and event {self.contacted[0]} recorded it"
        if isinstance(event, PapDecided) and not self.case.facility_contracted:
            return (
                "the patient assistance program is open only to facilities contracted under the "
                "insurance-based billing model, and this facility is not contracted"
            )
        if step_for(self.state, event) is None:
            where = ", ".join(str(s) for s in states_accepting(event.type)) or "no state"
            allowed = ", ".join(str(e) for e in self.next_events()) or "none"
            return (
                f"not allowed while the case is {self.state} "
                f"({event.type} is allowed in: {where}; allowed now: {allowed})"
            )
        return None

    def apply(self, index: int, event: Event) -> None:
        if isinstance(event, AppealFiled) and self.appeal is not None:
            self.refuse(
                index,
                event,
                ErrorCode.SECOND_APPEAL,
                f"the hub assists through one appeal per case, and event {self.appeal[0]} filed it",
            )
            return
        reason = self.why_not(event)
        if reason is not None:
            self.refuse(index, event, ErrorCode.ILLEGAL_TRANSITION, reason)
            return
        if isinstance(event, Enrolled):
            self.state, self.enrolled = CaseState.BI_PENDING, (index, event)
            return
        assert self.state is not None
        step = step_for(self.state, event)
        assert step is not None
        to, outcome = step.to, step.outcome
        if to is CaseState.PAP_SCREENING and not self.case.facility_contracted:
            to, outcome = CaseState.CLOSED, Outcome.SELF_PAY  # no PAP for a facility not contracted
        if to is not None:
            self.state, self.outcome = to, outcome
            if to is CaseState.CLOSED:
                self.closed_by = index
        if isinstance(event, PatientContacted):
            self.contacted = (index, event)
        elif isinstance(event, PaSubmitted):
            self.submitted = event
        elif isinstance(event, PaDecided):
            self.decided = event
        elif isinstance(event, AppealFiled):
            self.appeal = (index, event)

    def deadlines(self, reference: HubReference, clock: datetime | None) -> tuple[list[Deadline], list[Deadline]]:
        known: list[Deadline] = []
        unknown: list[Deadline] = []
        case = self.case
        if self.enrolled is not None:
            known.append(
                deadlines.patient_contact(
                    self.enrolled[1].at,
                    self.contacted[1].at if self.contacted else None,
                    case.calendar,
                    reference.calendars[case.calendar],
                    case.timezone,
                    clock,
                )
            )
        if self.submitted is not None:
            decision = deadlines.pa_decision(
                self.submitted,
                self.decided.at if self.decided else None,
                case.payer_type,
                reference.pa_turnaround,
                case.timezone,
                clock,
            )
            if decision is not None:
                known.append(decision)
        if self.decided is not None and self.decided.decision is Decision.DENIED and self.decided.appeal_available:
            filing = deadlines.appeal_filing(
                self.decided,
                self.appeal[1].at if self.appeal else None,
                case.payer_type,
                reference.appeal_windows,
                case.timezone,
                clock,
            )
            (known if filing.due is not None else unknown).append(filing)
        return known, unknown


def _bad_event_errors(event: RejectedEvent) -> list[CaseError]:
    return [CaseError(event.index, ErrorCode.BAD_EVENT, f"{p.field}: {p.message}", p.field) for p in event.problems]


def replay(case_input: Case | Mapping[str, Any] | Any, reference: HubReference) -> CaseResult:
    """Replay one case: a raw case (decoded JSON, validated here, every bad field named) or a
    `Case` already validated (the app's stored events)."""
    if isinstance(case_input, Case):
        return _replay_case(case_input, reference)
    parsed = parse_case(case_input)
    if parsed.case is None:
        errors = [
            CaseError(None, ErrorCode.INVALID_CASE, f"{p.field or 'case'}: {p.message}", p.field)
            for p in parsed.problems
        ]
        for event in parsed.events:
            if isinstance(event, RejectedEvent):
                errors.extend(_bad_event_errors(event))
        return CaseResult(parsed.case_id, None, None, (), (), (), tuple(errors), None)
    return _replay_case(parsed.case, reference)


def _replay_case(case: Case, reference: HubReference) -> CaseResult:
    run = _Replay(case)
    latest: datetime | None = None
    for index, event in enumerate(case.events):
        if isinstance(event, RejectedEvent):
            run.errors.extend(_bad_event_errors(event))
            if event.at is not None and (latest is None or event.at > latest):
                latest = event.at
            continue
        if latest is not None and event.at < latest:
            run.errors.append(
                CaseError(
                    index,
                    ErrorCode.BAD_EVENT,
                    f"events[{index}].at: {event.at.isoformat()} is before an earlier event's time "
                    f"({latest.isoformat()}); events must be listed in the order they happened",
                    f"events[{index}].at",
                )
            )
            continue
        latest = event.at
        run.apply(index, event)
    clock = case.as_of or latest
    known, unknown = run.deadlines(reference, clock)
    return CaseResult(
        case_id=case.case_id,
        state=run.state,
        outcome=run.outcome,
        next=run.next_events(),
        deadlines=tuple(known),
        undetermined=tuple(unknown),
        errors=tuple(run.errors),
        clock=clock,
    )
