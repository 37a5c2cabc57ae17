"""Query-count budgets of the list pages (tests/web/query_counts.json): the count stays the
same when the data grows tenfold — no N+1 — and never exceeds the budget."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing import review
from coolclaim.web.billing.coding_service import code_sessions

from . import factories as f
from .pages_world import World, build_side, build_world

pytestmark = pytest.mark.django_db

BUDGETS: dict[str, int] = {
    k: v for k, v in json.loads((Path(__file__).parent / "query_counts.json").read_text()).items() if k[0] != "_"
}

PAGES: dict[str, Callable[[World], str]] = {
    "queue:index": lambda w: reverse("queue:index"),
    "clinic:patient_list": lambda w: reverse("clinic:patient_list"),
    "clinic:patient_detail": lambda w: reverse("clinic:patient_detail", args=[w.mine.patient.pk]),
    "billing:claim_list": lambda w: reverse("billing:claim_list"),
    "billing:claim_detail": lambda w: reverse("billing:claim_detail", args=[w.mine.held.pk]),
}


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(world: World) -> None:
    """Ten times the rows on every page: more patients, courses, sessions, claims, edits, notes."""
    for _ in range(4):
        build_side(world.mine.facility, extra_sessions=2)
    course = world.mine.course
    more = [
        f.session(course, dt.date(2026, 6, 1) + dt.timedelta(days=7 * i), order_verified=i % 2 == 0) for i in range(8)
    ]
    code_sessions(more)
    f.course(world.mine.patient, regimen="weekly paclitaxel", start_date=dt.date(2025, 9, 1))
    f.coverage(world.mine.patient, priority=2, payer_name="Second Plan")
    for n in range(10):
        review.add_note(world.mine.held, world.users[Role.BILLING], f"Synthetic note {n}")


def test_every_list_page_has_a_budget() -> None:
    assert set(PAGES) == set(BUDGETS)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_is_fixed_and_within_budget(page: str) -> None:
    world = build_world()
    client = world.client(Role.BILLING)
    url = PAGES[page](world)
    client.get(url)  # warm caches that are per process, not per request (content types)
    small = _count(client, url)
    _grow(world)
    large = _count(client, url)
    assert large == small, f"{page}: {small} queries with little data, {large} with more (N+1?)"
    assert large <= BUDGETS[page], f"{page}: {large} queries, budget {BUDGETS[page]}"
