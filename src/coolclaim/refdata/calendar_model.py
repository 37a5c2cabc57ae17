"""Typed views of `calendars.yaml`: closure rules by rule, or a `holidays`-library calendar.

These are data only; `coolclaim.calendars` turns them into business-day calendars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Observance = Literal["nearest_weekday", "none", "sunday_to_monday"]


@dataclass(frozen=True, slots=True)
class FixedDate:
    """The same month and day every year (Christmas Day: 12-25)."""

    month: int
    day: int


@dataclass(frozen=True, slots=True)
class NthWeekday:
    """The n-th given weekday of a month (Thanksgiving: the 4th Thursday of November)."""

    month: int
    weekday: int  # Monday = 0, as `date.weekday()`
    n: int


@dataclass(frozen=True, slots=True)
class LastWeekday:
    """The last given weekday of a month (Memorial Day: the last Monday of May)."""

    month: int
    weekday: int


@dataclass(frozen=True, slots=True)
class DaysAfter:
    """A number of days after another closure of the same calendar (the day after Thanksgiving)."""

    closure: str
    days: int


ClosureRule = FixedDate | NthWeekday | LastWeekday | DaysAfter


@dataclass(frozen=True, slots=True)
class ClosureSpec:
    id: str
    name: str
    rule: ClosureRule
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class ObservanceSetting:
    """How a closure day on a weekend is observed: a documented setting with a visible default."""

    value: Observance
    allowed: tuple[Observance, ...]
    description: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class RuleCalendarSpec:
    """A calendar whose closure days are rules, so that every year works."""

    id: str
    name: str
    weekend: frozenset[int]
    observance: ObservanceSetting
    closures: tuple[ClosureSpec, ...]


@dataclass(frozen=True, slots=True)
class LibraryCalendarSpec:
    """A calendar of the `holidays` library (e.g. the US federal holidays)."""

    id: str
    name: str
    weekend: frozenset[int]
    country: str
    subdivision: str | None
    observed: bool
    source: str
    confidence: str


CalendarSpec = RuleCalendarSpec | LibraryCalendarSpec


@dataclass(frozen=True, slots=True)
class CalendarSpecs:
    version: str
    calendars: tuple[CalendarSpec, ...]

    def get(self, calendar_id: str) -> CalendarSpec | None:
        for spec in self.calendars:
            if spec.id == calendar_id:
                return spec
        return None
