"""The worker lives and dies with `coolclaim serve` (issue 9, item 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from coolclaim.cli import serve as serve_module
from coolclaim.cli import worker_life

CHILD = """
import os, sys, time
from coolclaim.cli import worker_life
worker_life.follow_parent(int(os.environ["PARENT"]), every=0.1)
print("ready", flush=True)
time.sleep(60)
"""


def _fake_worker() -> subprocess.Popen[bytes]:
    """A process whose command line reads like a worker's, once it has started."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "coolclaim", "worker"])
    deadline = time.monotonic() + 20
    while (
        not worker_life.is_worker(process.pid) or b"coolclaim" not in Path(f"/proc/{process.pid}/cmdline").read_bytes()
    ):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return process


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not worker_life.alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_the_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    """A middle process (standing for serve) starts the child, then is killed with SIGKILL."""
    pid_path = tmp_path / "child.pid"
    middle = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys, time\n"
            "env = {**os.environ, 'PARENT': str(os.getpid())}\n"
            f"child = subprocess.Popen([sys.executable, '-c', {CHILD!r}], env=env, stdout=subprocess.PIPE)\n"
            "child.stdout.readline()\n"
            f"open({str(pid_path)!r}, 'w').write(str(child.pid))\n"
            "time.sleep(60)\n",
        ]
    )
    deadline = time.monotonic() + 30
    while not pid_path.exists() or not pid_path.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_path.read_text())
    assert worker_life.alive(child) is True
    os.kill(middle.pid, signal.SIGKILL)
    middle.wait()
    assert _wait_gone(child, 10) is True


def test_a_live_orphan_worker_is_stopped_at_start_up(tmp_path: Path) -> None:
    orphan = _fake_worker()
    try:
        worker_life.write_pids(tmp_path, orphan.pid, 2**22 + 12345)  # a serve pid that does not exist
        assert worker_life.previous_worker(tmp_path, wait=5) == "stopped"
        assert orphan.wait(timeout=5) == -signal.SIGTERM
        assert worker_life.read_pids(tmp_path) is None
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_a_worker_whose_serve_is_alive_is_left_alone(tmp_path: Path) -> None:
    other_serve = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = _fake_worker()
    try:
        worker_life.write_pids(tmp_path, worker.pid, other_serve.pid)
        assert worker_life.previous_worker(tmp_path) == "running"
        assert worker.poll() is None
    finally:
        worker.kill()
        other_serve.kill()
        worker.wait()
        other_serve.wait()


def test_a_stale_pid_file_is_removed(tmp_path: Path) -> None:
    worker_life.write_pids(tmp_path, 2**22 + 54321, 2**22 + 54322)
    assert worker_life.previous_worker(tmp_path) == "none"
    assert worker_life.pid_file(tmp_path).exists() is False


def test_a_process_that_is_not_a_worker_is_never_signalled(tmp_path: Path) -> None:
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        worker_life.write_pids(tmp_path, stranger.pid, 2**22 + 1)
        assert worker_life.previous_worker(tmp_path) == "none"
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


def test_the_restart_thread_survives_a_busy_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from django.db import OperationalError

    monkeypatch.setenv("COOLCLAIM_HOME", str(tmp_path))
    calls: list[int] = []

    def busy(*args: object) -> int:
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr("coolclaim.web.imports.tasks.fail_interrupted_batches", busy)
    monkeypatch.setattr("coolclaim.cli.serve.time.sleep", lambda s: None)
    process = serve_module.WorkerProcess([sys.executable, "-c", "raise SystemExit(3)"])
    process.RESTART_DELAY = 0.05
    process.start()
    try:
        deadline = time.monotonic() + 20
        while len(calls) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process._watcher is not None
        assert process._watcher.is_alive() is True
        assert len(calls) >= 10
    finally:
        assert process.stop() is True


def test_the_worker_command_starts_again_after_a_busy_database(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    runs: list[dict[str, Any]] = []

    def db_worker(name: str, **options: Any) -> None:
        runs.append(options)
        if len(runs) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr("django.core.management.call_command", db_worker)
    monkeypatch.setattr("coolclaim.cli.database.ready_database", lambda: None)
    checks: list[str] = []
    monkeypatch.setattr("coolclaim.cli.imports.report_dead_runs", lambda: checks.append("dead runs"))
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)
    pauses: list[float] = []
    monkeypatch.setattr("coolclaim.cli.serve.time.sleep", pauses.append)
    monkeypatch.delenv(worker_life.PARENT_ENV, raising=False)
    serve_module.worker(interval=1.0, batch=False, max_tasks=None)
    assert len(runs) == 3
    assert pauses == [1.0, 2.0]
    assert checks == ["dead runs"]  # once, at start-up


def test_both_servers_leave_forwarding_headers_to_the_application() -> None:
    """waitress would drop X-Forwarded-* (a redirect loop behind a TLS proxy) and gunicorn would
    believe them from 127.0.0.1: both leave them to coolclaim.web.proxy (trusted proxies only)."""
    from gunicorn.config import Config

    assert serve_module.WAITRESS_OPTIONS == {"ident": "coolclaim", "clear_untrusted_proxy_headers": False}
    config = Config()
    for key, value in serve_module.gunicorn_options("127.0.0.1", 8000, 2, 4).items():
        config.set(key, value)
    assert (config.secure_scheme_headers, config.forwarded_allow_ips) == ({}, [])
