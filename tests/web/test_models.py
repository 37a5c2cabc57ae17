"""Models: validation of facility identifiers, patient/session invariants, tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coolclaim.web.accounts.models import ApiToken
from coolclaim.web.accounts.validators import npi_is_valid
from coolclaim.web.clinic.models import Coverage

from . import factories as f

pytestmark = pytest.mark.django_db


def test_npi_luhn_check() -> None:
    assert npi_is_valid("1234567893")  # the CMS example NPI
    assert not npi_is_valid("1234567890")
    assert not npi_is_valid("123456789")
    assert not npi_is_valid("12345678a3")


def test_facility_full_clean_names_every_bad_field() -> None:
    hub = f.hub()
    facility = f.facility(hub)
    facility.npi, facility.tin, facility.state, facility.time_zone = (
        "1234567890",
        "12",
        "XX",
        "Mars",
    )
    with pytest.raises(ValidationError) as caught:
        facility.full_clean()
    assert {"npi", "tin", "state", "time_zone"} <= set(caught.value.message_dict)


def test_facility_defaults() -> None:
    facility = f.facility(f.hub())
    assert facility.revenue_code == "0761"
    assert facility.contracted is True
    assert facility.county == ""


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


def test_api_token_stores_only_a_hash_and_can_be_revoked() -> None:
    user = f.user()
    token, raw = ApiToken.issue(user, "laptop")
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64
    assert ApiToken.objects.filter(key_hash=raw).count() == 0
    assert ApiToken.authenticate(raw) == user
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert ApiToken.authenticate(raw + "x") is None
    token.revoke()
    assert ApiToken.authenticate(raw) is None
