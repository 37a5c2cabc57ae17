"""A hub case's PA request downloads as a Da Vinci PAS-shaped Bundle: the Claim first with use
= preauthorization, the services of the first infusion's era, our PAS checks clean; what is
missing is named; coordinators of the case's hub only; audited."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.fhir import check_pas_bundle, parse_bundle, read_prior_auth_bundle
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.pas_bundle import request_id_of

from .. import factories as f
from ..billing.exchange_world import trading_partner
from .world import HubWorld, build, new_case

pytestmark = pytest.mark.django_db


def _world(**case: Any) -> tuple[HubWorld, Case, Client]:
    world = build()
    trading_partner(world.facility)
    world.patient.city, world.patient.postal_code = "ALBANY", "12207"
    world.patient.save()
    f.coverage(world.patient, member_id="XH00000042")
    made = new_case(world, **case)
    client = Client()
    client.force_login(world.coordinator)
    return world, made, client


def test_the_pa_request_downloads_as_a_checked_pas_bundle() -> None:
    _, case, client = _world()
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = client.get(reverse("hub:pas_bundle", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"] == f'attachment; filename="case-{case.pk}-pas-HUB{case.pk}-PA.json"'
    data = json.loads(response.content)
    first = data["entry"][0]["resource"]
    assert (first["resourceType"], first["use"]) == ("Claim", "preauthorization")
    bundle = parse_bundle(response.content.decode())
    assert check_pas_bundle(bundle) == []
    request = read_prior_auth_bundle(bundle)
    assert request.request_id == request_id_of(case, None)
    assert request.diagnoses == ("C50912", "Z5111")
    assert [(s.code, s.units) for s in request.services] == [
        ("97007", Decimal(1)),
        ("97008", Decimal(6)),
        ("97009", Decimal(18)),
    ]
    assert request.subscriber.member_id == "XH00000042"
    assert request.subscriber.payer.payer_id == "60054"
    assert request.services[0].start == dt.date(2026, 12, 14)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 2


def test_a_2025_case_asks_for_the_category_iii_codes() -> None:
    _, case, client = _world(first_infusion_date=dt.date(2025, 11, 3), received="2025-10-20")
    response = client.get(reverse("hub:pas_bundle", args=[case.pk]))
    assert response.status_code == 200
    request = read_prior_auth_bundle(parse_bundle(response.content.decode()))
    assert [(s.code, s.units) for s in request.services] == [("0662T", Decimal(1)), ("0663T", Decimal(6))]


def test_what_is_missing_is_named_on_the_case_page() -> None:
    world, case, client = _world()
    world.facility.trading_partner.delete()
    response = client.get(reverse("hub:pas_bundle", args=[case.pk]), follow=True)
    assert response.redirect_chain == [(reverse("hub:case_detail", args=[case.pk]), 302)]
    assert f"No PAS bundle: {world.facility.name} has no trading-partner settings" in response.content.decode()


def test_an_incomplete_address_is_named() -> None:
    world, case, client = _world()
    world.patient.city = ""
    world.patient.save()
    response = client.get(reverse("hub:pas_bundle", args=[case.pk]), follow=True)
    assert "No PAS bundle: the patient&#x27;s address is incomplete." in response.content.decode()


def test_a_nurse_may_not_and_another_hub_does_not_find_the_case() -> None:
    world, case, client = _world()
    client.force_login(world.nurse)
    assert client.get(reverse("hub:pas_bundle", args=[case.pk])).status_code == 403
    client.force_login(world.other_coordinator)
    assert client.get(reverse("hub:pas_bundle", args=[case.pk])).status_code == 404
