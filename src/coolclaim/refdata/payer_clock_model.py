"""Typed views of `appeal_windows.yaml` and `pa_turnaround.yaml`: payers' clocks as data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Unknown = Literal["unknown"]


@dataclass(frozen=True, slots=True)
class AppealWindow:
    """How long a denied prior authorization can be appealed, for one payer type and period.

    `days` is "unknown" where no figure applies or none could be verified: no due date is then
    computed, and `basis` says why.
    """

    payer_type: str
    days: int | Unknown
    counted_from: Literal["notice_date", "receipt"]
    effective_from: date | None
    effective_to: date | None
    basis: str
    source: str
    confidence: str

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )


@dataclass(frozen=True, slots=True)
class AppealWindows:
    version: str
    windows: tuple[AppealWindow, ...]

    def find(self, payer_type: str, on: date) -> AppealWindow | None:
        """The window in force for this payer type on this date, or None when there is no row."""
        for row in self.windows:
            if row.payer_type == payer_type and row.in_force(on):
                return row
        return None


@dataclass(frozen=True, slots=True)
class PaTurnaroundRule:
    """A rule binding payers to decide PA requests in time (CMS-0057-F)."""

    id: str
    name: str
    payer_types: frozenset[str]
    requests_from: date
    standard_calendar_days: int
    standard_basis: str
    expedited_hours: int
    expedited_basis: str
    excluded: str
    source: str
    confidence: str

    def binds(self, payer_type: str | None, submitted_on: date) -> bool:
        return payer_type in self.payer_types and submitted_on >= self.requests_from


@dataclass(frozen=True, slots=True)
class TypicalTurnaround:
    """What a payer type typically takes to decide (information, never a deadline)."""

    payer_type: str
    standard_days: int | Unknown
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class PaTurnaround:
    version: str
    rules: tuple[PaTurnaroundRule, ...]
    typical: tuple[TypicalTurnaround, ...]

    def binding(self, payer_type: str | None, submitted_on: date) -> PaTurnaroundRule | None:
        for rule in self.rules:
            if rule.binds(payer_type, submitted_on):
                return rule
        return None
