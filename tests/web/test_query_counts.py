"""Query-count budgets of every list, per app (tests/web/query_counts.json): pages and API
lists. The count stays the same when the data grows tenfold — no N+1 — and never exceeds the
app's budget."""

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
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.enroll import Enrollment, enroll

from . import factories as f
from .api_support import token_client
from .pages_world import World, build_side, build_world

pytestmark = pytest.mark.django_db

BUDGETS: dict[str, int] = {
    target: budget
    for app, budgets in json.loads((Path(__file__).parent / "query_counts.json").read_text()).items()
    if not app.startswith("_")
    for target, budget in budgets.items()
}

PAGES: dict[str, Callable[[World], str]] = {
    "page queue:index": lambda w: reverse("queue:index"),
    # sorted by a column computed per item (payer, amount): still one query for the rows
    "page queue:index?sort=-amount": lambda w: reverse("queue:index") + "?sort=-amount",
    "page queue:index?sort=payer&kind=held": lambda w: reverse("queue:index") + "?sort=payer&kind=held",
    "page queue:facilities": lambda w: reverse("queue:facilities"),
    "page clinic:patient_list": lambda w: reverse("clinic:patient_list"),
    "page clinic:patient_detail": lambda w: reverse("clinic:patient_detail", args=[w.mine.patient.pk]),
    "page billing:claim_list": lambda w: reverse("billing:claim_list"),
    "page billing:claim_detail": lambda w: reverse("billing:claim_detail", args=[w.mine.held.pk]),
    "page hub:case_list": lambda w: reverse("hub:case_list") + f"?owner=all&x={_hub_case(w).pk}",
    "page hub:case_detail": lambda w: reverse("hub:case_detail", args=[_hub_case(w).pk]),
    "page hub:sob": lambda w: reverse("hub:sob", args=[_hub_case(w).pk]),
}
API_LISTS = ("api /api/v1/patients", "api /api/v1/courses", "api /api/v1/sessions", "api /api/v1/claims")
TARGETS = [*PAGES, *API_LISTS]


def _hub_case(world: World) -> Case:
    """A hub case of the world's patient (the hub pages' growth is tested in tests/web/hub/)."""
    enrollment = Enrollment(
        patient=world.mine.patient,
        course=world.mine.course,
        payer_type="commercial",
        first_infusion_date=dt.date(2026, 6, 1),
        received_at=dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC),
    )
    return enroll(enrollment, actor=world.users[Role.BILLING])


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


def test_every_list_has_a_budget() -> None:
    assert sorted(BUDGETS) == sorted(TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_query_count_is_fixed_and_within_budget(target: str) -> None:
    world = build_world()
    user = world.users[Role.BILLING]
    if target in PAGES:
        client = world.client(Role.BILLING)
        url = PAGES[target](world)
    else:
        client = token_client(user)
        url = target.removeprefix("api ")
    client.get(url)  # warm caches that are per process, not per request (content types)
    small = _count(client, url)
    _grow(world)
    large = _count(client, url)
    assert large == small, f"{target}: {small} queries with little data, {large} with more (N+1?)"
    assert large <= BUDGETS[target], f"{target}: {large} queries, budget {BUDGETS[target]}"
