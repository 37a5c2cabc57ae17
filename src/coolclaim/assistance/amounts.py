"""Exact money arithmetic and how amounts and percentages are shown.

Comparisons are exact on Decimal (no rounding before a rule is judged). Shown values are
rounded once, ROUND_HALF_UP, to two places: money as "129840.00", percentages as "600.00".
A percentage can therefore show "600.00" for an income a fraction of a cent over the limit;
the reason's message then names both amounts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_EXACT = Context(prec=60, rounding=ROUND_HALF_EVEN)


def two_places(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_EXACT)


def money_text(value: Decimal) -> str:
    """'129840.00': the JSON form of an amount."""
    return f"{two_places(value):f}"


def money_words(value: Decimal) -> str:
    """'$129,840.00': the form used in messages."""
    return f"${two_places(value):,.2f}"


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, shown to two places (ROUND_HALF_UP); whole must be positive."""
    return two_places(_EXACT.divide(_EXACT.multiply(part, HUNDRED), whole))


def share(whole: Decimal, percent: Decimal) -> Decimal:
    """percent % of whole, exactly."""
    return _EXACT.divide(_EXACT.multiply(whole, percent), HUNDRED)


def percent_words(value: Decimal) -> str:
    """'600%' or '33.5%': a rule's percentage in a message, without trailing zeros."""
    text = f"{value.normalize():f}"
    return f"{text}%"
