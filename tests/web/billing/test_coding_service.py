"""Sessions → contract records → the coding core → claim versions, lines and edits."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from coolclaim.web.accounts.choices import Setting
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.billing.services.code_sessions import code_sessions, course_histories
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.session_contract import session_record
from tests.requirements import shared

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_record_matches_the_contract_schema() -> None:
    schema_file = shared("contracts", "session.schema.json")
    session = f.clinic()["session"]
    record = session_record(Session.objects.select_related("facility", "course__patient").get())
    jsonschema.validate(record, json.loads(schema_file.read_text()))
    assert record["session_id"] == session.session_id
    assert record["cooling_start"] == "2026-02-03T08:00:00-05:00"  # facility wall clock
    assert record["payer"]["type"] == "commercial"
    assert record["chemo_admin"] == [{"code": "96413", "units": 1}, {"code": "96415", "units": 1}]
    assert record["documentation"]["order_verified"] is True
    assert record["em_visit"] is None


def test_no_active_coverage_means_self_pay() -> None:
    data = f.clinic()
    data["coverage"].end_date = dt.date(2025, 12, 31)
    data["coverage"].save()
    record = session_record(Session.objects.select_related("facility", "course__patient").get())
    assert record["payer"]["type"] == "self_pay"


def test_coding_stores_a_claim_with_lines_and_edits() -> None:
    data = f.clinic()
    summary = code_sessions(Session.objects.all())
    assert summary.new_claims == 1
    claim = Claim.objects.get()
    version = claim.current_version
    assert version is not None
    assert version.number == 1
    assert claim.status == ClaimStatus.READY
    assert claim.date_of_service == dt.date(2026, 2, 3)
    codes = list(version.lines.values_list("code", flat=True))
    assert {"96413", "97007", "97008", "97009"} <= set(codes)
    assert claim.facility_id == data["facility"].pk
    assert claim.patient_id == data["patient"].pk


def test_recoding_unchanged_is_a_no_op_and_a_change_makes_a_new_version() -> None:
    data = f.clinic()
    code_sessions(Session.objects.all())
    again = code_sessions(Session.objects.all())
    assert again.unchanged == 1
    assert again.new_versions == 0
    session = data["session"]
    session.order_verified = False
    session.save()
    user = f.user("billing", data["facility"])
    changed = code_sessions(Session.objects.all(), user=user, reason="order was not verified")
    assert changed.new_versions == 1
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.HOLD
    v2 = claim.current_version
    assert v2 is not None
    assert (v2.number, v2.reason, v2.created_by_id) == (2, "order was not verified", user.pk)
    assert v2.edits.filter(code="DOCUMENTATION_INCOMPLETE", severity="error").exists()
    assert ClaimVersion.objects.count() == 2


def test_overrides_carry_over_and_release_the_hold() -> None:
    data = f.clinic()
    data["session"].order_verified = False
    data["session"].save()
    code_sessions(Session.objects.all())
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.HOLD
    edit = ClaimEdit.objects.get(code="DOCUMENTATION_INCOMPLETE")
    edit.override(f.user("billing"), "Order confirmed by phone with the oncologist")
    data["session"].scalp_assessed = False  # a change that recodes the session
    data["session"].em_code = "99214"
    data["session"].em_separately_identifiable = True
    data["session"].save()
    code_sessions(Session.objects.all(), reason="E/M added")
    claim.refresh_from_db()
    new_edit = ClaimEdit.objects.get(version=claim.current_version, code="DOCUMENTATION_INCOMPLETE")
    assert new_edit.is_overridden
    assert claim.status == ClaimStatus.READY


def test_submitted_version_is_kept_and_a_correction_is_added() -> None:
    data = f.clinic()
    code_sessions(Session.objects.all())
    claim = Claim.objects.get()
    assert claim.current_version is not None
    claim.current_version.submit(f.user("billing"))
    lines_before = list(ClaimLine.objects.filter(version=claim.current_version).values())
    data["session"].em_code = "99214"
    data["session"].em_separately_identifiable = True
    data["session"].save()
    summary = code_sessions(Session.objects.all(), reason="E/M visit was missing")
    assert summary.frozen == 1
    v1 = ClaimVersion.objects.get(claim=claim, number=1)
    assert list(ClaimLine.objects.filter(version=v1).values()) == lines_before
    claim.refresh_from_db()
    assert claim.current_version is not None
    assert claim.current_version.number == 2
    assert claim.current_version.lines.filter(code="99214", modifiers=["25"]).exists()


def test_history_fitting_once_per_course_across_batches() -> None:
    data = f.clinic()
    code_sessions(Session.objects.all())
    later = f.session(data["course"], day=dt.date(2026, 2, 24), cap_fitting=True)
    history = course_histories(list(Session.objects.select_related("course").filter(pk=later.pk)))
    (only,) = history.values()
    assert only.sessions_before == 1
    assert only.fitting_billed
    code_sessions(Session.objects.filter(pk=later.pk))
    claim = Claim.objects.get(session=later)
    assert claim.status == ClaimStatus.HOLD
    assert claim.current_version is not None
    assert claim.current_version.edits.filter(code="FITTING_ALREADY_BILLED").exists()


def test_hospital_outpatient_lines_get_the_revenue_code() -> None:
    hub = f.hub()
    facility = f.facility(hub, state="GA", setting=Setting.HOSPITAL_OUTPATIENT)
    patient = f.patient(facility)
    f.coverage(patient)
    f.session(f.course(patient), cap_fitting=True)
    code_sessions(Session.objects.all())
    rows = ClaimLine.objects.values_list("code", "revenue_code")
    cooling = {code: revenue for code, revenue in rows if code.startswith("970")}
    # exactly the facility's configured code (default 0761) on every cooling line
    assert {"97007", "97008"} <= set(cooling)
    assert set(cooling.values()) == {"0761"}


def _batch(n: int) -> None:
    hub = f.hub()
    facility = f.facility(hub)
    for _ in range(n):
        patient = f.patient(facility)
        f.coverage(patient)
        course = f.course(patient)
        f.session(course, cap_fitting=True)
        f.session(course, day=dt.date(2026, 2, 24))


def test_batch_queries_do_not_grow_with_the_batch() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _batch(2)
    with CaptureQueriesContext(connection) as small:
        code_sessions(Session.objects.all())
    Claim.objects.all().delete()
    ClaimVersion.objects.all().delete()
    _batch(20)
    with CaptureQueriesContext(connection) as large:
        code_sessions(Session.objects.filter(claim__isnull=True))

    def selects(ctx: CaptureQueriesContext) -> int:
        return sum(q["sql"].startswith("SELECT") for q in ctx.captured_queries)

    # Reads are a fixed number; writes grow only by SQLite's parameter-limit chunks.
    assert selects(large) == selects(small)
    assert len(large.captured_queries) <= len(small.captured_queries) + 6
    assert Claim.objects.count() == 44  # the first 4 sessions were recoded too
