"""The app's database connections run with the options it sets (PostgreSQL: no JIT)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_postgresql_runs_without_jit_and_sqlite_without_server_options() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
        assert settings.DATABASES["default"]["OPTIONS"]["options"].endswith("-c jit=off")
    else:
        assert connection.vendor == "sqlite"
        assert "options" not in settings.DATABASES["default"]["OPTIONS"]


@pytest.mark.django_db
def test_postgresql_statements_are_prepared_on_their_fifth_use() -> None:
    """Server-side binding with psycopg's automatic preparation: a page's repeated statements
    are planned once per connection (see settings.py)."""
    if connection.vendor != "postgresql":
        assert "prepare_threshold" not in settings.DATABASES["default"]["OPTIONS"]
        return
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
    statement = "SELECT count(*) FROM django_content_type WHERE id > %s"
    with connection.cursor() as cursor:
        for value in range(6):
            cursor.execute(statement, [value])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%django_content_type%"])
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize(
    ("query", "threshold", "binding"),
    [
        ({}, 5, True),
        ({"prepare_threshold": "none"}, None, True),
        ({"prepare_threshold": "2"}, 2, True),
        ({"server_side_binding": "false", "prepare_threshold": "off"}, None, False),
    ],
)
def test_statement_options_read_from_the_database_url(
    query: dict[str, str], threshold: int | None, binding: bool
) -> None:
    from coolclaim.web.settings import _statement_options

    assert _statement_options(query) == {"prepare_threshold": threshold, "server_side_binding": binding}
