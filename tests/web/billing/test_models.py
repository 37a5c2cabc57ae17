"""Billing models added for claims exchange: the fee schedule and its lookup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import FeeScheduleEntry
from coolclaim.web.billing.pricing import FeeBook

from .. import factories as f

pytestmark = pytest.mark.django_db


def _entry(facility: Facility, code: str, charge: str, start: dt.date, **kwargs: Any) -> FeeScheduleEntry:
    return FeeScheduleEntry.objects.create(
        facility=facility, code=code, charge=Decimal(charge), effective_from=start, **kwargs
    )


def test_the_fee_in_force_on_the_day_for_the_payer_type_wins() -> None:
    facility = f.facility(f.hub(), fees={})
    _entry(facility, "97007", "300.00", dt.date(2025, 1, 1), effective_to=dt.date(2025, 12, 31))
    _entry(facility, "97007", "350.00", dt.date(2026, 1, 1))
    _entry(facility, "97007", "320.00", dt.date(2026, 1, 1), payer_type="medicare", expected_allowed=Decimal("210"))
    book = FeeBook.for_facilities([facility.pk])
    assert book.charge(facility.pk, "97007", 1, dt.date(2025, 6, 1)) == Decimal("300.00")
    assert book.charge(facility.pk, "97007", 3, dt.date(2026, 2, 3)) == Decimal("1050.00")
    assert book.charge(facility.pk, "97007", 1, dt.date(2026, 2, 3), "medicare") == Decimal("320.00")
    assert book.charge(facility.pk, "97007", 1, dt.date(2026, 2, 3), "medicaid") == Decimal("350.00")
    assert book.charge(facility.pk, "97007", 1, dt.date(2024, 12, 31)) is None
    assert book.charge(facility.pk, "97008", 1, dt.date(2026, 2, 3)) is None
    assert book.charge(facility.pk, "97007", 1, None) is None


def test_a_fee_cannot_be_negative_or_end_before_it_starts() -> None:
    facility = f.facility(f.hub(), fees={})
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(facility, "97007", "-1.00", dt.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(facility, "97007", "1.00", dt.date(2026, 1, 1), effective_to=dt.date(2025, 12, 31))
    _entry(facility, "97007", "1.00", dt.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(facility, "97007", "2.00", dt.date(2026, 1, 1))
