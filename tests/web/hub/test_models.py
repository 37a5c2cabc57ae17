"""Hub models: a case's state is its replayed events; the snapshot follows; scoping by facility."""

from __future__ import annotations

import pytest

from coolclaim.web.hub.models import Case, CaseEvent
from coolclaim.web.hub.services.replay_case import replay_case

from .world import build, new_case

pytestmark = pytest.mark.django_db


def test_enrolled_case_is_bi_pending_by_replay_and_snapshot() -> None:
    world = build()
    case = new_case(world)
    result = replay_case(case)
    assert str(result.state) == "bi_pending"
    assert [str(e) for e in result.next] == ["patient_contacted", "bi_completed", "withdrawn"]
    case.refresh_from_db()
    assert (case.state, case.outcome, case.waiting_on, case.next_due_kind) == (
        "bi_pending",
        "",
        "hub",
        "patient_contact",
    )
    assert case.next_due is not None and case.next_due.isoformat() == "2026-12-02T04:59:59+00:00"


def test_event_row_is_the_contract_event() -> None:
    world = build()
    case = new_case(world)
    event = CaseEvent.objects.get(case=case)
    assert event.as_core() == {"type": "enrolled", "at": "2026-11-25T15:00:00+00:00"}
    assert (event.seq, event.actor_id, event.reason) == (0, world.coordinator.pk, "Enrollment form received")
    assert str(case) == f"hub case {case.pk}"


def test_cases_are_scoped_to_the_users_facilities() -> None:
    world = build()
    case = new_case(world)
    assert list(Case.objects.for_user(world.coordinator)) == [case]
    assert list(Case.objects.for_user(world.other_coordinator)) == []
    assert list(CaseEvent.objects.for_user(world.other_coordinator)) == []
    assert list(Case.objects.for_user(world.nurse)) == [case]


def test_demo_has_cases_in_every_state_overdue_ones_and_the_whole_way_to_the_pap() -> None:
    from coolclaim.web.demo import seed_demo

    seed_demo()
    cases = list(Case.objects.all())
    states = {c.state for c in cases}
    assert states == {
        "bi_pending",
        "pa_required",
        "pa_pending",
        "appeal_possible",
        "appeal_pending",
        "pap_screening",
        "closed",
    }
    assert {c.outcome for c in cases if c.state == "closed"} == {"covered", "pap", "self_pay", "withdrawn"}
    assert sum(c.overdue for c in cases) >= 2
    journey = [list(c.events.values_list("type", flat=True)) for c in cases if c.outcome == "pap"]
    assert journey == [[
        "enrolled", "patient_contacted", "bi_completed", "pa_submitted", "pa_decided",
        "appeal_filed", "appeal_decided", "pap_decided",
    ]]  # fmt: skip
    assert all(replay_case(c).ok for c in cases)
