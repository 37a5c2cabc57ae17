"""Sign-in, sign-out, the home page, security headers and login throttling."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role

from .. import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"


def test_login_page_has_security_headers(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert b"<script>" not in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_home_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("queue:facilities"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_sign_in_lists_only_my_facilities_and_sign_out(client: Client) -> None:
    hub = f.hub()
    mine, theirs = f.facility(hub, state="OH"), f.facility(hub, state="GA")
    nurse = f.user(Role.NURSE, mine)
    response = client.post(reverse("login"), {"username": nurse.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert mine.name.encode() in response.content
    assert theirs.name.encode() not in response.content
    assert client.session.get_expire_at_browser_close()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("queue:facilities")).status_code == 302


def test_csrf_is_enforced() -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    user = f.user()
    response = csrf_client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403


def test_login_is_throttled_after_repeated_failures(client: Client, settings: Any) -> None:
    user = f.user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Signing in is paused" in response.content


def test_static_css_is_served(client: Client) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find("coolclaim/site.css")


def test_session_expiry_settings(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "coolclaim.web.middleware.IdleSessionRefreshMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only; production:
    from coolclaim.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_idle_session_is_renewed_at_most_once_a_minute(client: Client) -> None:
    from unittest import mock

    from django.contrib.sessions.models import Session as StoredSession

    user = f.user()
    client.force_login(user)
    key = client.session.session_key

    def expiry() -> Any:
        return StoredSession.objects.get(session_key=key).expire_date

    with mock.patch("coolclaim.web.middleware.time.time", return_value=1_000_000.0):
        client.get(reverse("queue:facilities"))
    first = expiry()
    with mock.patch("coolclaim.web.middleware.time.time", return_value=1_000_030.0):
        client.get(reverse("queue:facilities"))
    assert expiry() == first  # within the minute: no write
    with mock.patch("coolclaim.web.middleware.time.time", return_value=1_000_090.0):
        client.get(reverse("queue:facilities"))
    assert expiry() > first  # a minute later: renewed
