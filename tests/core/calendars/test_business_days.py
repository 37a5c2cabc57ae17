"""The business-day clock: counting business days past closures and listing closure days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from coolclaim.calendars import BusinessCalendar, calendar_from_spec
from coolclaim.calendars.business_calendar import ClosureDay
from coolclaim.calendars.business_days import add_business_days, closures_between, is_business_day
from coolclaim.refdata.builders import calendars
from coolclaim.refdata.calendar_model import ObservanceSetting


def _hub() -> BusinessCalendar:
    spec = calendars.load().get("hub")
    assert spec is not None
    return calendar_from_spec(spec)


HUB = _hub()


@dataclass(frozen=True)
class _AlwaysClosed:
    """A calendar whose weekend is every day of the week: a data error the clock must refuse."""

    id: str = "always-closed"
    name: str = "Always closed"
    weekend: frozenset[int] = frozenset(range(7))
    observance_setting: ObservanceSetting | None = None

    def closure_days(self, year: int) -> tuple[ClosureDay, ...]:
        return ()

    def closure(self, day: date) -> ClosureDay | None:
        return None


def test_the_first_business_day_after_christmas_eve_is_the_monday() -> None:
    # Thursday 24 December 2026: Christmas (Friday) is closed, then the weekend.
    assert add_business_days(date(2026, 12, 24), 1, HUB) == date(2026, 12, 28)
    assert add_business_days(date(2026, 12, 24), 2, HUB) == date(2026, 12, 29)


def test_the_start_day_is_never_counted() -> None:
    assert add_business_days(date(2026, 12, 1), 1, HUB) == date(2026, 12, 2)
    assert is_business_day(date(2026, 12, 1), HUB) is True
    assert is_business_day(date(2026, 12, 25), HUB) is False
    assert is_business_day(date(2026, 12, 26), HUB) is False


@pytest.mark.parametrize("count", [0, -1])
def test_a_count_below_one_is_refused(count: int) -> None:
    with pytest.raises(ValueError, match=r"^count must be at least 1$"):
        add_business_days(date(2026, 12, 1), count, HUB)


def test_a_calendar_without_business_days_is_refused_not_looped() -> None:
    with pytest.raises(
        ValueError, match=r"^calendar always-closed has no 2 business days within 3660 days of 2026-01-05$"
    ):
        add_business_days(date(2026, 1, 5), 2, _AlwaysClosed())


def test_closures_between_includes_both_ends_across_the_year_end() -> None:
    found = closures_between(date(2026, 11, 26), date(2027, 1, 1), HUB)
    assert [(c.day, c.name, c.observed) for c in found] == [
        (date(2026, 11, 26), "Thanksgiving Day", False),
        (date(2026, 11, 27), "Day after Thanksgiving", False),
        (date(2026, 12, 25), "Christmas Day", False),
        (date(2027, 1, 1), "New Year's Day", False),
    ]
    assert closures_between(date(2026, 11, 28), date(2026, 12, 24), HUB) == ()
