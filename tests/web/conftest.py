"""Django for the web tests: settings module, a throw-away home folder, fast hashing.

``DATABASE_URL`` chooses the database as in production (pytest-django creates and drops
the test database): unset = SQLite, ``postgresql://postgres@127.0.0.1:5432/coolclaim`` =
PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coolclaim.web.settings")
os.environ.setdefault("COOLCLAIM_HOME", tempfile.mkdtemp(prefix="coolclaim-test-home-"))
os.environ.setdefault("COOLCLAIM_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

# This conftest is not always an "initial" one (plain `pytest` from the root finds it while
# collecting), so set Django up here, before the test modules import models.
django.setup()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Tasks run inside ``enqueue`` unless a test asks for the database backend and a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _badge_counts_agree(request: pytest.FixtureRequest) -> Any:
    """After every test that used the database, the queue's badge counts (kept as changes by
    the refreshes) equal counting the queue's items: every writer keeps them exact."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "django_db_setup")
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("db" if "transactional_db" not in request.fixturenames else "transactional_db")
    yield
    from coolclaim.web.queue.services.badge_counts import counted_from_items, kept_counts

    assert kept_counts() == counted_from_items()
