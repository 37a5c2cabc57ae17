"""The error answers of each operation, written into the OpenAPI document.

ninja documents the answers a view declares; the ones the shell gives (``coolclaim.api.errors``)
are added here, per operation, in the one error shape (``Errors``):

- 400 for one with a body (it cannot be read: not JSON, a broken form);
- 401 and 403 for an operation that needs a token (no or a revoked token; a role that may not);
- 404 for one with a path parameter or a body (no such object among the caller's facilities);
- 413 for one with a body (larger than the limit; POST, PUT and PATCH read one);
- 422 for one with parameters or a body (a field that does not validate, a NUL character, an
  integer out of its column's range).
"""

from __future__ import annotations

from typing import Any

ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Errors",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}

DESCRIPTIONS = {
    400: "The body cannot be read (not JSON, a broken form).",
    401: "No valid API token (`Authorization: Bearer <token>`).",
    403: "The token's role may not do this.",
    404: "No such object among the facilities of the token's user.",
    413: "The body is larger than the limit.",
    422: "A field is not valid; `errors[*].field` names it.",
}

_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
#: Methods whose operations read a body (some read it themselves, without a declared schema).
_BODY_METHODS = frozenset({"put", "post", "patch"})


def error_answers(operation: dict[str, Any], path: str, method: str = "get") -> list[int]:
    """The status codes the shell may answer for ``operation`` (``method`` at ``path``)."""
    body = "requestBody" in operation or method in _BODY_METHODS
    codes = [400] if body else []
    if operation.get("security"):
        codes += [401, 403]
    if "{" in path or body:  # a body names objects (a course, a patient)
        codes.append(404)
    if body:
        codes.append(413)
    if operation.get("parameters") or body:
        codes.append(422)
    return codes


def add_error_answers(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shell's error answers to every operation of an OpenAPI ``schema`` (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Errors", ERRORS_SCHEMA)
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            # Keys as text, one per status (ninja's int keys and an ``openapi_extra``'s text keys
            # would otherwise both appear; the hand-written text one wins).
            given = operation.get("responses", {})
            responses = {str(code): answer for code, answer in given.items() if not isinstance(code, str)}
            responses.update({code: answer for code, answer in given.items() if isinstance(code, str)})
            for code in error_answers(operation, path, method):
                responses.setdefault(str(code), {"description": DESCRIPTIONS[code], "content": reference})
            operation["responses"] = dict(sorted(responses.items()))
    return schema
