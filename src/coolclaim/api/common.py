"""What the resource routers share: query parameters of a page, the caller's address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.params.functions import Query

from coolclaim.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

LimitParam: Any = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
OffsetParam: Any = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def remote_addr(request: HttpRequest) -> str | None:
    """The client address for the audit log (no patient data)."""
    value = request.META.get("REMOTE_ADDR")
    return str(value) if value else None
