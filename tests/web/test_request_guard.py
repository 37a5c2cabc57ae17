"""Bad input is a 4xx naming the field, never a 500 (issue 9, item 3)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from django.test import Client

from coolclaim.api.openapi_errors import add_error_answers
from coolclaim.web.accounts.choices import Role

from . import factories as f
from .api_support import token_client, world

pytestmark = pytest.mark.django_db

BIG = 2**63


@pytest.fixture
def api_client() -> Client:
    return token_client(world().admin)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/sessions?offset={BIG}", "offset"),
        (f"/api/v1/sessions?facility={BIG}", "facility"),
        (f"/api/v1/sessions?patient={BIG}", "patient"),
        (f"/api/v1/claims?patient=-{BIG + 1}", "patient"),
        (f"/api/v1/courses?offset={2**63 - 1}", "offset"),
    ],
)
def test_integers_beyond_a_column_are_422_naming_the_field(api_client: Client, path: str, field: str) -> None:
    response = api_client.get(path)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("resource", ["patients", "courses", "sessions", "claims"])
@pytest.mark.parametrize("pk", [2**63 - 1, BIG, 10**40])
def test_an_id_in_the_path_beyond_any_row_is_not_found(api_client: Client, pk: int, resource: str) -> None:
    response = api_client.get(f"/api/v1/{resource}/{pk}")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "message": "no such object among your facilities"}]}


def test_a_big_integer_in_a_json_body_is_422_naming_the_field(api_client: Client) -> None:
    body = {"course": BIG, "session_id": "X-1", "diagnoses": ["C50.911"]}
    response = api_client.post("/api/v1/sessions", orjson.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["course"]


def test_nul_in_a_query_string_is_422_naming_the_parameter(api_client: Client) -> None:
    response = api_client.get("/api/v1/patients?mrn=A%00B")
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "mrn", "message": "must not contain a NUL character"}]}


def test_nul_in_a_json_string_is_422_naming_the_nested_field(api_client: Client) -> None:
    body = b'{"course": 1, "session_id": "X-1", "diagnoses": ["C50.911"], "device": {"serial": "A\\u0000B"}}'
    response = api_client.post("/api/v1/sessions", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "device.serial", "message": "must not contain a NUL character"}]}


def test_nul_in_a_form_field_is_422_naming_the_field() -> None:
    client = Client()
    client.force_login(f.user(Role.NURSE, f.facility(f.hub())))
    response = client.post("/accounts/login/", {"username": "nurse\x00", "password": "x"})
    assert response.status_code == 422
    assert response.content == b"username: must not contain a NUL character\n"


def test_an_oversized_api_body_gets_the_json_error_shape(api_client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_client.post("/api/v1/code", b"[" + b" " * 2000 + b"]", content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"errors": [{"field": "body", "message": "is larger than the limit of 1000 bytes"}]}


def test_a_bom_before_a_json_body_is_accepted(api_client: Client) -> None:
    response = api_client.post("/api/v1/code", b"\xef\xbb\xbf[]", content_type="application/json")
    assert response.status_code == 200
    assert response.json() == []


def test_openapi_lists_the_error_answers_of_each_operation() -> None:
    document = orjson.loads(Client().get("/api/v1/openapi.json").content)
    operations = {(path, method): op for path, item in document["paths"].items() for method, op in item.items()}
    assert sorted(operations[("/api/v1/patients/{patient_id}", "get")]["responses"]) == [
        "200",
        "401",
        "403",
        "404",
        "422",
    ]
    assert sorted(operations[("/api/v1/patients", "get")]["responses"]) == ["200", "401", "403", "422"]
    assert sorted(operations[("/api/v1/sessions", "post")]["responses"]) == [
        "201",
        "400",
        "401",
        "403",
        "404",
        "413",
        "422",
    ]
    assert document["paths"]["/api/v1/sessions"]["get"]["parameters"][0]["schema"]["anyOf"][0]["maximum"] == 2**63 - 1
    assert document["components"]["schemas"]["Errors"]["required"] == ["errors"]


def test_error_answers_keep_what_an_operation_documents_itself() -> None:
    schema = {
        "paths": {"/x/{id}": {"get": {"responses": {200: {"description": "ok"}, "404": {"description": "mine"}}}}}
    }
    responses = add_error_answers(schema)["paths"]["/x/{id}"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert responses["404"] == {"description": "mine"}
