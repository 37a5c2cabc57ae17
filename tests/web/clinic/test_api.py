"""The clinic API: documenting a session (coded at once), who may, and bad fields named."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session

from ..api_support import World, token_client, world

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/sessions", "/api/v1/patients", "/api/v1/courses", "/api/v1/claims"]


@pytest.fixture
def w() -> World:
    return world()


def fields_of(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def new_session(w: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "course": w.mine.course.pk,
        "session_id": "API-1",
        "cooling_start": "2026-02-10T08:00:00-05:00",
        "infusion_start": "2026-02-10T08:30:00-05:00",
        "infusion_end": "2026-02-10T10:00:00-05:00",
        "cooling_end": "2026-02-10T11:44:00-05:00",
        "chemo_admin": [{"code": "96413", "units": 1}],
        "diagnoses": ["C50.912", "Z51.11"],
        "device": {"model": "Paxman PSCS", "serial": "SN-1", "cap_lot": "LOT-1"},
        "documentation": {"order_verified": True, "contraindications_screened": True},
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("role", [Role.NURSE, Role.FACILITY_ADMIN])
def test_nurse_and_admin_create_a_coded_session(w: World, role: str) -> None:
    user = w.nurse if role == Role.NURSE else w.admin
    response = token_client(user).post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["session_id"] == "API-1" and body["facility_id"] == w.mine.facility.pk
    assert body["claim"]["status"] == "ready"
    session = Session.objects.get(pk=body["id"])
    assert session.documented_by == user
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE, object_pk=str(session.pk), actor=user).exists()
    assert Claim.objects.filter(session=session).count() == 1


def test_billing_may_not_create_sessions(w: World) -> None:
    response = token_client(w.billing).post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert response.status_code == 403
    assert not Session.objects.filter(session_id="API-1").exists()


def test_create_refuses_another_facilitys_course(w: World) -> None:
    body = new_session(w, course=w.theirs.course.pk)
    response = token_client(w.nurse).post("/api/v1/sessions", body, content_type="application/json")
    assert response.status_code == 404
    assert fields_of(response) == ["course"]
    assert not Session.objects.filter(session_id="API-1").exists()


def test_create_names_the_bad_fields(w: World) -> None:
    client = token_client(w.nurse)
    naive = client.post(
        "/api/v1/sessions", new_session(w, cooling_start="2026-02-10T08:00:00"), content_type="application/json"
    )
    assert naive.status_code == 422 and fields_of(naive) == ["cooling_start"]
    bad_dx = client.post(
        "/api/v1/sessions", new_session(w, diagnoses=["C50.912", "nope"]), content_type="application/json"
    )
    assert bad_dx.status_code == 422 and fields_of(bad_dx) == ["diagnoses[1]"]
    missing = client.post("/api/v1/sessions", {"course": w.mine.course.pk}, content_type="application/json")
    assert missing.status_code == 422 and set(fields_of(missing)) == {"session_id", "diagnoses"}
    not_json = client.post("/api/v1/sessions", b"{", content_type="application/json")
    assert not_json.status_code == 400 and fields_of(not_json) == ["request"]
    first = client.post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert first.status_code == 201
    again = client.post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert again.status_code == 409 and fields_of(again) == ["session_id"]
