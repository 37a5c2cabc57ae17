"""Counting business days on a calendar."""

from __future__ import annotations

from datetime import date, timedelta

from coolclaim.calendars.business_calendar import BusinessCalendar, ClosureDay

_MAX_SCAN_DAYS = 3660  # a calendar closed for ten years is a data error, not a loop


def is_business_day(day: date, calendar: BusinessCalendar) -> bool:
    return day.weekday() not in calendar.weekend and calendar.closure(day) is None


def add_business_days(start: date, count: int, calendar: BusinessCalendar) -> date:
    """The `count`-th business day after `start` (`start` itself is never counted; count >= 1)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    found = 0
    for _ in range(_MAX_SCAN_DAYS):
        day += timedelta(days=1)
        if is_business_day(day, calendar):
            found += 1
            if found == count:
                return day
    raise ValueError(f"calendar {calendar.id} has no {count} business days within {_MAX_SCAN_DAYS} days of {start}")


def closures_between(first: date, last: date, calendar: BusinessCalendar) -> tuple[ClosureDay, ...]:
    """The closure days from `first` to `last` inclusive, in date order."""
    found: list[ClosureDay] = []
    for year in range(first.year, last.year + 1):
        found.extend(c for c in calendar.closure_days(year) if first <= c.day <= last)
    return tuple(found)
