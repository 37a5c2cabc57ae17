"""Models of the clinic app: patient, coverage and session invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coolclaim.web.clinic.models import Coverage

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_session_takes_facility_from_course_and_id_is_unique_per_facility() -> None:
    data = f.clinic()
    assert data["session"].facility_id == data["facility"].pk
    other_facility = f.facility(data["hub"])
    other_course = f.course(f.patient(other_facility))
    f.session(other_course, session_id=data["session"].session_id)  # other facility: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        f.session(data["course"], session_id=data["session"].session_id)


def test_session_times_are_aware_and_lists_are_validated() -> None:
    session = f.clinic()["session"]
    session.refresh_from_db()
    assert session.cooling_start is not None
    assert session.cooling_start.tzinfo is not None
    session.diagnoses = "C50.912"
    with pytest.raises(ValidationError):
        session.clean()


def test_patient_str_holds_no_phi() -> None:
    patient = f.patient(f.facility(f.hub()), family_name="Patient 999", mrn="MRN-SECRET")
    assert str(patient) == f"patient {patient.pk}"
    assert patient.display_name == "Patient 999, Test"


def test_coverage_dates_must_be_in_order() -> None:
    patient = f.patient(f.facility(f.hub()))
    with pytest.raises(IntegrityError), transaction.atomic():
        f.coverage(patient, start_date=dt.date(2026, 1, 2), end_date=dt.date(2026, 1, 1))
    cov = f.coverage(patient, end_date=dt.date(2026, 12, 31))
    assert cov.is_active_on(dt.date(2026, 6, 1))
    assert not cov.is_active_on(dt.date(2027, 1, 1))
    assert Coverage.objects.count() == 1


def test_a_patient_without_a_name_shows_a_readable_placeholder() -> None:
    from coolclaim.web.clinic.models import Patient

    assert Patient(family_name="Doe", given_name="Jane", mrn="M1").display_name == "Doe, Jane"
    assert Patient(family_name="Doe", given_name="", mrn="M1").display_name == "Doe"
    assert Patient(family_name="", given_name="Jane", mrn="M1").display_name == "Jane"
    assert Patient(family_name=" ", given_name="", mrn="M1").display_name == "Unnamed patient (MRN M1)"
    assert Patient(pk=7, family_name="", given_name="", mrn="").display_name == "Unnamed patient 7"
