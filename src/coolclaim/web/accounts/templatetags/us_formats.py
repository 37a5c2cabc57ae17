"""The workbench's one set of display formats, a template builtin (no ``{% load %}`` needed).

US billing offices read dates as MM/DD/YYYY; a time is shown in the facility's time zone with
the zone named ("03/03/2026 8:30 AM EST"); money has two decimals and a dollar sign. Dates and
times are ``<time>`` elements with the machine-readable value, styled so they never wrap
inside a table cell. Every page uses these filters, so a format changes in one place.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

US_DATE = "%m/%d/%Y"
EMPTY = "—"


def zone_of(where: Any) -> ZoneInfo | None:
    """The time zone of a facility (anything with ``time_zone``), a zone name, or None."""
    name = getattr(where, "time_zone", where)
    if not name:
        return None
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _as_date(value: dt.date | dt.datetime | str) -> dt.date | dt.datetime:
    """An ISO date string (as the coding contract writes it) read as a date."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def us_date_text(value: dt.date | dt.datetime | str | None, where: Any = None) -> str:
    """MM/DD/YYYY; a datetime is first put in ``where``'s zone (its local date there); an ISO
    date string (the coding contract's) is read as a date."""
    if value is None or value == "":
        return ""
    value = _as_date(value)
    if isinstance(value, dt.datetime):
        zone = zone_of(where)
        if zone is not None and value.tzinfo is not None:
            value = value.astimezone(zone)
    return value.strftime(US_DATE)


def us_datetime_text(value: dt.datetime | None, where: Any = None) -> str:
    """``03/03/2026 8:30 AM EST``: the time in ``where``'s zone (UTC if none), zone named."""
    if value is None or value == "":
        return ""
    zone = zone_of(where) or dt.UTC
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{local.strftime(US_DATE)} {hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'} {local.tzname()}"


def money_text(value: Decimal | int | float | str | None) -> str:
    """``$1,234.50`` (two decimals, thousands separated); ``-$12.00`` for a negative amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


@register.filter
def us_date(value: dt.date | dt.datetime | str | None, where: Any = None) -> SafeString | str:
    """``{{ claim.date_of_service|us_date }}`` → ``<time datetime="2026-03-03">03/03/2026</time>``."""
    text = us_date_text(value, where)
    if not text or value is None:
        return EMPTY
    day = _as_date(value)
    if isinstance(day, dt.datetime):
        day = (day.astimezone(zone_of(where) or dt.UTC) if day.tzinfo else day).date()
    assert isinstance(day, dt.date)
    return format_html('<time class="when" datetime="{}">{}</time>', day.isoformat(), text)


@register.filter
def us_datetime(value: dt.datetime | None, where: Any = None) -> SafeString | str:
    """``{{ note.created_at|us_datetime:claim.facility }}`` → ``03/03/2026 8:30 AM EST``."""
    text = us_datetime_text(value, where)
    if not text:
        return EMPTY
    assert isinstance(value, dt.datetime)
    return format_html('<time class="when" datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def money(value: Decimal | int | float | str | None) -> str:
    """``{{ line.charge|money }}`` → ``$1,200.00``."""
    return money_text(value) or EMPTY


@register.filter
def us_time(value: dt.datetime | None, where: Any = None) -> SafeString | str:
    """The clock time alone, ``10:30 AM``, in ``where``'s zone (after a full date-time)."""
    if value is None or value == "":
        return EMPTY
    assert isinstance(value, dt.datetime)
    text = us_datetime_text(value, where)
    return format_html('<time class="when" datetime="{}">{}</time>', value.isoformat(), text.split(" ", 1)[1])
