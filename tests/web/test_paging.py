"""API pages (coolclaim.api.pagination.take) are read keys first (coolclaim.web.paging): the
same items in the same order as a plain slice, in one query that joins only the page's rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coolclaim.api.pagination import take
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import User
from coolclaim.web.clinic.models import Session
from coolclaim.web.paging import keys_first

from . import factories as f
from .api_support import token_client

pytestmark = pytest.mark.django_db


def _sessions_of_two_facilities() -> User:
    """A nurse of two facilities holding 6 and 3 sessions, and a third facility's 2 she cannot see."""
    hub = f.hub()
    first, second, other = f.facility(hub), f.facility(hub), f.facility(hub)
    for facility, count in ((first, 6), (second, 3), (other, 2)):
        course = f.course(f.patient(facility))
        for n in range(count):
            f.session(course, dt.date(2026, 2, 3) + dt.timedelta(days=7 * n))
    return f.user(Role.NURSE, first, second)


@pytest.mark.parametrize(("limit", "offset"), [(4, 0), (4, 4), (4, 8), (50, 0), (3, 9), (2, 20)])
def test_take_gives_the_items_and_count_of_a_plain_slice(limit: int, offset: int) -> None:
    user = _sessions_of_two_facilities()
    scoped = Session.objects.for_user(user).select_related("course", "claim").order_by("-pk")
    page = take(scoped, limit, offset)
    assert [s.pk for s in page.items] == [s.pk for s in scoped[offset : offset + limit]]
    assert (page.count, page.limit, page.offset) == (9, limit, offset)


def test_the_session_list_reads_its_page_keys_first() -> None:
    user = _sessions_of_two_facilities()
    client = token_client(user)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/sessions?limit=4&offset=2").json()
    assert (body["count"], len(body["items"])) == (9, 4)
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "clinic_session"."id"')]
    assert len(reads) == 1
    assert '"clinic_session"."id" IN (SELECT' in reads[0]
    assert "LIMIT 4 OFFSET 2)" in reads[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_sqlite_joins_only_the_page_rows() -> None:
    user = _sessions_of_two_facilities()
    scoped = Session.objects.for_user(user).select_related("course", "claim").order_by("-pk")
    plan = keys_first(scoped, 0, 4).explain()
    steps = [re.sub(r"^\d+ \d+ \d+ ", "", line) for line in plan.splitlines()]
    # the page's rows by their key, then joined; the keys from the facility index alone
    assert steps[0] == "SEARCH clinic_session USING INTEGER PRIMARY KEY (rowid=?)"
    assert any(re.fullmatch(r"SEARCH \w+ USING COVERING INDEX \w+ \(facility_id=\?\)", step) for step in steps)
    assert "SCAN" not in plan
