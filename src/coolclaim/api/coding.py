"""``POST /code``: stateless coding exactly per the coding contract (``contracts/coding.md``).

The body is one session object or an array of them (the contract's input shape); the answer
is the coded session or the array of coded sessions, in input order. A body sent as JSON Lines
(``Content-Type: application/x-ndjson``, ``application/jsonl`` or ``application/x-jsonlines``)
is one session a line, answered as JSON Lines, one coded session a line: exactly what
``coolclaim code`` reads and writes for the same records. A JSON Lines line that is not JSON is
coded as ``rejected`` (field ``(line N)``), as the command does; the other lines are still coded.
Nothing is stored and nothing but the token is looked up: one engine, built once per process, codes every request.

A body that is not JSON, or is JSON but neither an object nor an array, is answered 400 with
``{"errors": [{"field": "body", "message": ...}]}``; a record with bad fields is coded as
``status: rejected`` with its ``errors`` (every bad field), as the contract says.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja import Router

from coolclaim import bootstrap
from coolclaim.api.auth import api_user
from coolclaim.api.errors import ApiError
from coolclaim.coding.contract_json import encode, encode_lines, encode_many
from coolclaim.coding.engine import CodingEngine
from coolclaim.io.batch_coding import code_records
from coolclaim.io.session_files import UnreadableInput, parse_records
from coolclaim.web.accounts.permissions import Action, require

router = Router(tags=["coding"])

_SESSION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "session_id",
        "patient_id",
        "course_id",
        "facility_state",
        "setting",
        "patient_birth_date",
        "payer",
        "diagnoses",
    ],
    "description": "A scalp-cooling session (the coding contract's input).",
    "additionalProperties": True,
}
_CODED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["session_id", "status", "lines", "edits"],
    "properties": {
        "session_id": {"type": ["string", "null"]},
        "status": {"enum": ["ready", "hold", "self_pay", "rejected"]},
        "date_of_service": {"type": ["string", "null"], "format": "date"},
        "lines": {"type": "array", "items": {"type": "object"}},
        "edits": {"type": "array", "items": {"type": "object"}},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "description": "A coded session (the coding contract's output).",
}
#: Media types that mean "JSON Lines" (one JSON value a line); the answer uses the first.
JSON_LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines")

_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}

OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [_SESSION_SCHEMA, {"type": "array", "items": _SESSION_SCHEMA}]},
            },
            "application/x-ndjson": {
                "schema": {"type": "string", "description": "JSON Lines: one session object a line."},
            },
        },
    },
    # Integer keys, as django-ninja writes its own: a string "200" here would sit beside ninja's
    # 200 and the served document would hold the key twice (invalid JSON for OpenAPI parsers).
    "responses": {
        200: {
            "description": "The coded session, or the array of coded sessions in input order; "
            "for a JSON Lines body, JSON Lines of coded sessions in input order.",
            "content": {
                "application/json": {
                    "schema": {"oneOf": [_CODED_SCHEMA, {"type": "array", "items": _CODED_SCHEMA}]},
                },
                "application/x-ndjson": {
                    "schema": {"type": "string", "description": "JSON Lines: one coded session a line."},
                },
            },
        },
        400: {
            "description": "The body is not JSON, or not an object or array.",
            "content": {"application/json": {"schema": _ERRORS_SCHEMA}},
        },
    },
}


def shared_engine() -> CodingEngine:
    """The process's one coding engine (built once, by the provider)."""
    return bootstrap.engine()


@router.post("/code", summary="Code sessions (stateless, per the coding contract)", openapi_extra=OPENAPI)
def code(request: HttpRequest) -> HttpResponse:
    """Code one session object or an array of them (contract shape in, contract shape out)."""
    require(api_user(request), Action.CODE_SESSIONS)
    if request.content_type in JSON_LINES_TYPES:
        return _code_json_lines(request.body)
    try:
        document = orjson.loads(request.body)
    except orjson.JSONDecodeError as exc:
        raise ApiError.one(400, "body", f"is not valid JSON ({exc})") from None
    engine = shared_engine()
    if isinstance(document, dict):
        body = encode(engine.code_batch([document])[0])
    elif isinstance(document, list):
        body = encode_many(engine.code_batch(document))
    else:
        raise ApiError.one(400, "body", f"must be a session object or an array of them, got {type(document).__name__}")
    return HttpResponse(body, content_type="application/json")


def _code_json_lines(body: bytes) -> HttpResponse:
    """JSON Lines in, JSON Lines out, as ``coolclaim code`` does for a ``.jsonl`` file."""
    try:
        records = parse_records(body, "jsonl", name="body")
    except UnreadableInput as exc:
        raise ApiError.one(400, "body", str(exc).removeprefix("body: ")) from None
    coded = code_records(shared_engine(), records)
    return HttpResponse(encode_lines(coded), content_type=JSON_LINES_TYPES[0])
