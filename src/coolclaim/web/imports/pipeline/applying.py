"""Stage 4: write a plan chunk by chunk — compare the chunk again inside the transaction, let
the importer write what is new or changed, store the chunk's rejects and add its counts to the
batch — then store the file's other rejects and mark the batch applied.

``commit_every_chunk`` False (the default on PostgreSQL; see
:func:`commit_every_chunk_default`): one transaction for the whole file — any failure writes
nothing. True (the default on SQLite): one transaction per chunk — a failure keeps the chunks
before it (each all-or-nothing), the batch's ``chunks_done`` says where it stopped, and applying
the same batch again resumes after them (idempotent: a record already written compares
unchanged).
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from coolclaim.web.accounts.permissions import require
from coolclaim.web.audit import acting_as
from coolclaim.web.coalescing import coalesced
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord
from coolclaim.web.imports.pipeline.comparison import compare_chunk
from coolclaim.web.imports.pipeline.importer import Importer
from coolclaim.web.imports.pipeline.plan import Action, Plan, Progress, Reject
from coolclaim.web.imports.pipeline.rejects import store_rejects
from coolclaim.web.sqlite_backend.fairness import yield_write_lock

logger = logging.getLogger(__name__)

Item = TypeVar("Item")


@dataclass
class ApplyResult(Generic[Item]):
    batch: ImportBatch
    plan: Plan[Item]


def commit_every_chunk_default() -> bool:
    """``settings.COOLCLAIM_IMPORT_COMMIT_EVERY_CHUNK``; unset: on SQLite (one writer at a time:
    a file-long transaction would lock every other writer out — pages, the API, audit entries of
    reads — for the whole import), one transaction for the file elsewhere."""
    configured = getattr(settings, "COOLCLAIM_IMPORT_COMMIT_EVERY_CHUNK", None)
    if configured is None:
        return connection.vendor == "sqlite"
    return bool(configured)


def apply_plan(
    importer: Importer[Item],
    plan: Plan[Item],
    batch: ImportBatch,
    user: Any,
    progress: Progress | None = None,
    *,
    commit_every_chunk: bool | None = None,
) -> ApplyResult[Item]:
    """Write ``plan`` as ``user`` (None: the operator of the command line, no role check) and
    record it on ``batch``; on failure the batch is marked failed and the error raised again."""
    facility = batch.facility
    if user is not None:
        require(user, importer.permission, facility)
    every = commit_every_chunk_default() if commit_every_chunk is None else commit_every_chunk
    run = _Run(importer, plan, batch, user, progress)
    first = batch.chunks_done if every else 0
    ImportBatch.objects.filter(pk=batch.pk).update(chunks_total=len(plan.chunks))
    try:
        with acting_as(user), _collector_paused():
            if every:
                for index in range(first, len(plan.chunks)):
                    with transaction.atomic():
                        run.chunk(index)
                    yield_write_lock()  # SQLite: waiting pages and API saves get the lock now
                with transaction.atomic():
                    run.finish()
            else:
                with transaction.atomic():
                    for index in range(len(plan.chunks)):
                        run.chunk(index)
                    run.finish()
    except Exception as exc:
        _failed(batch, exc, every, len(plan.chunks))
        raise
    batch.refresh_from_db()
    logger.info(
        "import batch %s: %d records, %d new, %d changed, %d unchanged, %d rejected",
        batch.pk,
        batch.records,
        batch.created,
        batch.updated,
        batch.unchanged,
        batch.rejected,
    )
    return ApplyResult(batch, plan)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while chunks are written: a chunk makes tens of thousands
    of short-lived objects and Python's collector would rescan them again and again (the coding
    command line does the same). Reference counting still frees them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _Run(Generic[Item]):
    def __init__(
        self, importer: Importer[Item], plan: Plan[Item], batch: ImportBatch, user: Any, progress: Progress | None
    ) -> None:
        self.importer = importer
        self.plan = plan
        self.batch = batch
        self.actor = user if getattr(user, "is_authenticated", False) else None
        self.progress = progress
        self.memory: dict[str, Any] = {}
        self.reason = f"Changed by import batch {batch.pk} ({plan.filename})"[:300]
        self.total = sum(len(c) for c in plan.chunks)
        self.done = sum(len(c) for c in plan.chunks[: batch.chunks_done])
        self.compare_rejects: list[Reject] = []

    def chunk(self, index: int) -> None:
        chunk = self.plan.chunks[index]
        rejects = compare_chunk(self.importer, chunk, self.batch.facility, self.memory)
        todo = [p for p in chunk if p.action != Action.UNCHANGED]
        with coalesced():  # what the signals of the chunk's writes trigger (the queue) is done once
            effects = self.importer.write(todo, self.batch.facility, self.actor, self.reason, None)
        store_rejects(self.batch, rejects)
        self.compare_rejects.extend(rejects)
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            created=F("created") + sum(1 for p in chunk if p.action == Action.NEW),
            updated=F("updated") + sum(1 for p in chunk if p.action == Action.CHANGED),
            unchanged=F("unchanged") + sum(1 for p in chunk if p.action == Action.UNCHANGED),
            new_claims=F("new_claims") + effects.get("new_claims", 0),
            new_versions=F("new_versions") + effects.get("new_versions", 0),
            chunks_done=index + 1,
        )
        self.done += len(chunk) + len(rejects)
        if self.progress is not None:
            self.progress("code", self.done, self.total)

    def finish(self) -> None:
        self.plan.rejects.extend(self.compare_rejects)
        self.plan.rejects.sort(key=lambda r: r.position)
        self.plan.chunks = [c for c in self.plan.chunks if c]
        store_rejects(self.batch, self.plan.rejects)
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            status=BatchStatus.APPLIED,
            records=self.plan.records,
            rejected=RejectedRecord.objects.filter(batch=self.batch).count(),
            failure="",
            applied_at=timezone.now(),
        )


def _failed(batch: ImportBatch, exc: Exception, every: bool, chunks: int) -> None:
    name = type(exc).__name__
    batch.refresh_from_db()
    if every and batch.chunks_done:
        failure = (
            f"{name}: stopped after {batch.chunks_done} of {chunks} chunks; those are imported, the rest is not. "
            "Import the file again to finish (imported records are skipped)."
        )
    else:
        failure = f"{name}: the batch was rolled back, nothing was imported"
    batch.status = BatchStatus.FAILED
    batch.failure = failure[:300]
    batch.save(update_fields=["status", "failure"])
    logger.warning("import batch %s failed (%s); %s", batch.pk, name, "stopped" if every else "rolled back")
