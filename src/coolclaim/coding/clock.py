"""Time-zone helpers for session times (no clock reads: every instant is an argument)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@cache
def known_timezone(name: str) -> bool:
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_date(moment: datetime, timezone: str | None) -> date:
    """The facility's local date of a moment.

    The times carry the facility's wall-clock offset, so their own date is the local date;
    when the facility's time zone is known it is used instead (a time sent in UTC still lands
    on the right local date).
    """
    if timezone is not None and moment.tzinfo is not None:
        return moment.astimezone(zone(timezone)).date()
    return moment.date()
