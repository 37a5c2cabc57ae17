"""API errors: always JSON ``{"errors": [{"field": ..., "message": ...}]}`` naming the field.

Every failure the API answers — a body that is not JSON, a field that does not validate, a
missing or revoked token, a role that may not act, an object outside the user's facilities —
comes back in this one shape, so a client reads ``errors[*].field`` to know what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

#: Prefixes of a pydantic location that say where a value came from, not which field it is.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


class ApiError(Exception):
    """An error answer: ``status`` and one or more ``(field, message)`` pairs."""

    def __init__(self, status: int, errors: Sequence[tuple[str, str]]) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = list(errors)

    @classmethod
    def one(cls, status: int, field: str, message: str) -> ApiError:
        return cls(status, [(field, message)])


def error_response(
    status: int, errors: Iterable[tuple[str, str]], headers: Mapping[str, str] | None = None
) -> HttpResponse:
    body = {"errors": [{"field": field, "message": message} for field, message in errors]}
    response = HttpResponse(orjson.dumps(body), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_of(location: Sequence[Any], body_param: bool = True) -> str:
    """``["body", "payload", "device", "serial"]`` → ``"device.serial"``; ``["query", "limit"]`` → ``"limit"``."""
    parts = [str(part) for part in location]
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and body_param and len(parts) > 1:
            parts.pop(0)  # the view's parameter name
    return ".".join(parts) or "body"


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = []
    for error in exc.errors:
        message = str(error.get("msg") or "is not valid")
        errors.append((field_of(error.get("loc") or ()), message))
    return error_response(422, errors or [("body", "is not valid")])


def _authentication(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(
        401,
        [("Authorization", "a valid API token is required: Authorization: Bearer <token>")],
        {"WWW-Authenticate": 'Bearer realm="coolclaim"'},
    )


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(exc.status_code, [("request", exc.message)])


def _permission(request: HttpRequest, exc: Any) -> HttpResponse:
    reason = str(exc) or "not allowed"
    return error_response(403, [("role", f"your role may not do this ({reason})")])


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(404, [("id", "no such object among your facilities")])


def _api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(exc.status, exc.errors)


def install(api: NinjaAPI) -> None:
    """Register the handlers (after ninja's defaults, so these win)."""
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(AuthenticationError, _authentication)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(PermissionDenied, _permission)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ApiError, _api_error)
