"""Hub cases in the common work queue, and the daily overdue check."""

from __future__ import annotations

import pytest
from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.hub.services.record_event import record_event
from coolclaim.web.hub.tasks import check_overdue, raise_overdue_cases
from coolclaim.web.queue.models import HubItem

from .. import factories as f
from .world import at, build, new_case

pytestmark = pytest.mark.django_db


def test_open_cases_have_a_queue_item_and_closed_ones_none() -> None:
    world = build()
    case = new_case(world)
    item = HubItem.objects.get()
    assert (item.case_id, item.state, item.due_kind, item.waiting_on, item.facility_id) == (
        case.pk,
        "bi_pending",
        "patient_contact",
        "hub",
        world.facility.pk,
    )
    record_event(case, "withdrawn", at("2026-11-26"), actor=world.coordinator, reason="Patient declined")
    assert HubItem.objects.count() == 0


def test_daily_check_raises_cases_whose_deadline_passed() -> None:
    world = build()
    case = new_case(world)
    assert check_overdue(at("2026-11-30")) == (1, 0)
    assert HubItem.objects.get().overdue is False
    assert check_overdue(at("2026-12-02")) == (1, 1)  # contact was due by the end of 2026-12-01
    item = HubItem.objects.get()
    case.refresh_from_db()
    assert (item.overdue, case.overdue) == (True, True)


def test_daily_task_runs_through_the_tasks_api() -> None:
    world = build()
    new_case(world, received="2026-01-05")
    result = raise_overdue_cases.enqueue()
    assert result.return_value == {"checked": 1, "overdue": 1}


def test_work_queue_shows_the_hub_cases_of_the_users_facilities_only() -> None:
    world = build()
    case = new_case(world, received="2026-01-05")
    mine, theirs = Client(), Client()
    mine.force_login(world.coordinator)
    theirs.force_login(world.other_coordinator)
    page = mine.get("/queue/")
    assert (page.context["hub"].open, page.context["hub"].overdue) == (1, 1)
    assert f'href="/hub/cases/{case.pk}/"' in page.content.decode()
    other = theirs.get("/queue/")
    assert (other.context["hub"].open, other.context["hub"].items) == (0, [])


def test_hub_cases_come_first_for_the_coordinator_and_after_the_claims_for_billing() -> None:
    world = build()
    new_case(world, received="2026-01-05")
    coordinator, billing = Client(), Client()
    coordinator.force_login(world.coordinator)
    billing.force_login(f.user(Role.BILLING, world.facility))
    first = coordinator.get("/queue/").content.decode()
    assert first.index('id="hub-items-heading"') < first.index('id="queue-results"')
    after = billing.get("/queue/").content.decode()
    assert after.count('id="hub-items-heading"') == 1
    assert after.index('id="queue-results"') < after.index('id="hub-items-heading"')
