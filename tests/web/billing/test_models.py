"""A submitted claim version never changes: corrections are new versions with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.choices import CodedStatus
from coolclaim.web.billing.models import (
    Claim,
    ClaimEdit,
    ClaimLine,
    ClaimVersion,
    FeeScheduleEntry,
    ImmutableClaimVersion,
)
from coolclaim.web.billing.services.pricing import FeeBook

from .. import factories as f

pytestmark = pytest.mark.django_db


def make_claim() -> tuple[Claim, ClaimVersion]:
    data = f.clinic()
    claim = Claim.objects.create(facility=data["facility"], patient=data["patient"], session=data["session"])
    version = ClaimVersion.objects.create(claim=claim, number=1, coded_status=CodedStatus.HOLD)
    ClaimLine.objects.create(version=version, position=1, code="97007", diagnosis_pointers=[1])
    ClaimEdit.objects.create(
        version=version,
        position=1,
        code="DOCUMENTATION_INCOMPLETE",
        severity="error",
        message="m",
        source="s",
    )
    claim.current_version = version
    claim.save()
    return claim, version


def test_unsubmitted_version_can_change() -> None:
    _claim, version = make_claim()
    version.coded_status = CodedStatus.READY
    version.save()
    line = version.lines.get()
    line.units = 2
    line.save()
    ClaimLine.objects.filter(version=version).update(units=3)
    assert version.lines.get().units == 3


def test_submitted_version_refuses_every_change() -> None:
    claim, version = make_claim()
    user = f.user()
    version.submit(user)
    version.refresh_from_db()
    assert version.is_submitted
    assert version.submitted_by == user

    version.reason = "sneaky"
    with pytest.raises(ImmutableClaimVersion):
        version.save()
    with pytest.raises(ImmutableClaimVersion):
        version.delete()
    with pytest.raises(ImmutableClaimVersion):
        ClaimVersion.objects.filter(pk=version.pk).update(reason="sneaky")
    with pytest.raises(ImmutableClaimVersion):
        ClaimVersion.objects.filter(pk=version.pk).delete()

    line = ClaimLine.objects.get(version=version)
    line.units = 9
    with pytest.raises(ImmutableClaimVersion):
        line.save()
    with pytest.raises(ImmutableClaimVersion):
        line.delete()
    with pytest.raises(ImmutableClaimVersion):
        ClaimLine.objects.filter(version=version).update(units=9)
    with pytest.raises(ImmutableClaimVersion):
        ClaimLine.objects.filter(version=version).delete()
    with pytest.raises(ImmutableClaimVersion):
        ClaimLine.objects.create(version=version, position=2, code="97008")

    edit = ClaimEdit.objects.get(version=version)
    with pytest.raises(ImmutableClaimVersion):
        edit.override(user, "too late")
    with pytest.raises(ImmutableClaimVersion):
        ClaimEdit.objects.filter(version=version).delete()
    with pytest.raises(ImmutableClaimVersion):
        claim.delete()

    version.refresh_from_db()
    assert version.reason == ""
    assert ClaimLine.objects.get(version=version).units == 1


def test_correction_is_a_new_version_with_a_reason() -> None:
    claim, version = make_claim()
    version.submit(f.user())
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimVersion.objects.create(claim=claim, number=2, coded_status=CodedStatus.READY)
    v2 = ClaimVersion.objects.create(claim=claim, number=2, coded_status=CodedStatus.READY, reason="payer asked for 25")
    claim.current_version = v2
    claim.save()
    assert list(claim.versions.values_list("number", flat=True)) == [1, 2]


def test_override_needs_a_reason_and_a_user() -> None:
    from django.core.exceptions import ValidationError

    _claim, version = make_claim()
    edit = version.edits.get()
    with pytest.raises(ValidationError):
        edit.override(f.user(), "   ")
    edit.override(f.user(), "Serial confirmed on the device log")
    edit.refresh_from_db()
    assert edit.is_overridden
    assert not edit.blocks
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimEdit.objects.filter(pk=edit.pk).update(override_reason="")


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


def test_submit_stores_only_when_and_by_whom() -> None:
    _claim, version = make_claim()
    user = f.user()
    at = dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.UTC)
    version.reason = "not saved by submit"
    version.submit(user, now=at)
    assert list(ClaimVersion.objects.filter(pk=version.pk).values_list("submitted_at", "submitted_by", "reason")) == [
        (at, user.pk, "")
    ]


def test_submit_without_a_time_takes_the_current_one() -> None:
    _claim, version = make_claim()
    before = timezone.now()
    version.submit(f.user())
    after = timezone.now()
    stored = ClaimVersion.objects.get(pk=version.pk).submitted_at
    assert stored is not None
    assert before <= stored <= after


def test_override_stores_only_who_when_and_why() -> None:
    _claim, version = make_claim()
    edit = version.edits.get()
    user = f.user()
    at = dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.UTC)
    edit.message = "not saved by override"
    edit.override(user, "  Serial confirmed on the device log ", now=at)
    assert list(
        ClaimEdit.objects.filter(pk=edit.pk).values_list("overridden_by", "overridden_at", "override_reason", "message")
    ) == [(user.pk, at, "Serial confirmed on the device log", "m")]


def test_override_without_a_reason_names_the_field() -> None:
    from django.core.exceptions import ValidationError

    _claim, version = make_claim()
    edit = version.edits.get()
    with pytest.raises(ValidationError) as refused:
        edit.override(f.user(), " \n")
    assert refused.value.message_dict == {"override_reason": ["A reason is required to override."]}
    assert ClaimEdit.objects.get(pk=edit.pk).overridden_at is None
