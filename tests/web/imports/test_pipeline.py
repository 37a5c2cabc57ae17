"""The import pipeline's stages: planning (no database, whole courses per chunk, repeats and
unreadable lines rejected), comparison (new / changed / unchanged, contradictions rejected),
applying (one transaction, or one per chunk that resumes where it stopped), rejects stored once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim, ClaimVersion
from coolclaim.web.billing.services.store_coded import code_loaded
from coolclaim.web.clinic.models import Patient, Session
from coolclaim.web.imports.importers import sessions as sessions_importer
from coolclaim.web.imports.importers.sessions import SessionsImporter
from coolclaim.web.imports.models import BatchStatus, RejectedRecord
from coolclaim.web.imports.pipeline import apply_plan, compare_plan, plan_file, stage_batch
from coolclaim.web.imports.pipeline.plan import Action, Reject
from coolclaim.web.imports.pipeline.rejects import store_rejects
from coolclaim.web.imports.services.import_sessions import apply_batch, import_sessions

from .. import factories as f
from ..api_support import contract_record
from .test_services import jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def courses_of(sizes: list[int]) -> list[dict[str, Any]]:
    """Records of consecutive courses with the given numbers of sessions (course k = patient k)."""
    records = []
    n = 0
    for course, size in enumerate(sizes):
        for _ in range(size):
            records.append(contract_record(n, patient_id=f"P-{course}", course_id=f"C-{course}"))
            n += 1
    return records


# --- planning ------------------------------------------------------------------------------
def test_planning_keeps_a_course_in_one_chunk_and_reads_nothing_from_the_database(facility: Facility) -> None:
    data = jsonl(courses_of([4, 2, 1, 3]))
    with CaptureQueriesContext(connection) as queries:
        plan = plan_file(SessionsImporter(), data, "p.jsonl", facility, chunk_size=3)
    assert len(queries.captured_queries) == 0
    assert [[p.item.course_id for p in chunk] for chunk in plan.chunks] == [
        ["C-0", "C-0", "C-0", "C-0"],
        ["C-1", "C-1", "C-2"],
        ["C-3", "C-3", "C-3"],
    ]
    assert plan.counts == {"records": 10, "new": 10, "changed": 0, "unchanged": 0, "rejected": 0}


def test_planning_rejects_repeats_and_unreadable_lines_with_their_positions(facility: Facility) -> None:
    first, other = contract_record(0), contract_record(1)
    data = jsonl([first, other, first]) + b"{oops\n" + jsonl([{"session_id": "X"}])
    plan = plan_file(SessionsImporter(), data, "p.jsonl", facility)
    assert [p.position for p in plan.valid] == [1, 2]
    assert [(r.position, r.line, r.identity) for r in plan.rejects] == [
        (3, None, "IMP-S-0000"),
        (4, 4, ""),
        (5, None, "X"),
    ]
    assert plan.rejects[0].errors == [{"field": "session_id", "message": "appears already as record 1 of this file"}]
    assert plan.rejects[1].record == "{oops"
    assert {e["field"] for e in plan.rejects[2].errors} >= {"patient_id", "course_id", "diagnoses"}


# --- comparison ----------------------------------------------------------------------------
def test_comparison_marks_new_changed_and_unchanged_and_rejects_contradictions(facility: Facility) -> None:
    records = [contract_record(n) for n in range(3)]
    import_sessions(jsonl(records), "day.jsonl", facility, None)
    changed = {**records[1], "diagnoses": ["C50.911", "Z51.11"], "regimen": "AC"}
    wrong_birth = contract_record(3, patient_birth_date="1980-01-01")  # same patient as records 0-2
    importer = SessionsImporter()
    plan = compare_plan(
        importer,
        plan_file(importer, jsonl([records[0], changed, contract_record(8), wrong_birth]), "d.jsonl", facility),
        facility,
    )
    actions = {p.item.session_id: (p.action, p.changed) for p in plan.valid}
    assert actions == {
        "IMP-S-0000": (Action.UNCHANGED, []),
        "IMP-S-0001": (Action.CHANGED, ["diagnoses", "regimen"]),
        "IMP-S-0008": (Action.NEW, []),
    }
    assert [(r.position, r.errors[0]["field"]) for r in plan.rejects] == [(4, "patient_birth_date")]
    assert Session.objects.count() == 3  # a preview writes nothing


# --- applying ------------------------------------------------------------------------------
def _fail_on_call(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    real = code_loaded
    calls = {"n": 0}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == number:
            raise RuntimeError("coding service down")
        return real(*args, **kwargs)

    monkeypatch.setattr(sessions_importer, "code_loaded", flaky)


def test_one_transaction_writes_nothing_when_a_later_chunk_fails(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    importer = SessionsImporter()
    data = jsonl(courses_of([2, 2, 2]))
    batch = stage_batch(data, "d.jsonl", facility, None)
    plan = plan_file(importer, data, "d.jsonl", facility, chunk_size=2)
    _fail_on_call(monkeypatch, 2)
    with pytest.raises(RuntimeError):
        apply_plan(importer, plan, batch, None, commit_every_chunk=False)
    batch.refresh_from_db()
    assert (batch.status, batch.chunks_done, batch.created) == (BatchStatus.FAILED, 0, 0)
    assert batch.failure == "RuntimeError: the batch was rolled back, nothing was imported"
    assert Session.objects.count() == 0 and Claim.objects.count() == 0 and Patient.objects.count() == 0


def test_chunked_commits_keep_finished_chunks_and_resume_where_they_stopped(
    facility: Facility, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    records = [*courses_of([2, 2, 2]), {"session_id": "BAD"}]
    batch = stage_batch(jsonl(records), "d.jsonl", facility, None)
    settings.COOLCLAIM_IMPORT_CHUNK = 2
    _fail_on_call(monkeypatch, 2)
    with pytest.raises(RuntimeError):
        apply_batch(batch, None, commit_every_chunk=True)
    batch.refresh_from_db()
    assert (batch.status, batch.chunks_done, batch.chunks_total) == (BatchStatus.FAILED, 1, 3)
    assert (batch.created, batch.new_claims) == (2, 2)
    assert batch.failure.startswith("RuntimeError: stopped after 1 of 3 chunks; those are imported")
    assert sorted(Session.objects.values_list("session_id", flat=True)) == ["IMP-S-0000", "IMP-S-0001"]
    assert Claim.objects.count() == 2

    monkeypatch.undo()
    result = apply_batch(batch, None, commit_every_chunk=True)
    again = result.batch
    assert (again.status, again.chunks_done, again.records) == (BatchStatus.APPLIED, 3, 7)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (6, 0, 0, 1)
    assert (again.new_claims, again.new_versions) == (6, 6)
    assert Session.objects.count() == 6 and Claim.objects.count() == 6 and ClaimVersion.objects.count() == 6
    assert list(RejectedRecord.objects.filter(batch=batch).values_list("position", flat=True)) == [7]


def test_chunked_and_single_transaction_imports_store_the_same(facility: Facility, settings: Any) -> None:
    settings.COOLCLAIM_IMPORT_CHUNK = 3
    other = f.facility(f.hub(), state="PA")
    data = jsonl(courses_of([3, 1, 4, 2]))
    one = import_sessions(data, "d.jsonl", facility, None, commit_every_chunk=False).batch
    many = import_sessions(data, "d.jsonl", other, None, commit_every_chunk=True).batch

    def stored(place: Facility) -> list[tuple[Any, ...]]:
        return sorted(
            Claim.objects.filter(facility=place).values_list(
                "session__session_id", "status", "current_version__number", "date_of_service"
            )
        )

    assert stored(facility) == stored(other) and len(stored(facility)) == 10
    counts = ("records", "created", "updated", "unchanged", "rejected", "new_claims", "new_versions")
    assert [getattr(one, n) for n in counts] == [getattr(many, n) for n in counts] == [10, 10, 0, 0, 0, 10, 10]


# --- rejects -------------------------------------------------------------------------------
def test_rejects_are_stored_once_even_when_stored_again(facility: Facility) -> None:
    batch = stage_batch(b"", "empty.jsonl", facility, None)
    reject = Reject(3, "S-3", [{"field": "session_id", "message": "is missing"}], {"x": 1})
    assert store_rejects(batch, [reject]) == 1
    assert store_rejects(batch, [reject, Reject(5, "", [], "{")]) == 1
    assert list(RejectedRecord.objects.filter(batch=batch).values_list("position", "session_id")) == [
        (3, "S-3"),
        (5, ""),
    ]
