"""The sessions import service (through the pipeline): idempotent by (facility, session_id),
transactional per batch, every rejected record kept with its reasons, bulk queries only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coolclaim.io.csv_sessions import CSV_COLUMNS
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim, ClaimVersion
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session
from coolclaim.web.imports.importers import sessions as sessions_importer
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord
from coolclaim.web.imports.services.import_sessions import UnreadableInput, import_sessions, plan_sessions

from .. import factories as f
from ..api_support import contract_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def jsonl(records: list[Any]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def as_csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()

    def flag(value: Any) -> str:
        return "" if value is None else ("true" if value else "false")

    for r in records:
        payer, device, doc = r["payer"], r["device"], r["documentation"]
        writer.writerow(
            {
                "session_id": r["session_id"],
                "patient_id": r["patient_id"],
                "course_id": r["course_id"],
                "facility_state": r["facility_state"],
                "setting": r["setting"],
                "patient_birth_date": r["patient_birth_date"],
                "payer_type": payer["type"],
                "payer_name": payer["name"] or "",
                "payer_funding": payer["funding"] or "",
                "payer_plan_state": payer["plan_state"] or "",
                "payer_group_size": payer["group_size"] or "",
                "diagnoses": "|".join(r["diagnoses"]),
                "chemo_admin": "|".join(f"{c['code']}*{c['units']}" for c in r["chemo_admin"]),
                "regimen": r["regimen"] or "",
                "cap_fitting": flag(r["cap_fitting"]),
                "cooling_start": r["cooling_start"],
                "infusion_start": r["infusion_start"],
                "infusion_end": r["infusion_end"],
                "cooling_end": r["cooling_end"],
                "device_model": device["model"],
                "device_serial": device["serial"],
                "cap_lot": device["cap_lot"],
                **{k: flag(doc[k]) for k in doc},
                "em_code": "",
                "em_separately_identifiable": "",
            }
        )
    return out.getvalue().encode()


def test_imports_sessions_patients_courses_and_claims(facility: Facility) -> None:
    records = [contract_record(n) for n in range(8)]
    result = import_sessions(jsonl(records), "day.jsonl", facility, None)
    batch = result.batch
    assert batch.status == BatchStatus.APPLIED
    assert (batch.records, batch.created, batch.updated, batch.unchanged, batch.rejected) == (8, 8, 0, 0, 0)
    assert Session.objects.for_facility(facility).count() == 8
    assert Patient.objects.for_facility(facility).count() == 2
    assert set(Patient.objects.values_list("mrn", flat=True)) == {"IMP-P-000", "IMP-P-001"}
    assert set(Course.objects.values_list("reference", flat=True)) == {"IMP-C-000", "IMP-C-001"}
    assert Coverage.objects.count() == 2
    assert Claim.objects.count() == 8 == batch.new_claims
    assert sorted(Claim.objects.values_list("status", flat=True)) == ["ready"] * 8
    # once-per-course fitting: billed on the first session of each course only
    fitted = ClaimVersion.objects.filter(lines__code="97007").count()
    assert fitted == 2


def test_same_file_twice_never_bills_twice(facility: Facility) -> None:
    data = jsonl([contract_record(n) for n in range(6)])
    import_sessions(data, "day.jsonl", facility, None)
    claims, versions = Claim.objects.count(), ClaimVersion.objects.count()
    again = import_sessions(data, "day.jsonl", facility, None).batch
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert (again.new_claims, again.new_versions) == (0, 0)
    assert Claim.objects.count() == claims and ClaimVersion.objects.count() == versions
    assert Session.objects.count() == 6 and Patient.objects.count() == 2


def test_csv_and_jsonl_of_the_same_sessions_are_the_same_import(facility: Facility) -> None:
    records = [contract_record(n) for n in range(5)]
    import_sessions(as_csv(records), "day.csv", facility, None)
    again = import_sessions(jsonl(records), "day.jsonl", facility, None).batch
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_changed_record_makes_a_new_version_with_a_reason(facility: Facility) -> None:
    records = [contract_record(n) for n in range(4)]
    import_sessions(jsonl(records), "day.jsonl", facility, None)
    claims = Claim.objects.count()
    records[2] = {**records[2], "cooling_end": records[2]["cooling_end"].replace("T11:44", "T12:44")}
    batch = import_sessions(jsonl(records), "day-corrected.jsonl", facility, None).batch
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 3)
    assert batch.new_claims == 0 and batch.new_versions == 1
    assert Claim.objects.count() == claims
    claim = Claim.objects.select_related("current_version").get(session__session_id=records[2]["session_id"])
    assert claim.current_version is not None and claim.current_version.number == 2
    assert "import batch" in claim.current_version.reason and "day-corrected.jsonl" in claim.current_version.reason
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE, object_pk=str(claim.session_id)).exists()


def test_rejects_are_kept_with_reasons_and_nothing_valid_is_lost(facility: Facility) -> None:
    good = [contract_record(n) for n in range(3)]
    wrong_state = contract_record(10, facility_state="OH")
    broken = contract_record(11, diagnoses=["nope"], setting="clinic")
    del broken["patient_id"]
    naive = contract_record(12, cooling_start="2026-02-03T08:00:00")
    duplicate = contract_record(0)
    data = jsonl([good[0], wrong_state, good[1], broken, naive, good[2], duplicate]) + b"{not json\n"
    result = import_sessions(data, "mixed.jsonl", facility, None)
    batch = result.batch
    assert (batch.records, batch.created, batch.rejected) == (8, 3, 5)
    assert set(Session.objects.values_list("session_id", flat=True)) == {r["session_id"] for r in good}
    rejects = {r.position: r for r in RejectedRecord.objects.filter(batch=batch)}
    assert sorted(rejects) == [2, 4, 5, 7, 8]
    assert [e["field"] for e in rejects[2].errors] == ["facility_state"]
    assert {"patient_id", "diagnoses[0]", "setting"} <= {e["field"] for e in rejects[4].errors}
    assert [e["field"] for e in rejects[5].errors] == ["cooling_start"]
    assert "record 1" in rejects[7].errors[0]["message"]
    assert rejects[8].line == 8 and rejects[8].record == "{not json"
    assert rejects[2].record == wrong_state and rejects[2].session_id == "IMP-S-0010"


def test_birth_date_contradicting_the_stored_patient_is_rejected(facility: Facility) -> None:
    import_sessions(jsonl([contract_record(0)]), "a.jsonl", facility, None)
    other = contract_record(1, patient_birth_date="1980-01-01")
    batch = import_sessions(jsonl([other]), "b.jsonl", facility, None).batch
    assert batch.rejected == 1 and batch.created == 0
    assert RejectedRecord.objects.get(batch=batch).errors[0]["field"] == "patient_birth_date"


def test_a_failure_mid_batch_leaves_nothing_half_written(facility: Facility, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("coding service down")

    records = [contract_record(n) for n in range(6)] + [contract_record(50, facility_state="OH")]
    monkeypatch.setattr(sessions_importer, "code_loaded", explode)
    with pytest.raises(RuntimeError):
        import_sessions(jsonl(records), "day.jsonl", facility, None)
    for model in (Session, Patient, Course, Coverage, Claim, RejectedRecord):
        assert model.objects.count() == 0, model.__name__
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED and "rolled back" in batch.failure
    assert (batch.created, batch.rejected) == (0, 0)


def test_a_failure_while_changing_keeps_the_earlier_import_intact(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [contract_record(n) for n in range(4)]
    import_sessions(jsonl(records), "day.jsonl", facility, None)
    before = list(Session.objects.order_by("pk").values_list("session_id", "cooling_end"))
    monkeypatch.setattr(sessions_importer, "code_loaded", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    changed = [{**r, "cooling_end": r["cooling_end"].replace("T11:44", "T12:44")} for r in records]
    with pytest.raises(RuntimeError):
        import_sessions(jsonl([*changed, contract_record(40)]), "day2.jsonl", facility, None)
    assert list(Session.objects.order_by("pk").values_list("session_id", "cooling_end")) == before
    assert ClaimVersion.objects.count() == 4


def test_queries_do_not_grow_with_the_file(facility: Facility) -> None:
    def count(n: int, offset: int) -> int:
        records = [contract_record(offset + i) for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            import_sessions(jsonl(records), f"{n}.jsonl", facility, None)
        return len(queries.captured_queries)

    count(2, 5000)  # warm caches (content types)
    small, large = count(20, 0), count(200, 1000)
    # SQLite splits bulk inserts by its parameter limit (about 40 rows of a wide table per
    # statement); per-record round trips would add 200+ queries here.
    assert large <= small + 40 and large < 200 // 3, (small, large)


def test_unreadable_file_imports_nothing(facility: Facility) -> None:
    with pytest.raises(UnreadableInput):
        import_sessions(b"name,age\nx,1\n", "nothing.csv", facility, None)
    assert Session.objects.count() == 0
    assert ImportBatch.objects.get().status == BatchStatus.FAILED


def test_preview_writes_nothing(facility: Facility) -> None:
    plan = plan_sessions(jsonl([contract_record(n) for n in range(3)] + [{"session_id": "x"}]), "p.jsonl", facility)
    assert plan.counts == {"records": 4, "new": 3, "changed": 0, "unchanged": 0, "rejected": 1}
    assert Session.objects.count() == 0 and Patient.objects.count() == 0


def test_the_import_checks_the_users_role_and_facility(facility: Facility) -> None:
    from django.core.exceptions import PermissionDenied

    nurse = f.user(Role.NURSE, facility)
    with pytest.raises(PermissionDenied):
        import_sessions(jsonl([contract_record(0)]), "a.jsonl", facility, nurse)
    outsider = f.user(Role.FACILITY_ADMIN, f.facility(f.hub(), state="OH"))
    with pytest.raises(PermissionDenied):
        import_sessions(jsonl([contract_record(0)]), "a.jsonl", facility, outsider)
    admin = f.user(Role.FACILITY_ADMIN, facility)
    batch = import_sessions(jsonl([contract_record(0)]), "a.jsonl", facility, admin).batch
    assert batch.created == 1 and batch.created_by == admin
    session = Session.objects.get()
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE, object_pk=str(session.pk), actor=admin).exists()


def test_the_operator_of_a_command_line_import_is_kept_on_the_batch(facility: Facility) -> None:
    batch = import_sessions(jsonl([contract_record(0)]), "a.jsonl", facility, None, operator="night-shift").batch
    assert (batch.operator, batch.created_by) == ("night-shift", None)


def test_the_import_codes_what_parsing_the_stored_rows_would_give(facility: Facility) -> None:
    """The import codes each session from its validated record and the stored row's side
    (``restored_session``) instead of writing the contract record and parsing it again: that is
    the same session the engine reads from the stored row, whatever the file's offsets, zone,
    county, payer spelling or regimen."""
    from coolclaim import bootstrap
    from coolclaim.web.clinic.services.session_contract import restored_session, session_record

    utc = "2026-02-10T13:00:00Z"
    variants = [
        contract_record(0),
        contract_record(1, cooling_start=utc, infusion_start="2026-02-10T13:30:00+00:00"),
        contract_record(2, facility_timezone="America/Chicago", facility_county="  Allegheny "),
        contract_record(3, regimen=None),
        contract_record(4, payer={"type": "commercial", "name": "  Synthetic Plan ", "plan_state": "nj"}),
        contract_record(5, payer={"type": "medicare_advantage", "name": "Synthetic MA", "id": "SYN01"}),
        contract_record(6, regimen="  AC  ", cooling_start="2026-03-03T22:30:00-08:00", infusion_start=None),
        contract_record(7, em_visit={"code": "99214", "separately_identifiable": False}),
    ]
    import_sessions(jsonl(variants), "variants.jsonl", facility, None)
    engine = bootstrap.engine()
    stored = Session.objects.for_facility(facility).select_related("facility", "course__patient", "coverage")
    assert stored.count() == len(variants)
    for session in stored:
        parsed = engine.parse(next(r for r in variants if r["session_id"] == session.session_id))
        assert not isinstance(parsed, list)
        assert restored_session(parsed, session) == engine.parse(session_record(session)), session.session_id
