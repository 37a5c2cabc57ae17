"""The case's state machine as one table: (state, event type, branch) → next state and outcome.

The branch is what the event says (covered with or without PA, approved, denied with or
without an appeal, eligible or not). The guards that are not a matter of state — at most one
appeal, one patient contact, the PAP only for contracted facilities — live in `replay`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from coolclaim.hub.events import (
    AppealDecided,
    BiCompleted,
    Event,
    PaDecided,
    PapDecided,
)
from coolclaim.hub.vocabulary import CaseState, Coverage, Decision, EventType, Outcome


class Branch(StrEnum):
    ANY = "any"
    COVERED_NO_PA = "covered, no PA required"
    COVERED_PA_REQUIRED = "covered, PA required"
    NOT_COVERED = "not covered, underinsured or uninsured"
    APPROVED = "approved"
    DENIED_APPEALABLE = "denied, appeal available"
    DENIED_NO_APPEAL = "denied, no appeal available"
    DENIED = "denied"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not eligible"


@dataclass(frozen=True, slots=True)
class Step:
    """Where an event takes the case; `to` None keeps the state (patient_contacted)."""

    to: CaseState | None
    outcome: Outcome | None = None


OPEN_STATES: Final[tuple[CaseState, ...]] = tuple(s for s in CaseState if s is not CaseState.CLOSED)

TRANSITIONS: Final[MappingProxyType[tuple[CaseState, EventType, Branch], Step]] = MappingProxyType(
    {
        (CaseState.BI_PENDING, EventType.BI_COMPLETED, Branch.COVERED_NO_PA): Step(CaseState.CLOSED, Outcome.COVERED),
        (CaseState.BI_PENDING, EventType.BI_COMPLETED, Branch.COVERED_PA_REQUIRED): Step(CaseState.PA_REQUIRED),
        (CaseState.BI_PENDING, EventType.BI_COMPLETED, Branch.NOT_COVERED): Step(CaseState.PAP_SCREENING),
        (CaseState.PA_REQUIRED, EventType.PA_SUBMITTED, Branch.ANY): Step(CaseState.PA_PENDING),
        (CaseState.PA_PENDING, EventType.PA_DECIDED, Branch.APPROVED): Step(CaseState.CLOSED, Outcome.COVERED),
        (CaseState.PA_PENDING, EventType.PA_DECIDED, Branch.DENIED_APPEALABLE): Step(CaseState.APPEAL_POSSIBLE),
        (CaseState.PA_PENDING, EventType.PA_DECIDED, Branch.DENIED_NO_APPEAL): Step(CaseState.PAP_SCREENING),
        (CaseState.APPEAL_POSSIBLE, EventType.APPEAL_FILED, Branch.ANY): Step(CaseState.APPEAL_PENDING),
        (CaseState.APPEAL_PENDING, EventType.APPEAL_DECIDED, Branch.APPROVED): Step(CaseState.CLOSED, Outcome.COVERED),
        (CaseState.APPEAL_PENDING, EventType.APPEAL_DECIDED, Branch.DENIED): Step(CaseState.PAP_SCREENING),
        (CaseState.PAP_SCREENING, EventType.PAP_DECIDED, Branch.ELIGIBLE): Step(CaseState.CLOSED, Outcome.PAP),
        (CaseState.PAP_SCREENING, EventType.PAP_DECIDED, Branch.NOT_ELIGIBLE): Step(CaseState.CLOSED, Outcome.SELF_PAY),
        # In every open state: the patient contact (once, guarded in replay) and withdrawal.
        **{(state, EventType.PATIENT_CONTACTED, Branch.ANY): Step(None) for state in OPEN_STATES},
        **{
            (state, EventType.WITHDRAWN, Branch.ANY): Step(CaseState.CLOSED, Outcome.WITHDRAWN) for state in OPEN_STATES
        },
    }
)


def branch_of(event: Event) -> Branch:
    """The table's branch for this event."""
    if isinstance(event, BiCompleted):
        if event.coverage is not Coverage.COVERED:
            return Branch.NOT_COVERED
        return Branch.COVERED_PA_REQUIRED if event.pa_required else Branch.COVERED_NO_PA
    if isinstance(event, PaDecided):
        if event.decision is Decision.APPROVED:
            return Branch.APPROVED
        return Branch.DENIED_APPEALABLE if event.appeal_available else Branch.DENIED_NO_APPEAL
    if isinstance(event, AppealDecided):
        return Branch.APPROVED if event.decision is Decision.APPROVED else Branch.DENIED
    if isinstance(event, PapDecided):
        return Branch.ELIGIBLE if event.eligible else Branch.NOT_ELIGIBLE
    return Branch.ANY


def step_for(state: CaseState, event: Event) -> Step | None:
    return TRANSITIONS.get((state, event.type, branch_of(event)))


def states_accepting(event_type: EventType) -> tuple[CaseState, ...]:
    """The states in which the table has some row for this event type (in state order)."""
    found = {state for (state, kind, _) in TRANSITIONS if kind is event_type}
    return tuple(s for s in CaseState if s in found)


def event_types_from(state: CaseState) -> tuple[EventType, ...]:
    """The event types the table accepts in this state (in the contract's order)."""
    found = {kind for (s, kind, _) in TRANSITIONS if s is state}
    return tuple(e for e in EventType if e in found)
