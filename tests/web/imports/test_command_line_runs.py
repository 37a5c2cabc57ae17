"""A command-line import killed with ``kill -9`` is marked failed by the next start (issue 9,
item 2): its batch names the process running it (host, pid, start), and a batch whose process
of this host is gone — or whose pid now belongs to another process — is failed with where it
stopped; a live run, another host's run and a background task's batch are left alone."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.imports.models import BatchStatus, ImportBatch
from coolclaim.web.imports.services import command_line_runs as runs
from coolclaim.web.imports.services.import_sessions import import_sessions

from .. import factories as f
from .test_pipeline import courses_of
from .test_services import jsonl

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def _running(facility: Facility, name: str, stamp: runs.ProcessStamp | None, **fields: Any) -> ImportBatch:
    runner: dict[str, Any] = {}
    if stamp is not None:
        runner = {"runner_host": stamp.host, "runner_pid": stamp.pid, "runner_started": stamp.started}
    return ImportBatch.objects.create(
        facility=facility,
        filename=name,
        file_format="jsonl",
        sha256="0" * 64,
        content=b"",
        status=BatchStatus.RUNNING,
        operator="ops",
        running_since=timezone.now() - dt.timedelta(hours=2),
        **runner,
        **fields,
    )


def _states() -> dict[str, tuple[str, str]]:
    return {b.filename: (b.status, b.failure) for b in ImportBatch.objects.all()}


def test_a_command_line_import_names_its_process_while_it_runs(facility: Facility) -> None:
    seen: list[tuple[str, str, int | None, str]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "code":
            b = ImportBatch.objects.latest("pk")
            seen.append((b.status, b.runner_host, b.runner_pid, b.runner_started))

    batch = import_sessions(jsonl(courses_of([2])), "d.jsonl", facility, None, progress=progress).batch
    me = runs.this_process()
    assert me.started != ""  # Linux: the boot and the start time in clock ticks
    assert seen == [(BatchStatus.RUNNING, me.host, os.getpid(), me.started)]
    assert batch.status == BatchStatus.APPLIED
    assert runs.fail_dead_runs() == []


def test_ctrl_c_marks_the_run_failed_with_where_it_stopped(facility: Facility, settings: Any) -> None:
    settings.COOLCLAIM_IMPORT_CHUNK = 2

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "code" and done > 2:  # in the second chunk's transaction
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_sessions(jsonl(courses_of([2, 2])), "d.jsonl", facility, None, progress, commit_every_chunk=True)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.chunks_done, batch.chunks_total) == (BatchStatus.FAILED, 1, 2)
    assert batch.failure == (
        "The command-line import stopped (interrupted: KeyboardInterrupt) after 1 of 2 chunks; those are "
        "imported, the rest is not. Import the file again to finish (imported records are skipped)."
    )


def _killed_process() -> tuple[subprocess.Popen[bytes], runs.ProcessStamp]:
    """A real process, stamped while alive, then killed with SIGKILL (left a zombie: not reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    started = runs.process_started(child.pid)
    assert started
    stamp = runs.ProcessStamp(runs.host_name(), child.pid, started)
    os.kill(child.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while runs.process_started(child.pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return child, stamp


def test_a_killed_run_and_a_reused_pid_are_failed_and_nothing_else(facility: Facility) -> None:
    child, dead = _killed_process()
    try:
        me = runs.this_process()
        _running(facility, "killed.jsonl", dead, chunks_done=3, chunks_total=10)
        _running(facility, "killed-early.jsonl", runs.ProcessStamp(dead.host, dead.pid, dead.started))
        # this test's own pid, but recorded for a process that started at another time
        _running(facility, "reused.jsonl", runs.ProcessStamp(me.host, me.pid, me.started + "0"))
        _running(facility, "live.jsonl", me, chunks_done=1, chunks_total=4)
        _running(facility, "elsewhere.jsonl", runs.ProcessStamp("other-host", dead.pid, dead.started))
        _running(facility, "background.jsonl", None, task_id="t-1")
        marked = runs.fail_dead_runs()
    finally:
        child.wait()
    where = f"process {dead.pid} on {dead.host} is gone"
    nothing = "before it finished; nothing was written. Import the file again."
    reused = f"process {me.pid} on {me.host} is gone"
    rest = "those are imported, the rest is not. Import the file again to finish (imported records are skipped)."
    assert [b.filename for b in marked] == ["killed.jsonl", "killed-early.jsonl", "reused.jsonl"]
    assert _states() == {
        "killed.jsonl": ("failed", f"The command-line import stopped ({where}) after 3 of 10 chunks; {rest}"),
        "killed-early.jsonl": ("failed", f"The command-line import stopped ({where}) {nothing}"),
        "reused.jsonl": ("failed", f"The command-line import stopped ({reused}) {nothing}"),
        "live.jsonl": ("running", ""),
        "elsewhere.jsonl": ("running", ""),
        "background.jsonl": ("running", ""),
    }
    assert runs.fail_dead_runs() == []  # done once


def test_the_pages_and_the_command_line_show_where_a_run_goes_on(facility: Facility) -> None:
    other = _running(facility, "elsewhere.jsonl", runs.ProcessStamp("ward-b", 4242, "b:1"))
    client = Client()
    client.force_login(f.user(Role.FACILITY_ADMIN, facility))
    listing = client.get(reverse("imports:upload")).content.decode()
    assert "running on ward-b (process 4242) for 2\xa0hours" in listing
    page = client.get(reverse("imports:batch", args=[other.pk])).content.decode()
    assert "<h2>Importing from the command line</h2>" in page
    assert "From the command line: running on ward-b (process 4242) for 2\xa0hours." in page

    shown = CliRunner().invoke(app, ["import", "list", "--facility", facility.npi])
    assert shown.exit_code == 0, shown.output
    row = shown.stdout.splitlines()
    assert [line.split("\t")[3] for line in row] == ["running on ward-b (process 4242) for 2\xa0hours"]


def test_a_new_command_line_import_first_fails_this_hosts_dead_runs(facility: Facility, tmp_path: Path) -> None:
    child, dead = _killed_process()
    child.wait()
    left = _running(facility, "killed.jsonl", dead, chunks_done=2, chunks_total=5)
    day = tmp_path / "day.jsonl"
    day.write_bytes(jsonl(courses_of([1])))
    result = CliRunner().invoke(app, ["import", "sessions", str(day), "--facility", facility.npi])
    assert result.exit_code == 0, result.output
    left.refresh_from_db()
    assert left.status == BatchStatus.FAILED
    assert f"coolclaim: import batch {left.pk} marked failed: {left.failure}\n" in result.stderr
