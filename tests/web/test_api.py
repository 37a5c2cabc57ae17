"""The API shell (coolclaim.api): tokens, scoping of every list and detail, audit, pagination, OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import ApiToken

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


def test_openapi_and_docs_are_served(w: World) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/code", "/api/v1/sessions", "/api/v1/patients", "/api/v1/courses", "/api/v1/claims"} <= set(paths)
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"cdn." not in docs.content


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicated == [], f"duplicated keys in the OpenAPI document: {duplicated}"
    return dict(pairs)


def test_openapi_document_is_valid_openapi_3_1_without_duplicated_keys(w: World) -> None:
    import json

    from openapi_spec_validator import OpenAPIV31SpecValidator

    response = Client().get("/api/v1/openapi.json")
    document = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    assert document["openapi"] == "3.1.0"
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []
    code = document["paths"]["/api/v1/code"]["post"]
    assert sorted(code["responses"]) == ["200", "400", "401", "403", "404", "413", "422"]
    assert sorted(code["requestBody"]["content"]) == ["application/json", "application/x-ndjson"]
