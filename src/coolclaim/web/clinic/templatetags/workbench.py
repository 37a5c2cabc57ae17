"""Template helpers of the workbench pages: permission checks, aging badges, code descriptions."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from coolclaim.web.accounts.permissions import can
from coolclaim.web.jinja_rows import render_rows

register = template.Library()

#: Aging bands: (upper bound in days, css class, label). Colour and text always go together.
#: Age alone says nothing about a deadline (timely filing differs by payer and contract, and no
#: payer's limit is reference data yet), so no band is called "overdue" or coloured as an error.
AGING_BANDS: tuple[tuple[int, str, str], ...] = (
    (7, "age-new", "new"),
    (30, "age-mid", "aging"),
    (10_000_000, "age-long", "old"),
)


@register.filter
def can_do(user: Any, action: str) -> bool:
    """``{% if user|can_do:"review_claim" %}`` — the role allows the action."""
    return can(user, action)


def days_since(day: dt.date | None, today: dt.date | None = None) -> int | None:
    if day is None:
        return None
    return ((today or timezone.localdate()) - day).days


def aging_band(days: int | None) -> tuple[str, str]:
    if days is None:
        return "age-unknown", "no date"
    for limit, css, label in AGING_BANDS:
        if days <= limit:
            return css, label
    return AGING_BANDS[-1][1], AGING_BANDS[-1][2]


@register.inclusion_tag("queue/_aging.html")
def aging_badge(day: dt.date | None) -> dict[str, Any]:
    """A colour+text badge: days since the date of service."""
    days = days_since(day)
    css, label = aging_band(days)
    return {"days": days, "css": css, "label": label}


@register.filter
def code_description(code: str) -> str:
    """The plain-language description of a billing code from the reference data."""
    from coolclaim import bootstrap

    info = bootstrap.refdata().codes.get(str(code))
    return info.description if info is not None else ""


@register.filter
def join_list(value: Any, sep: str = ", ") -> str:
    if not value:
        return ""
    return sep.join(str(v) for v in value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ mapping|get_item:key }}`` for dicts keyed by ids."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def jinja_rows(template_name: str, **context: Any) -> SafeString:
    """``{% jinja_rows "queue/_rows.jinja" rows=rows show_phi=show_phi %}``: a long row loop
    rendered by Jinja2 with Django's escaping (see :mod:`coolclaim.web.jinja_rows`)."""
    return render_rows(template_name, **context)


@functools.lru_cache(maxsize=256)
def _reversed(name: str, prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% fixed_url 'queue:index' %}``: ``{% url 'queue:index' %}`` for a URL without
    arguments (the navigation's), reversed once per script prefix and URL configuration: the
    answer depends on nothing else, and each page links a dozen of them."""
    return _reversed(name, get_script_prefix(), get_urlconf())
