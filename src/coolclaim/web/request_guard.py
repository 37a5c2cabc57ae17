"""Bad input is answered 4xx before any view runs, never 500.

:class:`RequestGuardMiddleware` (placed right after Django's ``SecurityMiddleware``):

- a NUL character in a query-string parameter, a form field (name or value) or a string of a
  JSON body (key or value, at any depth) → 422 naming the field. PostgreSQL refuses NUL in
  text (a 500) and SQLite would store it; no field of coolclaim can hold one.
- a body larger than Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (files of a multipart upload
  aside, which have their own limit) → 413.
- a UTF-8 byte-order mark at the start of a JSON body is dropped (some Windows tools write one).

Under ``/api/`` the answers have the API's JSON error shape (``coolclaim.api.errors``), on pages
a short plain-text message; both name the field, never echo its value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

BOM = b"\xef\xbb\xbf"
NUL = "\x00"
NUL_MESSAGE = "must not contain a NUL character"
API_PREFIX = "/api/"


def nul_fields(value: Any, path: str = "") -> Iterator[str]:
    """Dotted paths (``device.serial``, ``chemo_admin.0.code``) of strings in a decoded JSON
    value that hold a NUL character (a key holding one is named by itself)."""
    if isinstance(value, str):
        if NUL in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield (f"{path}.(key)" if path else "(key)").replace(NUL, "")
                continue
            yield from nul_fields(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_fields(item, f"{path}.{index}" if path else str(index))


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json") or content_type.endswith("jsonl")


def _answer(request: HttpRequest, status: int, errors: list[tuple[str, str]]) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        from coolclaim.api.errors import error_response

        return error_response(status, errors)
    text = "\n".join(f"{field}: {message}" for field, message in errors)
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


def too_big(request: HttpRequest) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _answer(request, 413, [("body", f"is larger than the limit of {limit} bytes")])


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refuse(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        fields = [
            key.replace(NUL, "") for key, values in request.GET.lists() if NUL in key or any(NUL in v for v in values)
        ]
        if fields:
            return _answer(request, 422, [(field or "(name)", NUL_MESSAGE) for field in fields])
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return None
        api = request.path.startswith(API_PREFIX)
        if request.content_type == "multipart/form-data" and not api:
            # Page uploads: files are read by their importers, with their own size limit.
            return self._form(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_big(request)
        try:
            body = request.body
        except RequestDataTooBig:
            return too_big(request)
        if _is_json(request):
            if body.startswith(BOM):
                request._body = body = body[len(BOM) :]
            return self._json(request, body)
        if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            return self._form(request)  # parsed from the body read above: views may read it again
        return None

    def _form(self, request: HttpRequest) -> HttpResponse | None:
        try:
            fields = [
                key.replace(NUL, "") or "(name)"
                for key, values in request.POST.lists()
                if NUL in key or any(NUL in v for v in values)
            ]
        except RequestDataTooBig:
            return too_big(request)
        except MultiPartParserError:
            return _answer(request, 400, [("body", "is not a valid multipart form")])
        if fields:
            return _answer(request, 422, [(field, NUL_MESSAGE) for field in fields])
        return None

    def _json(self, request: HttpRequest, body: bytes) -> HttpResponse | None:
        if b"\x00" in body or b"\\u0000" in body.lower():
            try:
                document = orjson.loads(body)
            except orjson.JSONDecodeError:
                return _answer(request, 422, [("body", NUL_MESSAGE)]) if b"\x00" in body else None
            fields = list(nul_fields(document))
            if fields:
                return _answer(request, 422, [(field, NUL_MESSAGE) for field in fields])
        return None
