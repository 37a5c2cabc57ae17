"""The trading-partner settings page: billing sets a facility's envelope, submitter, receiver
and payer ids; bad values are named by field; the next 837's envelope reads them; the page is
scoped to the user's facilities and audited."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import TradingPartner
from coolclaim.web.billing.services.submit_claims import submit_claims

from .. import factories as f
from .exchange_world import build_exchange

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "sender_qualifier": "30",
    "sender_id": "621234567",
    "receiver_qualifier": "ZZ",
    "receiver_id": "NEWHOUSE",
    "submitter_name": "RIVERSIDE BILLING",
    "submitter_id": "ETIN777",
    "contact_name": "BILLING DESK",
    "contact_phone": "(412) 555-0199",
    "receiver_name": "NEW CLEARINGHOUSE",
    "receiver_id_code": "NC12345",
    "taxonomy": "207rx0202x",
    "address_line1": "200 MAIN ST",
    "city": "PITTSBURGH",
    "state": "pa",
    "postal_code": "15213-1234",
    "payer_ids_text": "Example Health Plan = 60054\n\nOther Plan = 99999",
}


def _url(facility_id: int) -> str:
    return f"{reverse('billing:trading_partner')}?facility={facility_id}"


def test_billing_saves_the_settings_and_the_next_837_reads_them() -> None:
    world = build_exchange(claims=1)
    client = Client()
    client.force_login(world.billing)
    page = client.get(_url(world.facility.pk))
    assert page.status_code == 200
    assert 'value="COOLCLAIMTEST"' in page.content.decode()
    before = LogEntry.objects.filter(content_type__model="tradingpartner").count()
    saved = client.post(_url(world.facility.pk), {**GOOD, "facility_id": str(world.facility.pk)})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved.status_code
    partner = TradingPartner.objects.get(facility=world.facility)
    assert (partner.sender_qualifier, partner.sender_id, partner.contact_phone, partner.taxonomy) == (
        "30",
        "621234567",
        "4125550199",
        "207RX0202X",
    )
    assert (partner.state, partner.postal_code) == ("PA", "152131234")
    assert partner.payer_ids == {"Example Health Plan": "60054", "Other Plan": "99999"}
    assert LogEntry.objects.filter(content_type__model="tradingpartner").count() == before + 1
    batch = submit_claims(world.facility, world.billing).batch
    assert batch is not None
    isa = batch.content.split("~")[0].split("*")
    assert (isa[5], isa[6].strip(), isa[7], isa[8].strip()) == ("30", "621234567", "ZZ", "NEWHOUSE")
    assert "NM1*41*2*RIVERSIDE BILLING*****46*ETIN777~" in batch.content
    assert "NM1*40*2*NEW CLEARINGHOUSE*****46*NC12345~" in batch.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sender_id", "ABC*DEF", "Sender id (ISA06, GS02): Sender id cannot contain * : ^ or ~ (X12 separators)."),
        ("contact_phone", "555-0199", "Contact phone: Ten digits (area code and number)."),
        ("postal_code", "15213", "ZIP+4: Nine digits (ZIP+4): the 837 needs the full code for the billing provider."),
        ("payer_ids_text", "Example Health Plan 60054", "Payer ids: Line 1: write &#x27;payer name = payer id&#x27;."),
        ("sender_qualifier", "99", "Sender id qualifier (ISA05): Select a valid choice. 99 is not one of"),
    ],
)
def test_a_bad_value_is_named_by_its_field_and_nothing_changes(field: str, value: str, message: str) -> None:
    world = build_exchange(claims=1)
    client = Client()
    client.force_login(world.billing)
    response = client.post(_url(world.facility.pk), {**GOOD, field: value, "facility_id": str(world.facility.pk)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert TradingPartner.objects.get(facility=world.facility).sender_id == "COOLCLAIMTEST"


def test_a_facility_without_settings_gets_them_created() -> None:
    world = build_exchange(claims=1)
    world.facility.trading_partner.delete()
    client = Client()
    client.force_login(world.billing)
    assert "No settings yet" in client.get(_url(world.facility.pk)).content.decode()
    assert client.post(_url(world.facility.pk), {**GOOD, "facility_id": str(world.facility.pk)}).status_code == 302
    assert TradingPartner.objects.get(facility=world.facility).receiver_id == "NEWHOUSE"


def test_a_nurse_may_not_and_another_facility_is_not_found() -> None:
    world = build_exchange(claims=1)
    client = Client()
    client.force_login(f.user(Role.NURSE, world.facility))
    assert client.get(_url(world.facility.pk)).status_code == 403
    other = build_exchange(claims=1, hub=world.hub)
    client.force_login(other.billing)
    assert client.get(_url(world.facility.pk)).status_code == 404
    assert client.post(_url(world.facility.pk), {**GOOD, "facility_id": str(world.facility.pk)}).status_code == 404
    assert TradingPartner.objects.get(facility=world.facility).sender_id == "COOLCLAIMTEST"
