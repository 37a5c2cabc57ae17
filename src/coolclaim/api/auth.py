"""Token authentication: ``Authorization: Bearer <token>`` checked with ``ApiToken.authenticate``.

A token of a revoked row, of an inactive user, or of a role without ``use_api`` is refused on
the very next request: every request looks the token up (one indexed query on the hash), so
nothing cached can outlive a revocation.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from coolclaim.web.accounts.models import ApiToken, User
from coolclaim.web.accounts.permissions import Action, can


class TokenAuth(HttpBearer):
    """Bearer tokens of :class:`ApiToken`; the user must hold ``use_api``."""

    openapi_description = "An API token made with `coolclaim token create USERNAME`."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.authenticate(token.strip())
        if user is None:
            return None
        if not can(user, Action.USE_API):
            raise PermissionDenied(f"not allowed: {Action.USE_API.value}")
        request.user = user
        return user


def api_user(request: HttpRequest) -> User:
    """The user the request's token belongs to (set by :class:`TokenAuth`)."""
    return cast(User, cast(Any, request).auth)
