"""Import a file of sessions for one facility through the pipeline: preview a staged batch,
apply it, or both in one call (the command line).

Idempotent by ``(facility, session_id)``: a re-sent file never bills twice; a changed session
gets a new claim version (never a second claim; a submitted version is never changed). Every
rejected record is kept with every reason. Transactional: one transaction for the file, or one
per chunk with ``commit_every_chunk`` (see ``pipeline.applying``).
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import DatabaseError

from coolclaim.web.accounts.models import Facility
from coolclaim.web.imports.importers.sessions import SessionRecord, SessionsImporter
from coolclaim.web.imports.models import BatchStatus, ImportBatch
from coolclaim.web.imports.pipeline import (
    ApplyResult,
    Plan,
    UnreadableInput,
    apply_plan,
    compare_plan,
    plan_file,
    stage_batch,
)
from coolclaim.web.imports.pipeline.plan import Progress
from coolclaim.web.imports.services.command_line_runs import fail_run, start_run

__all__ = ["ImportResult", "UnreadableInput", "apply_batch", "import_sessions", "plan_sessions", "preview_batch"]

ImportResult = ApplyResult[SessionRecord]


def importer() -> SessionsImporter:
    return SessionsImporter()


def plan_sessions(
    data: bytes, filename: str, facility: Facility, progress: Progress | None = None
) -> Plan[SessionRecord]:
    """Read, validate and compare a file with what is stored (the preview). Writes nothing."""
    sessions = importer()
    return compare_plan(sessions, plan_file(sessions, data, filename, facility, progress), facility)


def preview_batch(batch: ImportBatch) -> Plan[SessionRecord]:
    return plan_sessions(bytes(batch.content), batch.filename, batch.facility)


def apply_batch(
    batch: ImportBatch, user: Any, progress: Progress | None = None, *, commit_every_chunk: bool | None = None
) -> ImportResult:
    """Plan and write a staged batch as ``user``; raises ``UnreadableInput`` (batch marked
    failed) for a file that cannot be read as sessions."""
    sessions = importer()
    try:
        plan = plan_file(sessions, bytes(batch.content), batch.filename, batch.facility, progress)
    except UnreadableInput:
        batch.status = BatchStatus.FAILED
        batch.failure = "the file cannot be read as sessions"
        batch.save(update_fields=["status", "failure"])
        raise
    if progress is not None:
        progress("write", 0, sum(len(c) for c in plan.chunks))
    return apply_plan(sessions, plan, batch, user, progress, commit_every_chunk=commit_every_chunk)


def import_sessions(
    data: bytes,
    filename: str,
    facility: Facility,
    user: Any,
    progress: Progress | None = None,
    *,
    commit_every_chunk: bool | None = None,
    operator: str = "",
) -> ImportResult:
    """Stage and apply a file in one call (the command line). ``user`` None = the operator of
    the command line (no role check; audit entries without an actor); ``operator`` names who
    ran it (kept on the batch). The batch is marked running in this process while it runs
    (``command_line_runs``)."""
    batch = stage_batch(data, filename, facility, user, operator=operator)
    start_run(batch)  # this process runs it: if it dies, the next start marks the batch failed
    try:
        return apply_batch(batch, user, progress, commit_every_chunk=commit_every_chunk)
    except BaseException as exc:  # Ctrl+C too: the batch says it stopped, and where
        with contextlib.suppress(DatabaseError):  # the error that stopped it is the one to see
            fail_run(batch, f"interrupted: {type(exc).__name__}")
        raise
