"""Business-day calendars and clocks (pure): closure days by rule or from the `holidays` library."""

from coolclaim.calendars.business_calendar import (
    BusinessCalendar,
    ClosureDay,
    LibraryCalendar,
    RuleCalendar,
    calendar_from_spec,
)
from coolclaim.calendars.business_days import add_business_days, is_business_day

__all__ = [
    "BusinessCalendar",
    "ClosureDay",
    "LibraryCalendar",
    "RuleCalendar",
    "add_business_days",
    "calendar_from_spec",
    "is_business_day",
]
