"""Billing pages of claims exchange: fee schedule, charges on the claim page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import ClaimLine, FeeScheduleEntry

from ..pages_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.BILLING, 200), (Role.FACILITY_ADMIN, 200), (Role.NURSE, 403), (Role.ANALYST, 403)]
)
def test_fee_schedule_page_is_for_billing_and_admins(world: World, role: str, status: int) -> None:
    url = reverse("billing:fee_schedule") + f"?facility={world.mine.facility.pk}"
    assert world.client(role).get(url).status_code == status


def test_fee_schedule_of_a_facility_out_of_scope_is_not_found(world: World) -> None:
    client = world.client(Role.BILLING)
    assert client.get(reverse("billing:fee_schedule") + f"?facility={world.theirs.facility.pk}").status_code == 404
    url = reverse("billing:fee_entry_add", args=[world.theirs.facility.pk])
    assert client.post(url, {"code": "97007", "charge": "1", "effective_from": "2026-01-01"}).status_code == 404


def test_add_a_fee_and_import_a_csv_with_a_bad_row(world: World) -> None:
    client = world.client(Role.BILLING)
    facility = world.mine.facility
    response = client.post(
        reverse("billing:fee_entry_add", args=[facility.pk]),
        {"code": "j9999", "charge": "12.50", "payer_type": "medicaid", "effective_from": "2026-01-01"},
    )
    assert response.status_code == 302
    assert FeeScheduleEntry.objects.get(facility=facility, code="J9999").charge == Decimal("12.50")
    bad = client.post(
        reverse("billing:fee_entry_add", args=[facility.pk]), {"code": "x", "charge": "-1", "effective_from": ""}
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Code: A five-character HCPCS/CPT code." in body
    assert "Effective from: This field is required." in body
    upload = SimpleUploadedFile("fees.csv", b"code,charge,effective_from\nQ1234,5,2026-01-01\nQ1235,five,2026-01-01\n")
    imported = client.post(reverse("billing:fee_schedule_import", args=[facility.pk]), {"file": upload})
    assert imported.status_code == 200
    text = imported.content.decode()
    assert "1 added, 0 changed, 0 unchanged; 1 problem (those rows were not imported)." in text
    assert "Row 3, charge: &#x27;five&#x27; is not an amount" in text
    assert FeeScheduleEntry.objects.filter(facility=facility, code="Q1234").count() == 1


def test_claim_page_shows_charges_and_total(world: World) -> None:
    claim = world.mine.ready
    lines = ClaimLine.objects.filter(version_id=claim.current_version_id)
    total = sum((ln.charge for ln in lines), Decimal(0))
    body = world.client(Role.BILLING).get(reverse("billing:claim_detail", args=[claim.pk])).content.decode()
    assert f'<td class="num" id="claim-total">{total}</td>' in body
