"""Large imports in the background (the Django Tasks API, database backend).

:func:`enqueue_batch` marks a previewed batch *queued* and enqueues :func:`apply_batch`; a
worker (``coolclaim worker``, or the one ``coolclaim serve`` starts) runs it: the same
:func:`~coolclaim.web.imports.services.import_sessions.apply_batch` as the page and the command
line (the import pipeline: one transaction for the batch, or one per chunk; idempotent by
session_id), as the uploader (role checked again, audit entries in the uploader's name).

Progress (stage, done, total) is written on the batch row for the status page. Rows written
inside the import's transaction are not visible to other connections until it commits, so
progress made inside it goes through a second connection: on PostgreSQL that works; on SQLite
the import holds the only write lock, so the page shows the last stage written before it
(validation counts, then "writing and coding N sessions").

Failures mark the batch failed with a reason that holds no patient data, and the task fails
with an exception that holds none either (workers log failed tasks with their traceback).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django_tasks import task

from coolclaim.io.session_files import detect_format, parse_records
from coolclaim.web.audit import acting_as
from coolclaim.web.imports.models import BatchStatus, ImportBatch
from coolclaim.web.imports.pipeline import UnreadableInput
from coolclaim.web.imports.services.import_sessions import apply_batch as apply_staged

logger = logging.getLogger(__name__)

#: Seconds between two progress writes of one stage.
PROGRESS_EVERY = 0.5


class ImportFailed(Exception):
    """A background import failed (the message holds ids and the error's type only)."""


def background_threshold() -> int:
    return int(getattr(settings, "COOLCLAIM_IMPORT_BACKGROUND_RECORDS", 2000))


def count_records(batch: ImportBatch) -> int:
    """Records in a staged file (read, not validated); raises ``UnreadableInput``."""
    data = bytes(batch.content)
    return len(parse_records(data, detect_format(batch.filename, data), batch.filename))


def enqueue_batch(batch: ImportBatch, user: Any, records: int | None = None) -> bool:
    """Queue a previewed batch for a worker; False if it was already queued or handled."""
    actor_id = user.pk if getattr(user, "is_authenticated", False) else None
    total = records if records is not None else batch.records
    # Not in one transaction with the enqueue: the immediate backend (tests) runs the task
    # inside enqueue(), and its progress must not wait on this row's lock.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEWED).update(
        status=BatchStatus.QUEUED,
        records=total,
        progress_stage="queued",
        progress_done=0,
        progress_total=total,
    )
    if not claimed:
        return False
    try:
        result = apply_batch.enqueue(batch.pk, actor_id)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.QUEUED).update(
            status=BatchStatus.PREVIEWED, progress_stage=""
        )
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])
    logger.info("import batch %s queued as task %s", batch.pk, result.id)
    batch.refresh_from_db()
    return True


class BatchProgress:
    """The service's progress callback, stored on the batch row (throttled)."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._last: tuple[str, float] = ("", 0.0)
        self._side: BaseDatabaseWrapper | None = None
        # Atomic blocks open when the task started: deeper = inside the import's transaction.
        self._depth = len(connection.atomic_blocks)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        last_stage, last_time = self._last
        if stage == last_stage and done < total and now - last_time < PROGRESS_EVERY:
            return
        self._last = (stage, now)
        if len(connection.atomic_blocks) <= self._depth:
            ImportBatch.objects.filter(pk=self.batch_id).update(
                progress_stage=stage, progress_done=done, progress_total=total
            )
        elif connection.vendor == "postgresql":
            self._write_aside(stage, done, total)

    def _write_aside(self, stage: str, done: int, total: int) -> None:
        """Write through a second connection (outside the import's transaction)."""
        try:
            if self._side is None:
                self._side = connections.create_connection("default")
                with self._side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} "  # noqa: S608 - the model's own table name
                    "SET progress_stage = %s, progress_done = %s, progress_total = %s WHERE id = %s",
                    [stage, done, total, self.batch_id],
                )
        except DatabaseError as exc:
            logger.warning("import batch %s: progress not written (%s)", self.batch_id, type(exc).__name__)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def _fail(batch_id: int, reason: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).exclude(status=BatchStatus.APPLIED).update(
        status=BatchStatus.FAILED, failure=reason[:300], progress_stage=""
    )


INTERRUPTED = (
    "The import stopped with its worker (the app was closed or the worker died); nothing was written. "
    "Import the file again."
)


INTERRUPTED_PART = (
    "The import stopped with its worker (the app was closed or the worker died) after {done} of {total} "
    "chunks; those are imported, the rest is not. Import the file again to finish (imported records are skipped)."
)


def fail_interrupted_batches(worker_only: bool = False) -> int:
    """Mark batches left 'running' by a worker that is gone as failed; returns how many.

    Call it only where no other worker can be running a task: when ``coolclaim serve`` starts
    (all but the command line's foreground imports, which run in processes of their own and
    may be running now) or restarts the one worker it supervises (``worker_only``: the batches
    of background tasks; a page's import may be running in serve's own threads). The
    transaction of the chunk being written was rolled back with the worker: a batch that
    commits one transaction per file wrote nothing, one that commits every chunk kept the
    chunks it finished (its message says how many).
    """
    running = ImportBatch.objects.filter(status=BatchStatus.RUNNING)
    # worker_only: background tasks only; else all but a command line's own foreground run.
    own_run = Q(task_id="") if worker_only else Q(task_id="") & ~Q(operator="")
    running = running.exclude(own_run)
    marked = int(
        running.filter(chunks_done=0).update(status=BatchStatus.FAILED, failure=INTERRUPTED, progress_stage="")
    )
    for batch in running.filter(chunks_done__gt=0).only("pk", "chunks_done", "chunks_total"):
        failure = INTERRUPTED_PART.format(done=batch.chunks_done, total=batch.chunks_total)
        marked += ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
            status=BatchStatus.FAILED, failure=failure[:300], progress_stage=""
        )
    return marked


@task()
def apply_batch(batch_id: int, user_id: int | None) -> dict[str, int]:
    """Apply a queued batch as ``user_id`` (None: the operator of the command line)."""
    from coolclaim.web.accounts.models import User

    claimed = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.RUNNING, progress_stage="validate", progress_done=0
    )
    if not claimed:  # run twice, or handled meanwhile: nothing more to do
        logger.info("import batch %s: not queued any more, skipped", batch_id)
        return {"batch": batch_id, "skipped": 1}
    user = None
    if user_id is not None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            _fail(batch_id, "the account that started this import is no longer active; nothing was imported")
            raise ImportFailed(f"import batch {batch_id}: uploader inactive")
    batch = ImportBatch.objects.select_related("facility").get(pk=batch_id)
    progress = BatchProgress(batch_id)
    try:
        with acting_as(user):
            apply_staged(batch, user, progress)
    except UnreadableInput:
        _fail(batch_id, "The file cannot be read as sessions; nothing was imported.")
        raise ImportFailed(f"import batch {batch_id}: unreadable file") from None
    except Exception as exc:
        name = type(exc).__name__
        if not ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.FAILED).exists():
            _fail(batch_id, f"{name}: the batch was rolled back, nothing was imported")
        logger.warning("import batch %s failed in the background (%s)", batch_id, name)
        raise ImportFailed(f"import batch {batch_id} failed ({name})") from None
    finally:
        progress.close()
    ImportBatch.objects.filter(pk=batch_id).update(
        progress_stage="done", progress_done=batch.records, progress_total=batch.records
    )
    return {
        "batch": batch_id,
        "records": batch.records,
        "created": batch.created,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "rejected": batch.rejected,
    }
