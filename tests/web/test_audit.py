"""Audit: create, change, delete and read of patient data, with who, what and when."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import pytest
from auditlog.cid import correlation_id
from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from coolclaim.web.accounts.models import Hub
from coolclaim.web.audit import (
    AUDITED_MODELS,
    acting_as,
    audit_bulk_create,
    audit_bulk_update,
    audit_read,
    audit_reads,
    audit_rows,
    register_models,
    request_addr,
)
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_acting_context() -> Iterator[None]:
    """Each test starts outside any request or acting block (auditlog's middleware leaves its
    context behind in the thread when a request of an earlier test ends)."""
    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)


def entries(obj: Any, action: int) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_pk=str(obj.pk),
            action=action,
        )
    )


def test_every_patient_data_model_is_audited() -> None:
    for model in (Patient, Coverage, Course, Session, Claim, ClaimVersion, ClaimLine, ClaimEdit):
        assert model in AUDITED_MODELS


def test_create_change_delete_are_logged_with_the_actor() -> None:
    nurse = f.user()
    facility = f.facility(f.hub())
    with acting_as(nurse):
        patient = f.patient(facility, family_name="Patient 123")
        patient.city = "Sampletown"
        patient.save()
        pk = patient.pk
        patient.delete()
    patient.pk = pk
    created = entries(patient, LogEntry.Action.CREATE)
    changed = entries(patient, LogEntry.Action.UPDATE)
    deleted = entries(patient, LogEntry.Action.DELETE)
    assert len(created) == len(changed) == len(deleted) == 1
    assert all(e.actor_id == nurse.pk for e in created + changed + deleted)
    assert changed[0].changes_dict["city"] == ["", "Sampletown"]
    assert created[0].timestamp is not None
    assert "Patient 123" not in created[0].object_repr  # repr holds ids only


def test_audit_read_records_who_what_when() -> None:
    data = f.clinic()
    billing = f.user("billing", data["facility"])
    entry = audit_read(billing, data["session"], remote_addr="127.0.0.1")
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.actor_id == billing.pk
    assert str(entry.object_pk) == str(data["session"].pk)
    assert entry.content_type.model == "session"
    assert entry.timestamp is not None
    assert entries(data["session"], LogEntry.Action.ACCESS) == [entry]


def test_audit_reads_for_a_list_page(django_assert_num_queries: Any) -> None:
    facility = f.facility(f.hub())
    patients = [f.patient(facility) for _ in range(5)]
    analyst = f.user("analyst")
    with django_assert_num_queries(1):  # one INSERT for the whole page
        assert audit_reads(analyst, patients) == 5
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=analyst).count() == 5


def test_audit_entries_have_no_foreign_keys_on_postgresql_and_outlive_their_actor() -> None:
    """accounts/0003: no key checks on the entries' inserts (PostgreSQL); a deleted user's
    entries stay, with the actor set to null by Django as before."""
    if connection.vendor == "postgresql":
        # a test database made from the models (``--no-migrations``, as the mutation runs do)
        # has the keys: the migration's own step removes them (a no-op after the migrations)
        migration = import_module("coolclaim.web.accounts.migrations.0003_audit_without_foreign_keys")
        with connection.schema_editor() as editor:
            migration.forwards(None, editor)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, LogEntry._meta.db_table)
    keys = sorted(info["columns"][0] for info in constraints.values() if info["foreign_key"])
    assert keys == ([] if connection.vendor == "postgresql" else ["actor_id", "content_type_id"])
    facility = f.facility(f.hub())
    patient = f.patient(facility)
    leaving = f.user("billing", facility)
    audit_reads(leaving, [patient])
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=leaving)
    leaving.delete()
    entry.refresh_from_db()
    assert entry.actor_id is None
    assert (entry.content_type.model, entry.object_id) == ("patient", patient.pk)


def test_a_row_read_as_values_is_audited_as_the_model_it_names() -> None:
    """Rows read as values (queue/tables/page_rows.py) name their model in ``audited_model``."""
    facility = f.facility(f.hub())
    patient = f.patient(facility)
    reader = f.user("billing", facility)
    row = SimpleNamespace(pk=patient.pk, audited_model=Patient, __str__=None)
    assert audit_reads(reader, [row]) == 1
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=reader)
    assert (entry.content_type.model_class(), entry.object_id) == (Patient, patient.pk)
    assert entries(patient, LogEntry.Action.ACCESS) == [entry]


def _stored(entries_: Any) -> list[tuple[Any, ...]]:
    """What an entry holds, minus its id and timestamp, in insertion order."""
    return list(
        entries_.order_by("pk").values_list(
            "content_type__model", "object_pk", "object_id", "object_repr", "action", "changes", "actor", "remote_addr"
        )
    )


def test_registering_a_model_audits_it_once() -> None:
    assert not auditlog.contains(Hub)
    try:
        register_models(Hub, Hub)
        register_models(Hub)
        assert auditlog.contains(Hub)
        assert AUDITED_MODELS.count(Hub) == 1
        with acting_as(f.user()):
            hub = f.hub()
        assert len(entries(hub, LogEntry.Action.CREATE)) == 1
    finally:
        auditlog.unregister(Hub)
        AUDITED_MODELS.remove(Hub)


def test_a_model_registered_with_its_own_options_keeps_them() -> None:
    """As a generated document's PDF and an import's file stay out of change records."""
    auditlog.register(Hub, exclude_fields=["name"])
    try:
        register_models(Hub)
        assert auditlog.get_model_fields(Hub)["exclude_fields"] == ["name"]
        assert AUDITED_MODELS.count(Hub) == 1
    finally:
        auditlog.unregister(Hub)
        AUDITED_MODELS.remove(Hub)


def test_the_request_address_is_the_acting_context_s_while_it_lasts() -> None:
    assert request_addr() is None
    with acting_as(f.user(), remote_addr="10.0.0.7"):
        assert request_addr() == "10.0.0.7"
        with acting_as(f.user()):
            assert request_addr() is None
        assert request_addr() == "10.0.0.7"
    assert request_addr() is None  # not the address of a block that has ended
    token = auditlog_value.set("not a mapping")
    try:
        assert request_addr() is None
    finally:
        auditlog_value.reset(token)


def test_a_read_records_the_address_given_else_the_request_s() -> None:
    facility = f.facility(f.hub())
    patient = f.patient(facility)
    nurse = f.user()
    audit_read(nurse, patient, remote_addr="192.0.2.1")
    audit_read(None, patient)
    audit_read(AnonymousUser(), patient)
    audit_read(SimpleNamespace(pk=nurse.pk), patient)  # not a user (no is_authenticated): no actor
    with acting_as(nurse, remote_addr="192.0.2.9"):
        audit_read(nurse, patient)
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    pk = str(patient.pk)
    assert _stored(read) == [
        ("patient", pk, patient.pk, str(patient), LogEntry.Action.ACCESS, None, nurse.pk, "192.0.2.1"),
        ("patient", pk, patient.pk, str(patient), LogEntry.Action.ACCESS, None, None, None),
        ("patient", pk, patient.pk, str(patient), LogEntry.Action.ACCESS, None, None, None),
        ("patient", pk, patient.pk, str(patient), LogEntry.Action.ACCESS, None, None, None),
        ("patient", pk, patient.pk, str(patient), LogEntry.Action.ACCESS, None, nurse.pk, "192.0.2.9"),
    ]


def test_bulk_reads_creates_and_updates_hold_what_single_entries_hold() -> None:
    facility = f.facility(f.hub())
    patients = [f.patient(facility) for _ in range(2)]
    course = f.course(patients[0])
    billing = f.user("billing")
    LogEntry.objects.all().delete()
    assert audit_reads(billing, []) == 0
    assert audit_bulk_create(billing, []) == 0
    assert audit_bulk_update(billing, [], {}) == 0
    token = correlation_id.set("request-7")
    try:
        assert audit_reads(billing, [patients[0], course], remote_addr="192.0.2.1") == 2
        with acting_as(billing, remote_addr="192.0.2.9"):
            assert audit_bulk_create(billing, iter(patients)) == 2
            assert audit_bulk_create(billing, patients[:1], remote_addr="192.0.2.2") == 1
            assert audit_bulk_update(billing, patients[:1], {}, remote_addr="192.0.2.3") == 1
        assert audit_bulk_update(AnonymousUser(), patients, {patients[0].pk: ["city", "state"]}) == 2
    finally:
        correlation_id.reset(token)
    first, second = (str(p.pk) for p in patients)
    p1, p2 = (str(p) for p in patients)
    read, created, changed = LogEntry.Action.ACCESS, LogEntry.Action.CREATE, LogEntry.Action.UPDATE
    bulk = ["(bulk)", "(bulk)"]
    assert _stored(LogEntry.objects.all()) == [
        ("patient", first, patients[0].pk, p1, read, None, billing.pk, "192.0.2.1"),
        ("course", str(course.pk), course.pk, str(course), read, None, billing.pk, "192.0.2.1"),
        ("patient", first, patients[0].pk, p1, created, None, billing.pk, "192.0.2.9"),
        ("patient", second, patients[1].pk, p2, created, None, billing.pk, "192.0.2.9"),
        ("patient", first, patients[0].pk, p1, created, None, billing.pk, "192.0.2.2"),
        ("patient", first, patients[0].pk, p1, changed, {}, billing.pk, "192.0.2.3"),
        ("patient", first, patients[0].pk, p1, changed, {"city": bulk, "state": bulk}, None, None),
        ("patient", second, patients[1].pk, p2, changed, {}, None, None),
    ]
    assert set(LogEntry.objects.values_list("cid", flat=True)) == {"request-7"}


def test_entries_for_rows_written_set_based() -> None:
    nurse = f.user()
    assert audit_rows(nurse, Patient, []) == 0
    assert audit_rows(nurse, Patient, [(41, "patient 41"), ("p-42", "patient p-42")], remote_addr="192.0.2.1") == 2
    regimen = {43: {"regimen": ["TC", "DC"]}}
    assert audit_rows(nurse, Course, [(43, "course 43")], LogEntry.Action.UPDATE, changes=regimen) == 1
    assert audit_rows(nurse, Course, [(44, "course 44")], LogEntry.Action.UPDATE, changes={}) == 1
    assert _stored(LogEntry.objects.all()) == [
        ("patient", "41", 41, "patient 41", LogEntry.Action.CREATE, None, nurse.pk, "192.0.2.1"),
        ("patient", "p-42", None, "patient p-42", LogEntry.Action.CREATE, None, nurse.pk, "192.0.2.1"),
        ("course", "43", 43, "course 43", LogEntry.Action.UPDATE, {"regimen": ["TC", "DC"]}, nurse.pk, None),
        ("course", "44", 44, "course 44", LogEntry.Action.UPDATE, None, nurse.pk, None),
    ]


def test_an_acting_block_inside_a_request_hands_the_request_s_context_back() -> None:
    """As inside a request (auditlog's middleware is the outer block): entries after the inner
    block are the request's again, and leaving both leaves no signal receiver behind."""
    facility = f.facility(f.hub())
    nurse, importer = f.user(), f.user("billing")
    receivers = len(pre_save.receivers)
    with set_extra_data({"actor": nurse, "remote_addr": "192.0.2.1"}):
        with acting_as(importer, remote_addr="192.0.2.9"):
            inside = f.patient(facility)
        after = f.patient(facility)
    assert len(pre_save.receivers) == receivers
    assert [(e.actor_id, e.remote_addr) for e in entries(inside, LogEntry.Action.CREATE)] == [
        (importer.pk, "192.0.2.9")
    ]
    assert [(e.actor_id, e.remote_addr) for e in entries(after, LogEntry.Action.CREATE)] == [(nurse.pk, "192.0.2.1")]


@pytest.mark.django_db(transaction=True)
def test_a_page_s_reads_commit_on_their_own_without_waiting_for_the_disk_flush() -> None:
    """On PostgreSQL a page's read entries are a transaction of their own with
    ``synchronous_commit`` off; inside a caller's transaction (which may hold writes) nothing
    changes. SQLite has no such setting: the entries go in as they are."""
    facility = f.facility(f.hub())
    patients = [f.patient(facility) for _ in range(2)]
    analyst = f.user("analyst")
    on_postgresql = connection.vendor == "postgresql"
    with CaptureQueriesContext(connection) as alone:
        assert audit_reads(analyst, patients) == 2
    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        assert audit_reads(analyst, patients[:1]) == 1
    if on_postgresql:
        # one statement, its own transaction (autocommit), the setting local to it
        [statement] = [q["sql"] for q in alone.captured_queries if "auditlog_logentry" in q["sql"]]
        assert "set_config('synchronous_commit', 'off', true)" in statement
        assert statement.lstrip().startswith("WITH")
        assert not connection.in_atomic_block and connection.get_autocommit()
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH s AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)) "
                "SELECT current_setting('synchronous_commit') FROM s"
            )
            assert cursor.fetchone() == ("off",)  # in force for the statement's transaction
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)  # and for it alone
    else:
        assert [q["sql"] for q in alone.captured_queries if "synchronous_commit" in q["sql"]] == []
    assert [q["sql"] for q in inside.captured_queries if "synchronous_commit" in q["sql"]] == []
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=analyst).count() == 3
    # both paths write the same entry (the one statement's and the transaction's)
    columns = [f.attname for f in LogEntry._meta.concrete_fields if f.attname not in ("id", "timestamp")]
    first = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_id=patients[0].pk).order_by("id")
    alone_row, inside_row = first.values(*columns)
    assert alone_row == inside_row
