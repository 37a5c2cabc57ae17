"""Business-day calendars: weekend days plus named closure days.

`RuleCalendar` computes its closure days from rules (the hub's eight days, every year);
`LibraryCalendar` takes them from the `holidays` library (the US federal calendar). Both are
immutable and pure; closure days are computed per year on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

import holidays

from coolclaim.calendars.closure_rules import observed_date, rule_dates
from coolclaim.refdata.calendar_model import (
    CalendarSpec,
    ClosureSpec,
    LibraryCalendarSpec,
    Observance,
    ObservanceSetting,
    RuleCalendarSpec,
)


@dataclass(frozen=True, slots=True)
class ClosureDay:
    """A day the calendar is closed (besides its weekend), with the rule that closes it."""

    day: date
    name: str
    observed: bool  # True when the day is a weekend closure day moved to a weekday


class BusinessCalendar(Protocol):
    """What the business-day clock needs from a calendar."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def weekend(self) -> frozenset[int]: ...

    @property
    def observance_setting(self) -> ObservanceSetting | None:
        """The documented setting that moved weekend closure days, if the calendar has one."""
        ...

    def closure_days(self, year: int) -> tuple[ClosureDay, ...]:
        """Every closure day (observed days included) that falls in `year`, in date order."""
        ...

    def closure(self, day: date) -> ClosureDay | None:
        """The closure on `day`, or None (weekends are not closures: see `weekend`)."""
        ...


@lru_cache(maxsize=512)
def _rule_closures(closures: tuple[ClosureSpec, ...], observance: Observance, year: int) -> tuple[ClosureDay, ...]:
    by_day: dict[date, ClosureDay] = {}
    names = {c.id: c.name for c in closures}
    # The observed day of next year's New Year's Day can fall on 31 December of this year.
    for rule_year in (year - 1, year, year + 1):
        for closure_id, actual in rule_dates(closures, rule_year).items():
            moved = observed_date(actual, observance)
            for day, observed in ((actual, False), (moved, moved != actual)):
                if day.year == year and day not in by_day:
                    name = names[closure_id] + (" (observed)" if observed else "")
                    by_day[day] = ClosureDay(day, name, observed)
    return tuple(by_day[d] for d in sorted(by_day))


@dataclass(frozen=True, slots=True)
class RuleCalendar:
    """A calendar of closure rules (see `refdata/data/calendars.yaml`)."""

    spec: RuleCalendarSpec
    observance: Observance

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def weekend(self) -> frozenset[int]:
        return self.spec.weekend

    @property
    def observance_setting(self) -> ObservanceSetting | None:
        return self.spec.observance

    def closure_days(self, year: int) -> tuple[ClosureDay, ...]:
        return _rule_closures(self.spec.closures, self.observance, year)

    def closure(self, day: date) -> ClosureDay | None:
        for closure in self.closure_days(day.year):
            if closure.day == day:
                return closure
        return None


@lru_cache(maxsize=512)
def _library_closures(country: str, subdivision: str | None, observed: bool, year: int) -> tuple[ClosureDay, ...]:
    table = holidays.country_holidays(country, subdiv=subdivision, years=year, observed=observed)
    days: list[ClosureDay] = []
    for day, name in sorted(table.items()):
        if day.year == year:
            days.append(ClosureDay(day, name, "(observed)" in name))
    return tuple(days)


@dataclass(frozen=True, slots=True)
class LibraryCalendar:
    """A calendar of the `holidays` library (e.g. country US: the federal holidays)."""

    spec: LibraryCalendarSpec

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def weekend(self) -> frozenset[int]:
        return self.spec.weekend

    @property
    def observance_setting(self) -> ObservanceSetting | None:
        return None

    def closure_days(self, year: int) -> tuple[ClosureDay, ...]:
        return _library_closures(self.spec.country, self.spec.subdivision, self.spec.observed, year)

    def closure(self, day: date) -> ClosureDay | None:
        for closure in self.closure_days(day.year):
            if closure.day == day:
                return closure
        return None


def calendar_from_spec(spec: CalendarSpec, observance: Observance | None = None) -> RuleCalendar | LibraryCalendar:
    """The calendar a spec describes; `observance` overrides a rule calendar's setting."""
    if isinstance(spec, RuleCalendarSpec):
        return RuleCalendar(spec, observance or spec.observance.value)
    return LibraryCalendar(spec)
