"""Which 'running' batches serve marks interrupted (issue 9, item 2): never a command line's
own import, which runs in a process of its own and may be running now."""

from __future__ import annotations

import pytest

from coolclaim.web.accounts.models import Facility
from coolclaim.web.imports import tasks
from coolclaim.web.imports.models import BatchStatus, ImportBatch

from .. import factories as f

pytestmark = pytest.mark.django_db


def _batch(facility: Facility, name: str, task_id: str = "", operator: str = "") -> ImportBatch:
    return ImportBatch.objects.create(
        facility=facility,
        filename=name,
        file_format="jsonl",
        sha256="0" * 64,
        content=b"",
        status=BatchStatus.RUNNING,
        task_id=task_id,
        operator=operator,
    )


def test_serve_start_up_fails_worker_and_page_imports_but_not_a_command_lines() -> None:
    facility = f.facility(f.hub())
    worker = _batch(facility, "worker.jsonl", task_id="t-1", operator="")
    background_cli = _batch(facility, "cli-bg.jsonl", task_id="t-2", operator="ops")
    page = _batch(facility, "page.jsonl")
    cli = _batch(facility, "cli.jsonl", operator="ops")
    assert tasks.fail_interrupted_batches() == 3
    statuses = {b.filename: b.status for b in ImportBatch.objects.all()}
    assert statuses == {
        worker.filename: BatchStatus.FAILED,
        background_cli.filename: BatchStatus.FAILED,
        page.filename: BatchStatus.FAILED,
        cli.filename: BatchStatus.RUNNING,
    }


def test_a_worker_restart_fails_only_background_tasks() -> None:
    facility = f.facility(f.hub())
    _batch(facility, "worker.jsonl", task_id="t-1")
    _batch(facility, "page.jsonl")
    assert tasks.fail_interrupted_batches(worker_only=True) == 1
    statuses = {b.filename: b.status for b in ImportBatch.objects.all()}
    assert statuses == {"worker.jsonl": BatchStatus.FAILED, "page.jsonl": BatchStatus.RUNNING}
