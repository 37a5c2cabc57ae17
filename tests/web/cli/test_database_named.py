"""Every command names the database it uses (serve's, found without extra settings), and
``serve --demo`` says "seeding" only when it seeds."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.cli.database import describe_database
from coolclaim.web.accounts.models import Hub
from coolclaim.web.demo import DEMO_HUB_SLUG, DemoSummary

pytestmark = pytest.mark.django_db


def test_describe_database_names_the_file_or_the_server_without_a_password() -> None:
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/data/coolclaim.sqlite3"}
    assert describe_database(sqlite) == "SQLite file /data/coolclaim.sqlite3"
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "coolclaim",
        "HOST": "127.0.0.1",
        "PORT": 5432,
        "PASSWORD": "s3cret",
    }
    assert describe_database(postgres) == "PostgreSQL database coolclaim on 127.0.0.1:5432"


def test_token_list_names_the_database_on_stderr() -> None:
    from django.conf import settings

    result = CliRunner().invoke(app, ["token", "list", "nobody"])
    assert result.exit_code == 2  # no such user
    expected = f"coolclaim: database: {describe_database(settings.DATABASES['default'])}"
    assert result.stderr.splitlines() == [expected, "coolclaim: no user named 'nobody'"]


def _serve_demo(monkeypatch: pytest.MonkeyPatch) -> str:
    import waitress

    seeded: list[bool] = []

    def fake_seed() -> DemoSummary:
        seeded.append(True)
        return DemoSummary(hub_id=1, created=False, facilities=[], logins=[])

    monkeypatch.setattr("coolclaim.web.demo.seed_demo", fake_seed)
    served: list[Any] = []
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: served.append(kwargs))
    result = CliRunner().invoke(app, ["serve", "--demo", "--no-worker", "--port", "8799"])
    assert result.exit_code == 0, result.output
    assert seeded == [True]
    assert len(served) == 1
    return str(result.stdout)


def test_serve_says_seeding_when_the_demo_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = _serve_demo(monkeypatch)
    assert "Seeding the synthetic demo (first run codes every session)...\n" in printed
    assert "already in this database" not in printed


def test_serve_does_not_say_seeding_when_the_demo_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    Hub.objects.create(name="Demo hub", slug=DEMO_HUB_SLUG)
    printed = _serve_demo(monkeypatch)
    assert "Seeding" not in printed
    assert "The synthetic demo is already in this database: checking its logins and claims...\n" in printed
