"""Widgets and fields the hub's forms share: date-times in the case's clock, money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms


class WhenField(forms.DateTimeField):
    """A date-time typed in the case's time zone (the view activates it)."""

    def __init__(self, label: str = "When", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(label=label, **kwargs)


def money(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=Decimal("0"), max_digits=10, decimal_places=2)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


REASON_HELP = "Why: kept with the event in the case's timeline."


def reason_field(required: bool = False) -> forms.CharField:
    return forms.CharField(label="Reason", max_length=500, required=required, help_text=REASON_HELP)
