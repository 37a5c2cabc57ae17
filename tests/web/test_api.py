"""The REST API: tokens, roles, facility scoping (no IDOR), audited reads, session creation."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import ApiToken
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session

from . import factories as f
from .api_support import World, token_client, world

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/sessions", "/api/v1/patients", "/api/v1/courses", "/api/v1/claims"]


@pytest.fixture
def w() -> World:
    return world()


def fields_of(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/code"])
def test_every_endpoint_needs_a_token(w: World, url: str) -> None:
    anonymous = Client()
    response = (
        anonymous.post(url, b"{}", content_type="application/json") if url.endswith("code") else anonymous.get(url)
    )
    assert response.status_code == 401
    assert fields_of(response) == ["Authorization"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = Client(HTTP_AUTHORIZATION="Bearer cc_not-a-real-token")
    assert wrong.get(LISTS[0]).status_code == 401


def test_details_need_a_token_too(w: World) -> None:
    for url in w.urls_of(w.mine):
        assert Client().get(url).status_code == 401


def test_revoked_token_is_refused_at_once(w: World) -> None:
    token, raw = ApiToken.issue(w.nurse, "soon revoked")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/sessions").status_code == 200
    assert client.post("/api/v1/code", b"{}", content_type="application/json").status_code == 200
    token.revoke()
    assert client.get("/api/v1/sessions").status_code == 401
    assert client.post("/api/v1/code", b"{}", content_type="application/json").status_code == 401
    for url in w.urls_of(w.mine):
        assert client.get(url).status_code == 401


def test_inactive_user_token_is_refused(w: World) -> None:
    client = token_client(w.nurse)
    w.nurse.is_active = False
    w.nurse.save()
    assert client.get("/api/v1/patients").status_code == 401


def test_role_without_api_use_is_refused(w: World) -> None:
    client = token_client(w.analyst)  # analysts read reports, they hold no API access
    response = client.get("/api/v1/sessions")
    assert response.status_code == 403
    assert fields_of(response) == ["role"]


@pytest.mark.parametrize("url", LISTS)
def test_lists_show_only_my_facility(w: World, url: str) -> None:
    response = token_client(w.nurse).get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    expected = {
        "/api/v1/sessions": w.mine.session.pk,
        "/api/v1/patients": w.mine.patient.pk,
        "/api/v1/courses": w.mine.course.pk,
        "/api/v1/claims": w.mine.claim_id,
    }[url]
    assert [item["id"] for item in body["items"]] == [expected]


@pytest.mark.parametrize("role", [Role.NURSE, Role.BILLING, Role.FACILITY_ADMIN])
def test_no_idor_on_any_detail(w: World, role: Role) -> None:
    user = {Role.NURSE: w.nurse, Role.BILLING: w.billing, Role.FACILITY_ADMIN: w.admin}[role]
    client = token_client(user)
    for url in w.urls_of(w.mine):
        assert client.get(url).status_code == 200, url
    for url in w.urls_of(w.theirs):
        response = client.get(url)
        assert response.status_code == 404, url
        assert fields_of(response) == ["id"]


def test_filters_cannot_reach_another_facility(w: World) -> None:
    client = token_client(w.nurse)
    other = w.theirs
    for url in (
        f"/api/v1/sessions?facility={other.facility.pk}",
        f"/api/v1/sessions?course={other.course.pk}",
        f"/api/v1/sessions?patient={other.patient.pk}",
        f"/api/v1/patients?facility={other.facility.pk}",
        f"/api/v1/courses?patient={other.patient.pk}",
        f"/api/v1/claims?patient={other.patient.pk}",
        f"/api/v1/claims?facility={other.facility.pk}",
    ):
        body = client.get(url).json()
        assert body["count"] == 0 and body["items"] == [], url


def test_hub_coordinator_sees_both_facilities(w: World) -> None:
    coordinator = f.user(Role.HUB_COORDINATOR, hub_=w.mine.facility.hub)
    client = token_client(coordinator)
    assert client.get("/api/v1/claims").json()["count"] == 2
    for url in w.urls_of(w.theirs):
        assert client.get(url).status_code == 200


def test_reads_are_audited(w: World) -> None:
    client = token_client(w.nurse)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=w.nurse).count()
    client.get("/api/v1/patients")
    client.get(f"/api/v1/claims/{w.mine.claim_id}")
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=w.nurse)
    assert entries.count() == before + 2
    assert {e.object_pk for e in entries} == {str(w.mine.patient.pk), str(w.mine.claim_id)}


def test_pagination(w: World) -> None:
    for _ in range(4):
        f.session(w.mine.course)
    client = token_client(w.nurse)
    first = client.get("/api/v1/sessions?limit=2").json()
    second = client.get("/api/v1/sessions?limit=2&offset=2").json()
    last = client.get("/api/v1/sessions?limit=2&offset=4").json()
    assert first["count"] == second["count"] == last["count"] == 5
    ids = [s["id"] for page in (first, second, last) for s in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    bad = client.get("/api/v1/sessions?limit=0")
    assert bad.status_code == 422
    assert fields_of(bad) == ["limit"]


def test_claim_detail_has_lines_and_edits(w: World) -> None:
    body = token_client(w.billing).get(f"/api/v1/claims/{w.mine.claim_id}").json()
    assert body["status"] in ("ready", "hold")
    version = body["current_version"]
    assert version["number"] == 1
    assert [ln["code"] for ln in version["lines"]][:1] == ["96413"]
    assert all({"code", "severity", "message", "source"} <= set(e) for e in version["edits"])
    assert [v["number"] for v in body["versions"]] == [1]


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
    assert body["claim"]["status"] in ("ready", "hold")
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
    assert not_json.status_code in (400, 422) and fields_of(not_json)
    first = client.post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert first.status_code == 201
    again = client.post("/api/v1/sessions", new_session(w), content_type="application/json")
    assert again.status_code == 409 and fields_of(again) == ["session_id"]


def test_openapi_and_docs_are_served(w: World) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/code", "/api/v1/sessions", "/api/v1/patients", "/api/v1/courses", "/api/v1/claims"} <= set(paths)
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"cdn." not in docs.content
