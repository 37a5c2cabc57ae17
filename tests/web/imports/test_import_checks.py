"""What an import checks beyond the contract: the facility's setting and state, the lengths the
database holds, the file size; what makes a re-sent session *changed* (course, regimen, payer);
a failed queueing of a background import leaves the batch as it was."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.clinic.models import Session
from coolclaim.web.imports import tasks
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord
from coolclaim.web.imports.pipeline import UnreadableInput, planning
from coolclaim.web.imports.services.import_sessions import import_sessions, plan_sessions

from .. import factories as f
from ..api_support import contract_record
from .test_services import jsonl
from .test_views import signed_in, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def _errors(facility: Facility, record: dict[str, Any]) -> list[dict[str, str]]:
    plan = plan_sessions(jsonl([record]), "one.jsonl", facility)
    assert len(plan.rejects) == 1, "the record was accepted"
    errors: list[dict[str, str]] = plan.rejects[0].errors
    return errors


def test_a_setting_other_than_the_facilitys_is_rejected(facility: Facility) -> None:
    assert _errors(facility, contract_record(0, setting="hospital_outpatient")) == [
        {"field": "setting", "message": "is hospital_outpatient, but the facility is office"}
    ]


def test_a_state_other_than_the_facilitys_is_rejected(facility: Facility) -> None:
    assert _errors(facility, contract_record(0, facility_state="OH")) == [
        {"field": "facility_state", "message": "is OH, but the facility is in PA"}
    ]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("patient_id", 40),
        ("course_id", 64),
        ("session_id", 64),
        ("regimen", 100),
        ("device.model", 100),
        ("device.serial", 100),
        ("device.cap_lot", 100),
        ("payer.name", 200),
    ],
)
def test_a_value_longer_than_the_database_holds_is_rejected_and_the_limit_itself_is_accepted(
    facility: Facility, field: str, limit: int
) -> None:
    def with_length(length: int) -> dict[str, Any]:
        record = contract_record(0)
        value = "A" * length
        if "." in field:
            outer, inner = field.split(".")
            record[outer] = {**record[outer], inner: value}
        else:
            record[field] = value
        return record

    assert _errors(facility, with_length(limit + 1)) == [
        {"field": field, "message": f"is longer than {limit} characters"}
    ]
    assert plan_sessions(jsonl([with_length(limit)]), "one.jsonl", facility).rejects == []


def test_a_time_without_offset_is_rejected(facility: Facility) -> None:
    assert _errors(facility, contract_record(0, cooling_start="2026-02-03T08:00:00")) == [
        {"field": "cooling_start", "message": "needs a UTC offset to be stored, e.g. 2026-02-03T08:00:00-05:00"}
    ]


def test_a_file_over_the_size_limit_is_refused_whole(facility: Facility, monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl([contract_record(0)])
    monkeypatch.setattr(planning, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(UnreadableInput, match=r"^big\.jsonl: larger than 0 MB$"):
        plan_sessions(data, "big.jsonl", facility)
    monkeypatch.setattr(planning, "MAX_FILE_BYTES", len(data))
    assert plan_sessions(data, "big.jsonl", facility).rejects == []


def test_the_upload_page_refuses_a_file_over_the_size_limit(
    facility: Facility, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coolclaim.web.imports import views

    monkeypatch.setattr(views, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    client = signed_in(Role.FACILITY_ADMIN, facility)
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.jsonl", b" " * (2 * 1024 * 1024 + 1), content_type="application/x-ndjson")
    response = client.post(reverse("imports:upload"), {"facility": facility.pk, "file": big})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 2 MB."]
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "changed", "stored"),
    [
        ({"course_id": "IMP-C-OTHER"}, ["course"], ("IMP-C-OTHER", "TC", "commercial")),
        ({"regimen": "AC-T"}, ["regimen"], ("IMP-C-000", "AC-T", "commercial")),
        ({"payer": {"type": "medicaid", "name": "Synthetic Medicaid", "funding": None, "plan_state": None,
                    "group_size": None}}, ["payer"], ("IMP-C-000", "TC", "medicaid")),
    ],
)  # fmt: skip
def test_a_re_import_changing_only_course_regimen_or_payer_is_a_change(
    facility: Facility, change: dict[str, Any], changed: list[str], stored: tuple[str, str, str]
) -> None:
    record = contract_record(1)
    import_sessions(jsonl([record]), "day.jsonl", facility, None)
    plan = plan_sessions(jsonl([{**record, **change}]), "again.jsonl", facility)
    assert [(p.item.session_id, p.action, p.changed) for chunk in plan.chunks for p in chunk] == [
        ("IMP-S-0001", "changed", changed)
    ]
    batch = import_sessions(jsonl([{**record, **change}]), "again.jsonl", facility, None).batch
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 0)
    session = Session.objects.select_related("course", "coverage").get(session_id="IMP-S-0001")
    assert session.coverage is not None
    assert (session.course.reference, session.course.regimen, session.coverage.payer_type) == stored
    unchanged = import_sessions(jsonl([{**record, **change}]), "third.jsonl", facility, None).batch
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 1)


def test_a_failed_queueing_puts_the_batch_back_as_previewed(
    facility: Facility, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2
    client: Client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(client, facility, jsonl([contract_record(n) for n in range(4)]), "day.jsonl")

    def broken_enqueue(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the task queue is unavailable")

    monkeypatch.setattr(tasks, "apply_batch", SimpleNamespace(enqueue=broken_enqueue))
    with pytest.raises(RuntimeError, match="the task queue is unavailable"):
        tasks.enqueue_batch(batch, None, 4)
    batch.refresh_from_db()
    assert (batch.status, batch.progress_stage, batch.task_id) == (BatchStatus.PREVIEWED, "", "")
    assert Session.objects.count() == 0
    assert RejectedRecord.objects.count() == 0
    # the batch can be queued again once the queue answers
    monkeypatch.undo()
    assert tasks.enqueue_batch(batch, None, 4) is True
    batch.refresh_from_db()
    assert (batch.status, batch.created) == (BatchStatus.APPLIED, 4)
