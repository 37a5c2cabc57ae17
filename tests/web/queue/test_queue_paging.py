"""The work queue's pages: chosen by their keys, then joined (coolclaim.web.paging) — the same
pages in the same order as a plain slice, and on SQLite a plan that joins only the page's rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import User
from coolclaim.web.paging import KeysFirstPaginator, keys_first
from coolclaim.web.queue.choices import Kind
from coolclaim.web.queue.filtersets import queue_keys, queue_queryset
from coolclaim.web.queue.models import QueueItem

from .. import factories as f

pytestmark = pytest.mark.django_db


def _queue_of_two_facilities() -> User:
    """A billing user of two facilities with 7 and 4 uncoded sessions (queue items), some on
    the same date of service (ties broken by the session)."""
    hub = f.hub()
    first, second = f.facility(hub), f.facility(hub)
    for facility, count in ((first, 7), (second, 4)):
        course = f.course(f.patient(facility))
        for n in range(count):
            f.session(course, dt.date(2026, 2, 3) + dt.timedelta(days=7 * (n // 2)), order_verified=n % 3 != 0)
    return f.user(Role.BILLING, first, second)


def _pages(paginator: Paginator) -> list[list[int]]:  # type: ignore[type-arg]
    return [[item.session_id for item in paginator.page(n).object_list] for n in paginator.page_range]


@pytest.mark.parametrize(
    ("filters", "per_page", "orphans"),
    [({}, 3, 0), ({}, 4, 2), ({"kind": Kind.DOCUMENTATION}, 2, 0), ({}, 25, 0)],
)
def test_pages_are_those_of_a_plain_slice(filters: dict[str, str], per_page: int, orphans: int) -> None:
    user = _queue_of_two_facilities()
    assert QueueItem.objects.count() == 11
    plain = _pages(Paginator(queue_queryset(user, filters), per_page, orphans=orphans))
    keyed = _pages(KeysFirstPaginator(queue_queryset(user, filters), per_page, orphans=orphans))
    assert keyed == plain
    # sessions 0, 3, 6 of the first facility and 0, 3 of the second lack the order
    assert sum(len(page) for page in keyed) == (11 if not filters else 5)


@pytest.mark.parametrize("sort", ["dos", "-dos", "patient", "-patient", "payer", "-amount"])
def test_pages_of_every_sort_are_those_of_a_plain_slice(sort: str) -> None:
    user = _queue_of_two_facilities()
    plain = _pages(Paginator(queue_queryset(user, {}, sort), 4))
    keyed = _pages(KeysFirstPaginator(queue_queryset(user, {}, sort), 4, keys=queue_keys(user, {}, sort)))
    assert keyed == plain
    assert sorted(pk for page in keyed for pk in page) == sorted(QueueItem.objects.values_list("session_id", flat=True))


def test_an_empty_queue_has_one_empty_page() -> None:
    user = f.user(Role.BILLING, f.facility(f.hub()))
    page = KeysFirstPaginator(queue_queryset(user), 25).get_page(1)
    assert (page.number, list(page.object_list), page.paginator.num_pages) == (1, [], 1)


def test_a_page_is_one_query_that_picks_its_keys_first() -> None:
    user = _queue_of_two_facilities()
    page = KeysFirstPaginator(queue_queryset(user), 3).page(2)
    with CaptureQueriesContext(connection) as queries:
        rows = list(page.object_list)
    assert len(rows) == 3
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert '"queue_queueitem"."id" IN (SELECT' in sql
    assert "LIMIT 3 OFFSET 3)" in sql


def test_the_work_queue_page_reads_its_rows_keys_first() -> None:
    user = _queue_of_two_facilities()
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("queue:index"))
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "queue_queueitem"."id"')]
    assert len(reads) == 1
    assert '"queue_queueitem"."id" IN (SELECT' in reads[0]
    assert "LIMIT 11)" in reads[0]  # the page holds the 11 items the badge counts give
    keys = reads[0].split('"queue_queueitem"."id" IN (SELECT', 1)[1].split("LIMIT", 1)[0]
    assert "JOIN" not in keys  # sorted by date: the keys come from the items alone


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_sqlite_sorts_the_keys_on_the_index_and_joins_only_the_page() -> None:
    user = _queue_of_two_facilities()
    plan = keys_first(queue_queryset(user), 3, 6).explain()  # the rows of page 2 of 3 a page
    steps = [re.sub(r"^\d+ \d+ \d+ ", "", line) for line in plan.splitlines()]
    items = [step for step in steps if "queue_queueitem" in step]
    # the page's rows by their key; the keys from the covering (facility, date, session) index
    assert items[0] == "SEARCH queue_queueitem USING INTEGER PRIMARY KEY (rowid=?)"
    covering = r"SEARCH \w+ USING COVERING INDEX queue_item_facility_idx \(facility_id=\?\)"
    assert any(re.fullmatch(covering, step) for step in steps)
    assert "SCAN" not in plan
