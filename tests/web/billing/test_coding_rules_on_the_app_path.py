"""Rules that cross sessions or records, checked through the web coding service: a fitting
billed in 2025 (0662T) blocks 97007 later in the course in 2026; the primary coverage is the
one billed, not a secondary one active the same day."""

from __future__ import annotations

import datetime as dt

import pytest

from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.session_contract import session_record

from .. import factories as f

pytestmark = pytest.mark.django_db


def _lines(session: Session) -> list[str]:
    claim = Claim.objects.select_related("current_version").get(session=session)
    assert claim.current_version is not None
    return list(claim.current_version.lines.values_list("code", flat=True))


def _edits(session: Session) -> list[str]:
    claim = Claim.objects.select_related("current_version").get(session=session)
    assert claim.current_version is not None
    return list(claim.current_version.edits.values_list("code", flat=True))


def test_a_2025_fitting_0662t_blocks_97007_in_2026_in_the_same_course() -> None:
    facility = f.facility(f.hub(), state="PA")
    patient = f.patient(facility)
    f.coverage(patient)
    course = f.course(patient, start_date=dt.date(2025, 12, 16))
    december = f.session(course, day=dt.date(2025, 12, 16), cap_fitting=True)
    code_sessions(Session.objects.filter(pk=december.pk))
    assert _lines(december)[:2] == ["96413", "96415"]
    assert "0662T" in _lines(december)

    january = f.session(course, day=dt.date(2026, 1, 6), cap_fitting=True)
    code_sessions(Session.objects.filter(pk=january.pk))
    assert "97007" not in _lines(january)
    assert "FITTING_ALREADY_BILLED" in _edits(january)
    assert Claim.objects.get(session=january).status == ClaimStatus.HOLD


def test_a_new_course_in_2026_bills_its_own_fitting() -> None:
    facility = f.facility(f.hub(), state="PA")
    patient = f.patient(facility)
    f.coverage(patient)
    old = f.course(patient, start_date=dt.date(2025, 12, 16))
    code_sessions([f.session(old, day=dt.date(2025, 12, 16), cap_fitting=True)])
    new = f.session(f.course(patient, start_date=dt.date(2026, 1, 6)), day=dt.date(2026, 1, 6), cap_fitting=True)
    code_sessions(Session.objects.filter(pk=new.pk))
    assert "97007" in _lines(new)
    assert "FITTING_ALREADY_BILLED" not in _edits(new)


@pytest.mark.parametrize("secondary_first", [False, True])
def test_the_primary_coverage_is_billed_not_the_secondary(secondary_first: bool) -> None:
    facility = f.facility(f.hub(), state="PA")
    patient = f.patient(facility)

    def primary() -> None:
        f.coverage(patient, payer_type="medicare", payer_name="Synthetic Medicare", priority=1)

    def secondary() -> None:
        f.coverage(patient, payer_name="Synthetic Secondary Plan", priority=2, start_date=dt.date(2025, 6, 1))

    for make in (secondary, primary) if secondary_first else (primary, secondary):
        make()
    made = f.session(f.course(patient))
    record = session_record(Session.objects.select_related("facility", "course__patient").get(pk=made.pk))
    assert (record["payer"]["type"], record["payer"]["name"]) == ("medicare", "Synthetic Medicare")
