"""How claim values print on paper forms: dates, money, names, addresses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

from coolclaim.claims.model import Address, Person

T = TypeVar("T")


def mmddyy(day: date) -> str:
    return day.strftime("%m %d %y")


def mmddyyyy(day: date) -> str:
    return day.strftime("%m %d %Y")


def amount(value: Decimal) -> str:
    """`1200.5` -> `1,200.50` (the cents always shown)."""
    return f"{value.quantize(Decimal('0.01')):,.2f}"


def units(value: Decimal) -> str:
    return f"{value.normalize():f}"


def person_name(person: Person) -> str:
    middle = f", {person.middle_name[0]}" if person.middle_name else ""
    return f"{person.last_name}, {person.first_name}{middle}"


def address_lines(address: Address) -> list[str]:
    street = address.line1 if address.line2 is None else f"{address.line1} {address.line2}"
    return [street, f"{address.city}, {address.state} {address.postal_code}"]


def pages_of(items: tuple[T, ...], size: int) -> list[tuple[T, ...]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [()]
