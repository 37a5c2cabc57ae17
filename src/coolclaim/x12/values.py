"""Reading X12 values: amounts (R) and dates (CCYYMMDD), with errors that name the element."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from coolclaim.x12.errors import X12Error
from coolclaim.x12.interchange import Segment


def money(segment: Segment, index: int, *, required: bool = True) -> Decimal:
    text = segment.get(index)
    if not text:
        if required:
            raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} (an amount) is missing")
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} {text!r} is not an amount") from None
    if not value.is_finite():
        raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} {text!r} is not an amount")
    return value


def ccyymmdd(segment: Segment, index: int) -> date:
    text = segment.get(index)
    try:
        if len(text) != 8 or not text.isdigit():
            raise ValueError
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} {text!r} is not a date") from None
