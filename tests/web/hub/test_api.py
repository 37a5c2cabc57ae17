"""Hub API: replay and screen exactly as the CLI (the core's golden files); enrollment and case read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry

from coolclaim.web.hub.models import Case, CaseEvent
from tests.core.assistance.factories import application

from ..api_support import token_client
from .world import build, new_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HUB_GOLDEN = ROOT / "core" / "hub" / "golden"
SCREEN_GOLDEN = ROOT / "core" / "assistance" / "golden"


def _post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_replay_answers_the_golden_output_case_by_case_and_as_an_array() -> None:
    client = token_client(build().coordinator)
    inputs = [json.loads(line) for line in (HUB_GOLDEN / "public_examples.input.jsonl").read_text().splitlines()]
    outputs = [json.loads(line) for line in (HUB_GOLDEN / "public_examples.output.jsonl").read_text().splitlines()]
    for one, expected in zip(inputs, outputs, strict=True):
        response = _post(client, "/api/v1/hub/replay", one)
        assert (response.status_code, response.json()) == (200, expected)
    response = _post(client, "/api/v1/hub/replay", inputs)
    assert (response.status_code, response.json()) == (200, outputs)


def test_replay_of_a_body_that_is_not_json_is_422() -> None:
    client = token_client(build().coordinator)
    response = client.post("/api/v1/hub/replay", data="{nope", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_screen_answers_the_golden_output() -> None:
    client = token_client(build().coordinator)
    response = _post(client, "/api/v1/screen", application(household_income="90000.00"))
    expected = json.loads((SCREEN_GOLDEN / "screen_ohio_2026.json").read_text())
    assert (response.status_code, response.json()) == (200, expected)


def test_screen_names_every_bad_field_with_422() -> None:
    client = token_client(build().coordinator)
    bad = application(household_size=0, household_income="-5", insurance="maybe")
    del bad["state"]
    response = _post(client, "/api/v1/screen", bad)
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == [
        "household_income",
        "household_size",
        "insurance",
        "state",
    ]


def test_enrollment_through_the_api_starts_a_case() -> None:
    world = build()
    client = token_client(world.nurse)
    body = {
        "patient_id": world.patient.pk,
        "course_id": world.course.pk,
        "owner_id": world.coordinator.pk,
        "payer_type": "medicare_advantage",
        "first_infusion_date": "2026-12-14",
        "received_at": "2026-11-25T09:00:00-05:00",
        "diagnosis": "C50.912",
        "consent": True,
    }
    response = _post(client, "/api/v1/hub/cases", body)
    assert response.status_code == 201
    data = response.json()
    case = Case.objects.get()
    assert (data["id"], data["state"], data["next"]) == (
        case.pk,
        "bi_pending",
        ["patient_contacted", "bi_completed", "withdrawn"],
    )
    assert data["events"][0]["type"] == "enrolled"
    assert (case.owner_id, case.facility_id) == (world.coordinator.pk, world.facility.pk)


def test_enrollment_names_bad_fields() -> None:
    world = build()
    client = token_client(world.nurse)
    response = _post(client, "/api/v1/hub/cases", {"patient_id": world.patient.pk, "payer_type": "martian"})
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["first_infusion_date", "payer_type"]
    assert Case.objects.count() == 0


def test_case_read_is_scoped_and_audited() -> None:
    world = build()
    case = new_case(world)
    mine = token_client(world.coordinator).get(f"/api/v1/hub/cases/{case.pk}")
    assert mine.status_code == 200
    assert [d["kind"] for d in mine.json()["deadlines"]] == ["patient_contact"]
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(case.pk)).count() == 1
    theirs = token_client(world.other_coordinator).get(f"/api/v1/hub/cases/{case.pk}")
    assert theirs.status_code == 404
    assert CaseEvent.objects.count() == 1
