"""Security headers Django 5.2 does not set itself: Content-Security-Policy and friends."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy (``'self'`` only, no inline script) and a
    Permissions-Policy to every response that does not set them already."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp: str = getattr(settings, "COOLCLAIM_CSP", DEFAULT_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class IdleSessionRefreshMiddleware:
    """Keeps the idle timeout (``SESSION_COOKIE_AGE``) without writing the session on every
    request: a signed-in session is saved again, with a new expiry, at most once a minute, so
    an idle session ends between ``SESSION_COOKIE_AGE`` and that plus a minute after its last
    request. Place it after ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.every: int = getattr(settings, "COOLCLAIM_SESSION_REFRESH_SECONDS", 60)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(REFRESHED_KEY, 0)) >= self.every:
                session[REFRESHED_KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


REFRESHED_KEY = "_coolclaim_refreshed"


class NoStoreSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user (a session or an API
    token): pages and API answers hold patient data that no browser or proxy cache may keep.
    Place it before ``AuthenticationMiddleware`` (it looks at the user on the way out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
