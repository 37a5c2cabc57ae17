"""The date a closure rule gives in a year, and where a weekend closure day is observed."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from coolclaim.refdata.calendar_model import (
    ClosureSpec,
    DaysAfter,
    FixedDate,
    LastWeekday,
    NthWeekday,
    Observance,
)

SATURDAY, SUNDAY = 5, 6


def rule_dates(closures: tuple[ClosureSpec, ...], year: int) -> dict[str, date]:
    """The actual (unobserved) date of every closure in `year`, by closure id.

    A `DaysAfter` rule refers to a closure listed before it (checked when the data is built).
    """
    dates: dict[str, date] = {}
    for closure in closures:
        rule = closure.rule
        if isinstance(rule, FixedDate):
            dates[closure.id] = date(year, rule.month, rule.day)
        elif isinstance(rule, NthWeekday):
            first = date(year, rule.month, 1)
            offset = (rule.weekday - first.weekday()) % 7
            day = first + timedelta(days=offset + 7 * (rule.n - 1))
            if day.month != rule.month:
                raise ValueError(f"{closure.id}: month {rule.month} of {year} has no weekday #{rule.n}")
            dates[closure.id] = day
        elif isinstance(rule, LastWeekday):
            last = date(year, rule.month, calendar.monthrange(year, rule.month)[1])
            dates[closure.id] = last - timedelta(days=(last.weekday() - rule.weekday) % 7)
        else:
            assert isinstance(rule, DaysAfter)
            dates[closure.id] = dates[rule.closure] + timedelta(days=rule.days)
    return dates


def observed_date(day: date, observance: Observance) -> date:
    """Where a closure day is observed: moved off a weekend by the calendar's setting."""
    if observance == "nearest_weekday":
        if day.weekday() == SATURDAY:
            return day - timedelta(days=1)
        if day.weekday() == SUNDAY:
            return day + timedelta(days=1)
    elif observance == "sunday_to_monday" and day.weekday() == SUNDAY:
        return day + timedelta(days=1)
    return day
