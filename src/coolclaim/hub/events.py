"""The events a case is made of: one frozen type per event type of the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from coolclaim.hub.vocabulary import Coverage, Decision, EventType


@dataclass(frozen=True, slots=True)
class Enrolled:
    """The enrollment form is received; starts the case."""

    type: ClassVar[EventType] = EventType.ENROLLED
    at: datetime


@dataclass(frozen=True, slots=True)
class PatientContacted:
    type: ClassVar[EventType] = EventType.PATIENT_CONTACTED
    at: datetime


@dataclass(frozen=True, slots=True)
class BiCompleted:
    """The benefits investigation is done; `pa_required` matters only when covered."""

    type: ClassVar[EventType] = EventType.BI_COMPLETED
    at: datetime
    coverage: Coverage
    pa_required: bool


@dataclass(frozen=True, slots=True)
class PaSubmitted:
    """The provider submitted the prior authorization; the hub tracks it."""

    type: ClassVar[EventType] = EventType.PA_SUBMITTED
    at: datetime
    expedited: bool = False


@dataclass(frozen=True, slots=True)
class PaDecided:
    type: ClassVar[EventType] = EventType.PA_DECIDED
    at: datetime
    decision: Decision
    appeal_available: bool = True


@dataclass(frozen=True, slots=True)
class AppealFiled:
    type: ClassVar[EventType] = EventType.APPEAL_FILED
    at: datetime


@dataclass(frozen=True, slots=True)
class AppealDecided:
    type: ClassVar[EventType] = EventType.APPEAL_DECIDED
    at: datetime
    decision: Decision


@dataclass(frozen=True, slots=True)
class PapDecided:
    type: ClassVar[EventType] = EventType.PAP_DECIDED
    at: datetime
    eligible: bool


@dataclass(frozen=True, slots=True)
class Withdrawn:
    type: ClassVar[EventType] = EventType.WITHDRAWN
    at: datetime


Event = (
    Enrolled
    | PatientContacted
    | BiCompleted
    | PaSubmitted
    | PaDecided
    | AppealFiled
    | AppealDecided
    | PapDecided
    | Withdrawn
)
