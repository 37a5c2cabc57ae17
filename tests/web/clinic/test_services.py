"""The clinic's services: the one writer of sessions (one for the form and the API, many for an
import) and the one mapping between a stored session and the coding contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry

from coolclaim import bootstrap
from coolclaim.coding.session import Session as ContractSession
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic import signals
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.record_session import record_session, record_sessions, session_id_taken
from coolclaim.web.clinic.services.session_contract import CONTRACT_COLUMNS, session_record, stored_values

from .. import factories as f
from ..api_support import contract_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


class Heard:
    """Collects what a signal sent."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, sender: Any, **kwargs: Any) -> None:
        kwargs.pop("signal", None)
        self.calls.append(kwargs)


def test_record_session_saves_audits_codes_and_answers_the_outcome(facility: Facility) -> None:
    nurse = f.user(Role.NURSE, facility)
    patient = f.patient(facility)
    f.coverage(patient)
    course = f.course(patient)
    draft = f.session(course, cap_fitting=True)  # the factory saves; record a second, unsaved one
    new = Session(
        facility=facility,
        course=course,
        session_id="S-NEW",
        diagnoses=list(draft.diagnoses),
        chemo_admin=list(draft.chemo_admin),
        cooling_start=draft.cooling_start + dt.timedelta(days=7) if draft.cooling_start else None,
    )
    outcome = record_session(new, user=nurse, reason="Session documentation changed")
    stored = Session.objects.get(session_id="S-NEW")
    assert stored.documented_by == nurse
    claim = Claim.objects.get(session=stored)
    assert outcome == f"claim {claim.get_status_display().lower()}"
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE, object_pk=str(stored.pk), actor=nurse).count() == 1


def test_record_sessions_writes_in_bulk_audits_and_signals(facility: Facility) -> None:
    admin = f.user(Role.FACILITY_ADMIN, facility)
    patient = f.patient(facility)
    course = f.course(patient)
    existing = f.session(course, device_serial="SN-1")
    changed_heard, recorded_heard = Heard(), Heard()
    signals.sessions_changed.connect(changed_heard, dispatch_uid="test-changed")
    signals.sessions_recorded.connect(recorded_heard, dispatch_uid="test-recorded")
    try:
        new = [Session(facility=facility, course=course, session_id=f"B-{n}", diagnoses=["C50.911"]) for n in range(3)]
        existing.device_serial = ""
        record_sessions(facility, new, [(existing, ["device_serial"])], actor=admin, announce=False)
    finally:
        signals.sessions_changed.disconnect(dispatch_uid="test-changed")
        signals.sessions_recorded.disconnect(dispatch_uid="test-recorded")
    assert all(s.pk is not None for s in new)
    assert sorted(Session.objects.filter(course=course).values_list("session_id", flat=True)) == sorted(
        [existing.session_id, "B-0", "B-1", "B-2"]
    )
    assert Session.objects.get(pk=existing.pk).documentation_incomplete is True  # derived field written
    creates = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, object_pk__in=[str(s.pk) for s in new], actor=admin
    )
    assert creates.count() == 3
    update = LogEntry.objects.get(action=LogEntry.Action.UPDATE, object_pk=str(existing.pk), actor=admin)
    assert update.changes == {"device_serial": ["(bulk)", "(bulk)"]}
    assert [sorted(c["session_ids"]) for c in changed_heard.calls] == [sorted([*(s.pk for s in new), existing.pk])]
    assert recorded_heard.calls == []  # announce=False: the caller codes them itself


def test_session_id_taken_is_per_facility_and_ignores_the_session_itself(facility: Facility) -> None:
    session = f.session(f.course(f.patient(facility)))
    other = f.facility(f.hub(), state="PA")
    assert session_id_taken(facility.pk, session.session_id) is True
    assert session_id_taken(facility.pk, session.session_id, exclude_pk=session.pk) is False
    assert session_id_taken(other.pk, session.session_id) is False


def test_a_contract_session_stored_and_mapped_back_is_the_same_session(facility: Facility) -> None:
    engine = bootstrap.engine()
    record = contract_record(
        4, regimen="TC", em_visit={"code": "99214", "separately_identifiable": True}, abn_obtained=True
    )
    parsed = engine.parse(record)
    assert isinstance(parsed, ContractSession)
    patient = f.patient(facility, birth_date=parsed.patient_birth_date)
    course = f.course(patient, regimen="TC")
    session = Session(facility=facility, course=course, session_id=parsed.session_id, **stored_values(parsed))
    again = engine.parse(session_record(session, []))
    assert isinstance(again, ContractSession)
    for name in (*CONTRACT_COLUMNS, "regimen", "patient_birth_date", "facility_state", "setting"):
        assert getattr(again, name) == getattr(parsed, name), name
    assert again.payer.type == "self_pay"  # no coverage stored: self pay
    assert (again.patient_id, again.course_id) == (str(patient.pk), str(course.pk))
