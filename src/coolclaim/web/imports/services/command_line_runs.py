"""A command-line import (``coolclaim import sessions FILE``) runs in a process of its own: no
worker and no ``serve`` knows whether it still runs. So its batch records that process — host
name, pid, and when the process started as the kernel counts it — when the import begins
(:func:`start_run`), and :func:`fail_dead_runs` (run by ``serve`` and the worker at start-up and
by every command-line import before its own) marks failed a batch left "running" by a process
of this host that is gone: no such pid, a zombie, or a pid since reused by a process that
started at another time. A run on another host cannot be checked from here: it is left alone,
and the pages and ``coolclaim import list`` show it as running there, with its age.
"""

from __future__ import annotations

import functools
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from coolclaim.web.imports.models import BatchStatus, ImportBatch

PROC = Path("/proc")

STOPPED = "The command-line import stopped ({why}) before it finished; nothing was written. Import the file again."
STOPPED_PART = (
    "The command-line import stopped ({why}) after {done} of {total} chunks; those are imported, the rest is "
    "not. Import the file again to finish (imported records are skipped)."
)


@dataclass(frozen=True)
class ProcessStamp:
    """A process, told apart from a later one given the same pid (``started`` '' = unknown)."""

    host: str
    pid: int
    started: str


def host_name() -> str:
    return socket.gethostname()[:255]


@functools.cache
def _boot_id() -> str:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text(encoding="ascii").strip()[:36]
    except OSError:
        return ""


def process_started(pid: int) -> str | None:
    """When process ``pid`` of this host started, as an opaque text (the boot and the kernel's
    start time in clock ticks; '' where the system has no ``/proc``), or None if no such process
    runs (never started, ended, or a zombie)."""
    if pid <= 0:
        return None
    if not (PROC / "self/stat").exists():  # no /proc: whether the pid exists is all we learn
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return ""
        return ""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    if fields[0] in ("Z", "X"):  # state: a zombie or dead process runs nothing
        return None
    return f"{_boot_id()}:{fields[19]}"  # field 22 of stat: starttime


def this_process() -> ProcessStamp:
    pid = os.getpid()
    return ProcessStamp(host_name(), pid, process_started(pid) or "")


def is_gone(stamp: ProcessStamp) -> bool:
    """True if ``stamp`` names a process of this host that no longer runs; False for a live one
    and for any process of another host (which cannot be checked from here)."""
    if stamp.host != host_name():
        return False
    started = process_started(stamp.pid)
    if started is None:
        return True
    return bool(stamp.started and started and started != stamp.started)


def start_run(batch: ImportBatch) -> None:
    """Mark ``batch`` running in this process (before its first write)."""
    me = this_process()
    batch.status = BatchStatus.RUNNING
    batch.runner_host, batch.runner_pid, batch.runner_started = me.host, me.pid, me.started
    batch.running_since = timezone.now()
    batch.save(update_fields=["status", "runner_host", "runner_pid", "runner_started", "running_since"])


def stamp_of(batch: ImportBatch) -> ProcessStamp | None:
    if batch.runner_pid is None:
        return None
    return ProcessStamp(batch.runner_host, batch.runner_pid, batch.runner_started)


def stopped_reason(why: str, chunks_done: int, chunks_total: int) -> str:
    """Why a run stopped and where: the chunks committed before it (each all-or-nothing)."""
    if chunks_done:
        return STOPPED_PART.format(why=why, done=chunks_done, total=chunks_total)[:300]
    return STOPPED.format(why=why)[:300]


def fail_run(batch: ImportBatch, why: str) -> bool:
    """Mark ``batch`` failed if this process's run of it is still marked running (a run ended
    by Ctrl+C or by an error before its first chunk); True if it was."""
    batch.refresh_from_db(fields=["chunks_done", "chunks_total"])
    failure = stopped_reason(why, batch.chunks_done, batch.chunks_total)
    me = this_process()
    return bool(
        ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING, runner_pid=me.pid).update(
            status=BatchStatus.FAILED, failure=failure, progress_stage=""
        )
    )


def fail_dead_runs() -> list[ImportBatch]:
    """Mark failed every batch left running by a command-line import of this host whose process
    is gone; returns them (with the reason in ``failure``). Safe at any time: a live run, a
    background task's batch and another host's run are never touched."""
    candidates = (
        ImportBatch.objects.filter(status=BatchStatus.RUNNING, runner_pid__isnull=False, runner_host=host_name())
        .only("pk", "facility_id", "runner_host", "runner_pid", "runner_started", "chunks_done", "chunks_total")
        .order_by("pk")
    )
    marked = []
    for batch in candidates:
        stamp = stamp_of(batch)
        if stamp is None or not is_gone(stamp):
            continue
        failure = stopped_reason(
            f"process {stamp.pid} on {stamp.host[:60]} is gone", batch.chunks_done, batch.chunks_total
        )
        # only while the row still names that process
        if ImportBatch.objects.filter(
            pk=batch.pk, status=BatchStatus.RUNNING, runner_pid=stamp.pid, runner_started=stamp.started
        ).update(status=BatchStatus.FAILED, failure=failure, progress_stage=""):
            batch.status, batch.failure = BatchStatus.FAILED, failure
            marked.append(batch)
    return marked
