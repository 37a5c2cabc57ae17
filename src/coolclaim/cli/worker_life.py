"""The background worker's life tied to ``coolclaim serve``'s.

- **Dies with its parent.** ``serve`` starts the worker with ``COOLCLAIM_WORKER_PARENT`` set to
  its own pid. The worker (:func:`follow_parent`) asks Linux for SIGTERM when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``) and, everywhere, watches its parent pid once a second: a
  ``kill -9`` of ``serve`` leaves no worker behind.
- **Found at start-up.** ``serve`` records ``worker.pid`` (the worker's pid and its own) in the
  data home. A new ``serve`` reads it (:func:`previous_worker`): a worker still alive whose
  ``serve`` is gone is stopped; one whose ``serve`` is alive means another ``serve`` runs on
  this database, and this one starts no second worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PARENT_ENV = "COOLCLAIM_WORKER_PARENT"
PID_FILENAME = "worker.pid"
PR_SET_PDEATHSIG = 1


def alive(pid: int) -> bool:
    """True if a process ``pid`` exists (and is not a zombie)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True


def is_worker(pid: int) -> bool:
    """True if ``pid`` runs a coolclaim worker (its command line; True where it cannot be read)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return alive(pid)
    return b"worker" in command and any(b"coolclaim" in part for part in command)


def follow_parent(parent: int, every: float = 1.0) -> threading.Thread | None:
    """In the worker: end (SIGTERM to itself: the running task finishes) when ``parent`` is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # died before the request above took effect
        os.kill(os.getpid(), signal.SIGTERM)
        return None

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="coolclaim-parent-watch", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class PidRecord:
    worker: int
    serve: int


def pid_file(folder: Path) -> Path:
    return folder / PID_FILENAME


def write_pids(folder: Path, worker: int, serve: int) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = pid_file(folder)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{worker} {serve}\n")
    temporary.replace(path)


def read_pids(folder: Path) -> PidRecord | None:
    try:
        worker, serve = (int(part) for part in pid_file(folder).read_text(encoding="ascii").split()[:2])
    except (OSError, ValueError):
        return None
    return PidRecord(worker, serve)


def clear_pids(folder: Path, worker: int | None = None) -> None:
    """Remove the pid file (only if it still names ``worker``, when given)."""
    record = read_pids(folder)
    if worker is not None and (record is None or record.worker != worker):
        return
    with contextlib.suppress(FileNotFoundError):
        pid_file(folder).unlink()


def previous_worker(folder: Path, wait: float = 10.0) -> str:
    """Deal with the worker a previous ``serve`` left: ``"none"`` (no live worker), ``"stopped"``
    (an orphan, now stopped) or ``"running"`` (its ``serve`` is alive: leave both alone)."""
    record = read_pids(folder)
    if record is None or not alive(record.worker) or not is_worker(record.worker):
        clear_pids(folder)
        return "none"
    if record.serve != os.getpid() and alive(record.serve):
        return "running"
    os.kill(record.worker, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while alive(record.worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(record.worker):
        os.kill(record.worker, signal.SIGKILL)
    clear_pids(folder)
    return "stopped"
