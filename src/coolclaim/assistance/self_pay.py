"""The manufacturer's self-pay price list (informational): what a course of n treatments costs.

Tiers come from `assistance_programs.yaml` (from 2023-04-01: treatment 1 with the cap kit $350,
2-4 $350 each, 5-6 $200 each, 7-12 $100 each, capped at $2,400 per course). Treatments past the
last tier cost nothing more; the cap bounds the total.
"""

from __future__ import annotations

from decimal import Decimal

from coolclaim.refdata.assistance_model import SelfPayPriceList


def course_price(prices: SelfPayPriceList, treatments: int) -> Decimal:
    """Self-pay price of a course of `treatments` treatments (0 for none)."""
    if treatments < 0:
        raise ValueError("treatments must not be negative")
    total = Decimal(0)
    for tier in prices.tiers:
        count = max(0, min(treatments, tier.last) - tier.first + 1)
        total += tier.price * count
    return min(total, prices.cap_per_course)
