"""The benefits investigation page reads a 271: the payer's answer fills active coverage,
deductible (and met), coinsurance, copay and out-of-pocket (and met); a rejected inquiry or a
broken file is named (segment and position); the form still saves through the BI page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coolclaim.web.hub.models import BenefitsInvestigation

from .. import factories as f
from .world import HubWorld, build, new_case

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parents[2] / "adapters" / "x12" / "files" / "271_benefits.x12"


def _world(member_id: str = "XJH123456789") -> tuple[HubWorld, int, Client]:
    world = build()
    f.coverage(world.patient, member_id=member_id, payer_name="Example Advantage Plan")
    case = new_case(world)
    client = Client()
    client.force_login(world.coordinator)
    return world, case.pk, client


def _upload(client: Client, case_pk: int, data: bytes) -> str:
    response = client.post(
        reverse("hub:benefits_from_271", args=[case_pk]),
        {"file_271": SimpleUploadedFile("answer.271", data, content_type="text/plain")},
    )
    return f"{response.status_code}\n{response.content.decode()}"


def test_the_271_fills_the_bi_form() -> None:
    _, case_pk, client = _world()
    page = client.get(reverse("hub:benefits", args=[case_pk])).content.decode()
    assert reverse("hub:benefits_from_271", args=[case_pk]) in page
    status, text = _upload(client, case_pk, FILE.read_bytes()).split("\n", 1)
    assert status == "200"
    assert (
        "Filled from the 271 (trace ELIG-ALICE-1): coverage active, deductible, deductible met, coinsurance, copay,"
        " out-of-pocket maximum, out-of-pocket met." in text
    )
    for name, value in [
        ("deductible", "1500"),
        ("deductible_met", "1149.75"),
        ("coinsurance_percent", "20.00"),
        ("copay", "40"),
        ("oop_max", "6000"),
        ("oop_met", "1800"),
    ]:
        assert f'name="{name}" value="{value}"' in text, name
    assert f'action="{reverse("hub:benefits", args=[case_pk])}"' in text
    assert BenefitsInvestigation.objects.count() == 0


def test_a_271_about_someone_else_is_refused_by_reason() -> None:
    _, case_pk, client = _world(member_id="OTHER0001")
    status, text = _upload(client, case_pk, FILE.read_bytes()).split("\n", 1)
    assert status == "400"
    assert "none of the 2 people in the 271 has the member id of this case&#x27;s coverage" in text
    assert "XJH123456789" not in text


def test_a_rejected_inquiry_is_named_in_words() -> None:
    _, case_pk, client = _world(member_id="ZZZ000")
    status, text = _upload(client, case_pk, FILE.read_bytes()).split("\n", 1)
    assert status == "400"
    assert "the payer rejected the inquiry (AAA 72: invalid or missing member id)" in text


def test_a_truncated_271_names_the_segment_and_position() -> None:
    _, case_pk, client = _world()
    status, text = _upload(client, case_pk, FILE.read_bytes()[:300]).split("\n", 1)
    assert status == "400"
    assert "segment 7 (HL): the file ends inside a segment" in text


def test_a_nurse_may_not_and_another_hub_does_not_find_the_case() -> None:
    world, case_pk, client = _world()
    client.force_login(world.nurse)
    assert _upload(client, case_pk, FILE.read_bytes()).split("\n", 1)[0] == "403"
    client.force_login(world.other_coordinator)
    assert _upload(client, case_pk, FILE.read_bytes()).split("\n", 1)[0] == "404"
