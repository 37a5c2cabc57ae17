"""``POST /api/v1/code``: exactly the coding contract, the same result as ``coolclaim code``,
stateless (no query beyond the token), errors naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session
from tests.requirements import shared

from . import factories as f
from .api_support import contract_record, token_client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "contracts" / "coded-session.schema.json").read_text())
SAMPLES = ROOT / "samples" / "sessions.jsonl"


@pytest.fixture
def client() -> Client:
    return token_client(f.user(Role.BILLING, f.facility(f.hub())))


def sample_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]


def cli_code(tmp_path: Path, records: list[Any]) -> list[dict[str, Any]]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["code", str(path), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def post(client: Client, body: Any) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/api/v1/code", raw, content_type="application/json")


def test_array_validates_and_equals_the_cli(client: Client, tmp_path: Path) -> None:
    records = sample_records()
    response = post(client, records)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    results = response.json()
    assert isinstance(results, list) and len(results) == len(records)
    for result in results:
        jsonschema.validate(result, SCHEMA)
    assert [r["session_id"] for r in results] == [r["session_id"] for r in records]
    assert results == cli_code(tmp_path, records)
    assert {r["status"] for r in results} >= {"ready", "rejected"}


def test_single_object_gives_a_single_result_equal_to_the_cli(client: Client, tmp_path: Path) -> None:
    path = shared("examples", "coding_examples.jsonl")
    examples = [json.loads(line)["session"] for line in path.read_text().splitlines() if line.strip()]
    for record in examples:
        response = post(client, record)
        assert response.status_code == 200
        result = response.json()
        assert isinstance(result, dict)
        jsonschema.validate(result, SCHEMA)
        assert [result] == cli_code(tmp_path, [record])


def test_rejected_records_list_every_bad_field(client: Client) -> None:
    bad = contract_record(1, facility_state="ZZ", setting="clinic", diagnoses=["nope"])
    del bad["patient_id"]
    results = post(client, [bad, 7, contract_record(2)]).json()
    assert [r["status"] for r in results][:2] == ["rejected", "rejected"]
    assert results[2]["status"] == "ready"
    fields = {e["field"] for e in results[0]["errors"]}
    assert {"patient_id", "facility_state", "setting", "diagnoses[0]"} <= fields
    assert results[0]["lines"] == [] and results[0]["session_id"] == "IMP-S-0001"
    for result in results:
        jsonschema.validate(result, SCHEMA)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"42", "must be a session object"),
        (b'"x"', "must be"),
    ],
)
def test_body_that_is_not_an_object_or_array_is_a_json_error(client: Client, body: bytes, needle: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["field"] == "body" and needle in errors[0]["message"]


def test_empty_array_codes_nothing(client: Client) -> None:
    assert post(client, []).json() == []


def test_stateless_and_no_queries_beyond_the_token(client: Client) -> None:
    post(client, contract_record(1))  # warm: engine built, token last-use written
    with CaptureQueriesContext(connection) as queries:
        response = post(client, [contract_record(n) for n in range(8)])
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert "accounts_apitoken" in queries.captured_queries[0]["sql"]
    assert Session.objects.count() == 0 and Claim.objects.count() == 0


def test_analyst_may_not_code(client: Client) -> None:
    analyst = f.user(Role.ANALYST, hub_=f.hub())
    assert post(token_client(analyst), contract_record(1)).status_code == 403


def test_every_role_that_codes_may_call_it() -> None:
    facility = f.facility(f.hub())
    for role in (Role.NURSE, Role.BILLING, Role.FACILITY_ADMIN, Role.HUB_COORDINATOR, Role.SYSTEM_ADMIN):
        user = f.user(role, facility, hub_=facility.hub)
        assert post(token_client(user), contract_record(1)).status_code == 200, role


@pytest.mark.parametrize("media_type", ["application/x-ndjson", "application/jsonl", "application/x-jsonlines"])
def test_json_lines_in_json_lines_out_equal_the_cli(client: Client, tmp_path: Path, media_type: str) -> None:
    records = sample_records()
    body = SAMPLES.read_bytes()
    response = client.post("/api/v1/code", body, content_type=media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert len(lines) == len(records)
    assert lines == cli_code(tmp_path, records)
    for coded in lines:
        jsonschema.validate(coded, SCHEMA)


def test_json_lines_bad_line_is_rejected_and_the_others_coded(client: Client, tmp_path: Path) -> None:
    records = sample_records()[:2]
    body = (json.dumps(records[0]) + "\n{not json\n\n" + json.dumps(records[1]) + "\n").encode()
    response = client.post("/api/v1/code", body, content_type="application/x-ndjson")
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.content.decode().splitlines()]
    assert [line["session_id"] for line in lines] == [records[0]["session_id"], None, records[1]["session_id"]]
    assert lines[1]["status"] == "rejected"
    assert [e["field"] for e in lines[1]["errors"]] == ["(line 2)"]
    assert lines[0] == cli_code(tmp_path, records[:1])[0]


def test_json_lines_with_no_json_line_at_all_is_a_400_naming_the_body(client: Client) -> None:
    response = client.post("/api/v1/code", b"session_id,status\nx,y\n", content_type="application/x-ndjson")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["body"]
    assert errors[0]["message"].startswith("not JSON Lines (line 1: ")


def test_empty_json_lines_body_codes_nothing(client: Client) -> None:
    response = client.post("/api/v1/code", b"\n", content_type="application/x-ndjson")
    assert response.status_code == 200
    assert response.content == b""
