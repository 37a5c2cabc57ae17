"""schemathesis over the whole API: every operation of the OpenAPI document, generated valid
and invalid input (bounded, seeded, derandomized), answered with a status the document lists
for it — never a server error. Runs on SQLite and on PostgreSQL (``DATABASE_URL``).

Run alone: ``.venv/bin/pytest -p no:cacheprovider tests/web/test_api_fuzz.py -q``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from coolclaim.api.main import api
from coolclaim.web.accounts.models import ApiToken
from coolclaim.web.proxy import TrustedProxies

from .api_support import world

#: Examples per operation: enough to reach the bounds and the odd characters, small enough to
#: keep the whole run under a minute on a loaded machine.
MAX_EXAMPLES = 12

application = TrustedProxies(WSGIHandler(), [])
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def bearer(db: Any) -> Iterator[dict[str, str]]:
    """A facility admin's token in a two-facility world; the WSGI handler keeps the test's
    database connection (as Django's test client does)."""
    people = world()
    _, raw = ApiToken.issue(people.admin, "fuzz")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {raw}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_server_error(case: Any, bearer: dict[str, str]) -> None:
    response = case.call(app=application, headers=bearer)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if case.method.upper() != case.operation.method.upper():  # a method the path does not serve
        assert response.status_code == 405
        return
    documented = set(case.operation.definition.raw["responses"])
    assert str(response.status_code) in documented, (response.status_code, sorted(documented), response.text[:300])
