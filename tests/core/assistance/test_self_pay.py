"""The manufacturer's self-pay price list, as data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coolclaim.assistance.self_pay import course_price
from tests.core.assistance.factories import reference

PRICES = reference().programs.self_pay


@pytest.mark.parametrize(
    ("treatments", "price"),
    [
        (0, "0"),
        (1, "350.00"),
        (4, "1400.00"),
        (5, "1600.00"),
        (6, "1800.00"),
        (7, "1900.00"),
        (12, "2400.00"),
        (16, "2400.00"),
    ],
)
def test_course_price(treatments: int, price: str) -> None:
    assert course_price(PRICES, treatments) == Decimal(price)


def test_price_list_facts() -> None:
    assert str(PRICES.effective_from) == "2023-04-01"
    assert PRICES.cap_per_course == Decimal("2400.00")
    assert PRICES.tiers[0].includes_cap_kit is True
    assert PRICES.confidence == "M"


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^treatments must not be negative$"):
        course_price(PRICES, -1)
