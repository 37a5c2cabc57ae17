"""The queue's items (refresh_items, fed by the clinic and billing signals): a session is in
the queue while its claim is held, its documentation is incomplete or it has no claim — after a
save, coding, claim actions, claim deletion, an import and an API create; and the migration's
backfill gives the same rows."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.choices import ClaimStatus, Severity
from coolclaim.web.billing.models import Claim, ClaimEdit
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Course, Session
from coolclaim.web.imports.services.import_sessions import import_sessions
from coolclaim.web.queue.filtersets import queue_counts
from coolclaim.web.queue.models import QueueItem
from coolclaim.web.queue.services.refresh_items import refresh_items

from .. import factories as f
from ..api_support import contract_record, token_client
from ..api_support import world as api_world

pytestmark = pytest.mark.django_db


def stored(session: Session) -> dict[str, object]:
    """The session's own derived fields and its queue item (``needs_attention``: it has one)."""
    service_date, incomplete = Session.objects.values_list("service_date", "documentation_incomplete").get(
        pk=session.pk
    )
    item = QueueItem.objects.filter(session_id=session.pk).first()
    if item is not None:
        assert (item.service_date, item.documentation_incomplete, item.facility_id) == (
            service_date,
            incomplete,
            session.facility_id,
        )
    return {
        "service_date": service_date,
        "documentation_incomplete": incomplete,
        "held": item is not None and item.held,
        "uncoded": item is not None and item.uncoded,
        "needs_attention": item is not None,
    }


def west_course() -> Course:
    facility = f.facility(f.hub(), state="CA", tz="America/Los_Angeles")
    patient = f.patient(facility)
    f.coverage(patient)
    return f.course(patient)


def test_save_sets_the_local_date_of_service_and_documentation() -> None:
    course = west_course()
    session = f.session(course, order_verified=False)
    # 21:30 in Los Angeles is the next day in UTC: the date of service is the local one
    session.cooling_start = dt.datetime(2026, 3, 2, 21, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    session.save()
    assert session.cooling_start.astimezone(dt.UTC).date() == dt.date(2026, 3, 3)
    assert stored(session) == {
        "service_date": dt.date(2026, 3, 2),
        "documentation_incomplete": True,
        "held": False,
        "uncoded": True,
        "needs_attention": True,
    }
    session.order_verified = True
    session.save(update_fields=["order_verified"])
    assert stored(session)["documentation_incomplete"] is False
    assert stored(session)["needs_attention"] is True  # still not coded
    session.cooling_start = None
    session.save()
    assert stored(session)["service_date"] == course.start_date


def test_coding_sets_held_and_uncoded_from_the_claim() -> None:
    course = west_course()
    complete = f.session(course, dt.date(2026, 2, 3))
    incomplete = f.session(course, dt.date(2026, 2, 10), order_verified=False, device_serial="")
    code_sessions([complete, incomplete])
    claims = {c.session_id: c for c in Claim.objects.all()}
    for session in (complete, incomplete):
        values = stored(session)
        held = claims[session.pk].status == ClaimStatus.HOLD
        assert values["uncoded"] is False
        assert values["held"] is held
        assert values["needs_attention"] is (held or bool(values["documentation_incomplete"]))
    assert stored(incomplete)["documentation_incomplete"] is True
    assert stored(incomplete)["held"] is True  # incomplete documentation is an error edit
    assert stored(complete)["needs_attention"] is False


def test_claim_actions_update_held() -> None:
    course = west_course()
    session = f.session(course)
    code_sessions([session])
    claim = Claim.objects.select_related("current_version").get(session=session)
    user = f.user(Role.BILLING, session.facility)
    assert stored(session)["held"] is (claim.status == ClaimStatus.HOLD)
    review.hold(claim, user, "waiting for the payer")
    assert stored(session)["held"] is True and stored(session)["needs_attention"] is True
    claim.refresh_from_db()
    review.accept(claim, user)
    assert stored(session)["held"] is False and stored(session)["needs_attention"] is False


def test_override_of_the_last_error_releases_the_hold() -> None:
    course = west_course()
    session = f.session(course, em_code="99214", em_separately_identifiable=False)
    code_sessions([session])
    claim = Claim.objects.select_related("current_version").get(session=session)
    errors = list(ClaimEdit.objects.filter(version_id=claim.current_version_id, severity=Severity.ERROR))
    assert claim.status == ClaimStatus.HOLD
    assert [e.code for e in errors] == ["EM_NOT_SEPARATE"]
    assert stored(session)["held"] is True
    user = f.user(Role.BILLING, session.facility)
    for edit in errors:
        review.override(claim, edit, user, "reviewed with the physician")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.READY
    assert stored(session)["held"] is False


def test_deleting_the_claim_makes_the_session_uncoded_again() -> None:
    session = f.session(west_course())
    code_sessions([session])
    assert stored(session)["uncoded"] is False
    Claim.objects.get(session=session).delete()
    assert stored(session)["uncoded"] is True and stored(session)["needs_attention"] is True


def test_import_sets_the_fields_of_new_and_changed_sessions() -> None:
    facility = f.facility(f.hub(), state="PA")
    records = [contract_record(n) for n in range(4)]
    records[1]["documentation"]["contraindications_screened"] = False
    import_sessions(b"".join(json.dumps(r).encode() + b"\n" for r in records), "a.jsonl", facility, None)
    sessions = {s.session_id: s for s in Session.objects.for_facility(facility)}
    for record in records:
        session = sessions[record["session_id"]]
        values = stored(session)
        assert values["service_date"] == dt.date.fromisoformat(record["cooling_start"][:10])
        assert values["uncoded"] is False
        assert values["held"] is (Claim.objects.get(session=session).status == ClaimStatus.HOLD)
    assert stored(sessions[records[1]["session_id"]])["documentation_incomplete"] is True
    assert stored(sessions[records[1]["session_id"]])["needs_attention"] is True
    assert stored(sessions[records[0]["session_id"]])["documentation_incomplete"] is False
    # a changed record: documentation completed, the session leaves the queue
    records[1]["documentation"]["contraindications_screened"] = True
    import_sessions(json.dumps(records[1]).encode() + b"\n", "b.jsonl", facility, None)
    session = sessions[records[1]["session_id"]]
    assert stored(session)["documentation_incomplete"] is False
    assert stored(session)["held"] is (Claim.objects.get(session=session).status == ClaimStatus.HOLD)


def test_api_create_sets_the_fields() -> None:
    w = api_world()
    body = {
        "course": w.mine.course.pk,
        "session_id": "API-Q-1",
        "cooling_start": "2026-02-10T23:30:00-05:00",
        "infusion_start": "2026-02-10T23:45:00-05:00",
        "infusion_end": "2026-02-11T00:30:00-05:00",
        "cooling_end": "2026-02-11T01:44:00-05:00",
        "chemo_admin": [{"code": "96413", "units": 1}],
        "diagnoses": ["C50.912", "Z51.11"],
        "device": {"model": "Paxman PSCS", "serial": "SN-1", "cap_lot": "LOT-1"},
        "documentation": {"order_verified": True, "contraindications_screened": False},
    }
    response = token_client(w.nurse).post("/api/v1/sessions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    session = Session.objects.get(pk=response.json()["id"])
    values = stored(session)
    assert values["service_date"] == dt.date(2026, 2, 10)  # New York date, not the UTC one
    assert values["uncoded"] is False
    assert values["held"] is (Claim.objects.get(session=session).status == ClaimStatus.HOLD)
    assert values["documentation_incomplete"] is True  # contraindications not screened
    assert values["needs_attention"] is True


def test_a_session_that_needs_nothing_has_no_item_and_refresh_is_idempotent() -> None:
    course = west_course()
    complete = f.session(course, dt.date(2026, 2, 3))
    code_sessions([complete])
    assert Claim.objects.get(session=complete).status == ClaimStatus.READY
    assert QueueItem.objects.filter(session_id=complete.pk).count() == 0
    incomplete = f.session(course, dt.date(2026, 2, 10), scalp_assessed=False)
    assert refresh_items([complete.pk, incomplete.pk, incomplete.pk]) == 1
    assert refresh_items([complete.pk, incomplete.pk]) == 1
    assert list(QueueItem.objects.values_list("session_id", flat=True)) == [incomplete.pk]


def test_deleting_a_session_removes_its_item() -> None:
    session = f.session(west_course(), order_verified=False)
    assert QueueItem.objects.filter(session_id=session.pk).count() == 1
    session.delete()
    assert QueueItem.objects.count() == 0


def test_the_badges_count_the_users_items() -> None:
    course = west_course()
    sessions = [f.session(course, dt.date(2026, 2, 3) + dt.timedelta(days=7 * n)) for n in range(3)]
    incomplete = f.session(course, dt.date(2026, 3, 3), order_verified=False)
    other = f.session(west_course(), order_verified=False)  # another facility
    billing = f.user(Role.BILLING, course.patient.facility)
    assert queue_counts(billing) == {
        "held": 0,
        "documentation": 1,
        "uncoded": 4,
        "denied": 0,
        "correction": 0,
        "total": 4,
    }
    code_sessions([*sessions, incomplete, other])
    review.hold(Claim.objects.get(session=sessions[0]), billing, "waiting for the payer")
    assert queue_counts(billing) == {
        "held": 2,
        "documentation": 1,
        "uncoded": 0,
        "denied": 0,
        "correction": 0,
        "total": 2,
    }


def test_migration_backfills_existing_sessions() -> None:
    course = west_course()
    late = f.session(course, order_verified=False)
    late.cooling_start = dt.datetime(2026, 3, 2, 21, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    late.save()
    coded = f.session(course, dt.date(2026, 3, 9))
    held = f.session(course, dt.date(2026, 3, 16), em_code="99214", em_separately_identifiable=False)
    code_sessions([coded, held])
    complete = f.session(course, dt.date(2026, 3, 23))
    code_sessions([complete])
    columns = ("session_id", "facility_id", "service_date", "held", "documentation_incomplete", "uncoded")
    expected = sorted(QueueItem.objects.values_list(*columns))
    assert [row[0] for row in expected] == [late.pk, held.pk]
    QueueItem.objects.all().delete()
    migration = importlib.import_module("coolclaim.web.queue.migrations.0001_initial")

    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    migration.backfill(apps, SimpleNamespace(connection=connection, execute=execute))
    assert sorted(QueueItem.objects.values_list(*columns)) == expected
    assert expected[0][2:] == (dt.date(2026, 3, 2), False, True, True)


def test_the_badge_counts_are_kept_in_a_few_rows_and_an_import_chunk_refreshes_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every refresh folds the facility's rows it can take into one (so the page sums a few
    rows), and an import chunk's two signals (sessions, then claims) refresh the queue once."""
    from coolclaim.web.queue import signals as queue_signals
    from coolclaim.web.queue.models import BadgeCount

    course = west_course()
    for n in range(5):
        f.session(course, dt.date(2026, 2, 3) + dt.timedelta(days=7 * n), order_verified=n % 2 == 0)
    facility = course.patient.facility
    assert BadgeCount.objects.filter(facility=facility).count() == 1
    billing = f.user(Role.BILLING, facility)
    assert queue_counts(billing) == {
        "held": 0,
        "documentation": 2,
        "uncoded": 5,
        "denied": 0,
        "correction": 0,
        "total": 5,
    }

    refreshed: list[list[int]] = []
    real = refresh_items

    def counting(session_ids: Any) -> int:
        refreshed.append(sorted(session_ids))
        return real(session_ids)

    monkeypatch.setattr(queue_signals, "refresh_items", counting)
    records = [contract_record(n, facility_state="CA") for n in range(3)]
    for record in records:
        record["payer"] = {"type": "medicare"}
    result = import_sessions(b"".join(json.dumps(r).encode() + b"\n" for r in records), "three.jsonl", facility, None)
    assert result.batch.created == 3
    assert len(refreshed) == 1 and len(refreshed[0]) == 3


def test_the_badges_read_by_the_facilities_in_hand_equal_the_scoped_ones() -> None:
    """badge_counts(among=...) (the queue page: the ids of the facilities it just read) gives
    what the scoped aggregate gives, for all of them and for one; a facility not among them
    counts nothing."""
    from coolclaim.web.accounts.scoping import visible_facilities
    from coolclaim.web.queue.services.badge_counts import badge_counts

    course = west_course()
    f.session(course, dt.date(2026, 2, 3))
    f.session(course, dt.date(2026, 3, 3), order_verified=False)
    other_course = west_course()
    f.session(other_course, order_verified=False)
    billing = f.user(Role.BILLING, course.patient.facility)
    ids = set(visible_facilities(billing).values_list("pk", flat=True))
    mine, theirs = course.patient.facility_id, other_course.patient.facility_id
    assert badge_counts(billing, among=ids) == badge_counts(billing)
    assert badge_counts(billing, among=ids)["total"] == 2
    assert badge_counts(billing, mine, among=ids) == badge_counts(billing, mine)
    assert badge_counts(billing, theirs, among=ids) == badge_counts(billing, theirs)
    assert badge_counts(billing, theirs, among=ids)["total"] == 0
    assert badge_counts(billing, among=set())["total"] == 0
