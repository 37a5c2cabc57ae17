"""The session store reads its row as Django's database store does (coolclaim.web.session_store)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from coolclaim.web.session_store import SessionStore

pytestmark = pytest.mark.django_db


def test_it_is_the_configured_engine() -> None:
    assert settings.SESSION_ENGINE == "coolclaim.web.session_store"


def test_a_session_is_read_back_and_an_expired_or_unknown_one_is_not() -> None:
    store = SessionStore()
    store["who"] = "billing"
    store.save()
    key = store.session_key
    assert key is not None
    again = SessionStore(key)
    assert again["who"] == "billing"
    assert again.session_key == key

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None

    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
