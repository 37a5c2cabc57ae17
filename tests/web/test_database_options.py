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
