"""Audit: create, change, delete and read of patient data, with who, what and when."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from coolclaim.web.audit import AUDITED_MODELS, acting_as, audit_read, audit_reads
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session

from . import factories as f

pytestmark = pytest.mark.django_db


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
