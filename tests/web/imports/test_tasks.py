"""Large imports in the background: the task gives what the synchronous path gives, re-sending
is idempotent, the status page is scoped and shows progress, failures leave nothing behind;
the database backend with `coolclaim worker`, and `coolclaim serve` running its own worker."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim, ClaimVersion
from coolclaim.web.clinic.models import Patient, Session
from coolclaim.web.imports import tasks
from coolclaim.web.imports.importers import sessions as sessions_importer
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord
from coolclaim.web.imports.pipeline import UnreadableInput
from coolclaim.web.imports.services import import_sessions as import_service
from coolclaim.web.imports.tasks import BatchProgress
from tests.requirements import requirement

from .. import factories as f
from ..api_support import contract_record
from ..cli.test_serve import _coolclaim, _free_port
from .test_services import jsonl
from .test_views import signed_in, upload

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def facility() -> Facility:
    return f.facility(f.hub(), state="PA")


def day_one() -> list[dict[str, Any]]:
    return [*(contract_record(n) for n in range(6)), contract_record(6, facility_state="OH")]


def day_two() -> list[dict[str, Any]]:
    """Day one again with one record corrected (a new claim version) and one more session."""
    records = day_one()
    records[2] = {**records[2], "diagnoses": ["C50.911", "Z51.11"]}
    return [*records, contract_record(7)]


def outcome(batch: ImportBatch) -> dict[str, Any]:
    """What a batch did, comparable between facilities."""
    claims = Claim.objects.filter(facility=batch.facility).select_related("session", "current_version")
    return {
        "counts": (
            batch.status,
            batch.records,
            batch.created,
            batch.updated,
            batch.unchanged,
            batch.rejected,
            batch.new_claims,
            batch.new_versions,
        ),
        "claims": sorted(
            (
                c.session.session_id,
                c.status,
                c.current_version.number if c.current_version else 0,
                tuple(c.current_version.lines.values_list("code", flat=True)) if c.current_version else (),
            )
            for c in claims
        ),
        "versions": ClaimVersion.objects.filter(claim__facility=batch.facility).count(),
        "rejects": list(RejectedRecord.objects.filter(batch=batch).values_list("position", "session_id", "errors")),
    }


def run_import(client: Client, facility: Facility, records: list[dict[str, Any]], name: str) -> ImportBatch:
    batch = upload(client, facility, jsonl(records), name)
    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch


# --- the task path (immediate backend) ----------------------------------------------------
@pytest.mark.django_db
def test_background_gives_what_the_synchronous_path_gives(settings: Any) -> None:
    hub = f.hub()
    sync_facility, task_facility = f.facility(hub, state="PA"), f.facility(hub, state="PA")
    sync_client = signed_in(Role.FACILITY_ADMIN, sync_facility)
    task_user = f.user(Role.FACILITY_ADMIN, task_facility)
    task_client = Client()
    task_client.force_login(task_user)
    results: dict[str, list[dict[str, Any]]] = {"sync": [], "task": []}
    for records, name in ((day_one(), "day1.jsonl"), (day_two(), "day2.jsonl")):
        settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 1000
        plain = run_import(sync_client, sync_facility, records, name)
        assert plain.task_id == ""
        results["sync"].append(outcome(plain))
        settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 3
        queued = run_import(task_client, task_facility, records, name)
        assert queued.task_id and queued.progress_stage == "done"
        results["task"].append(outcome(queued))
    assert results["task"] == results["sync"]
    assert results["task"][1]["counts"][2:] == (1, 1, 5, 1, 1, 1)  # 1 new, 1 changed, 5 unchanged, 1 rejected
    # the task wrote as the uploader
    session_type = ContentType.objects.get_for_model(Session)
    task_sessions = [str(pk) for pk in Session.objects.filter(facility=task_facility).values_list("pk", flat=True)]
    entries = LogEntry.objects.filter(content_type=session_type, object_pk__in=task_sessions)
    assert entries.exists() and set(entries.values_list("actor_id", flat=True)) == {task_user.pk}


@pytest.mark.django_db
def test_a_resent_background_import_is_idempotent(facility: Facility, settings: Any) -> None:
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2
    client = signed_in(Role.FACILITY_ADMIN, facility)
    first = run_import(client, facility, day_one(), "day.jsonl")
    assert (first.status, first.created, first.new_claims) == (BatchStatus.APPLIED, 6, 6)
    # confirming the same batch again queues nothing
    client.post(reverse("imports:confirm", args=[first.pk]))
    again = run_import(client, facility, day_one(), "day.jsonl")
    assert again.pk != first.pk and again.status == BatchStatus.APPLIED
    assert (again.created, again.updated, again.unchanged, again.new_claims, again.new_versions) == (0, 0, 6, 0, 0)
    assert Claim.objects.count() == 6 and ClaimVersion.objects.count() == 6


@pytest.mark.django_db
def test_small_files_stay_synchronous(facility: Facility, settings: Any) -> None:
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 100
    settings.TASKS = DB_BACKEND  # no worker: a queued batch would stay queued
    batch = run_import(signed_in(Role.FACILITY_ADMIN, facility), facility, day_one(), "small.jsonl")
    assert batch.status == BatchStatus.APPLIED and not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_status_page_is_scoped_to_who_may_see_the_facility(facility: Facility, settings: Any) -> None:
    settings.TASKS = DB_BACKEND  # stays queued: no worker in this test
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2
    owner = signed_in(Role.FACILITY_ADMIN, facility)
    batch = run_import(owner, facility, day_one(), "day.jsonl")
    assert batch.status == BatchStatus.QUEUED
    urls = (reverse("imports:batch", args=[batch.pk]), reverse("imports:progress", args=[batch.pk]))
    colleague = signed_in(Role.FACILITY_ADMIN, facility)
    for url in urls:
        assert owner.get(url).status_code == 200
        assert colleague.get(url).status_code == 200
    stranger = signed_in(Role.FACILITY_ADMIN, f.facility(f.hub(), state="PA"))
    nurse = signed_in(Role.NURSE, facility)
    for url in urls:
        assert stranger.get(url).status_code == 404
        assert nurse.get(url).status_code == 403
    assert stranger.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_status_page_shows_progress_and_polls_with_htmx(facility: Facility) -> None:
    client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = upload(client, facility, jsonl(day_one()), "day.jsonl")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, progress_stage="code", progress_done=40, progress_total=100
    )
    progress_url = reverse("imports:progress", args=[batch.pk])
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Coding sessions: 40 of 100" in page
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="40">' in page
    assert "<script>" not in page and " onclick=" not in page  # CSP 'self': no inline script
    fragment = client.get(progress_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment.headers
    assert "Coding sessions: 40 of 100" in fragment.content.decode()
    # the progress callback of the service writes the row (outside the import's transaction)
    BatchProgress(batch.pk)("validate", 7, 7)
    batch.refresh_from_db()
    assert (batch.progress_stage, batch.progress_done, batch.progress_total) == ("validate", 7, 7)
    assert "Checking records: 7 of 7" in client.get(progress_url).content.decode()
    # done: HTMX reloads the page, which shows the result
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.APPLIED, progress_stage="done")
    done = client.get(progress_url, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true" and "hx-trigger" not in done.content.decode()


@pytest.mark.django_db
def test_a_failed_task_marks_the_batch_failed_and_writes_nothing(
    facility: Facility, settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("coding broke on patient Doe, Jane")

    monkeypatch.setattr(sessions_importer, "code_loaded", broken)
    client = signed_in(Role.FACILITY_ADMIN, facility)
    with caplog.at_level(logging.INFO):
        batch = run_import(client, facility, day_one(), "day.jsonl")
    assert batch.status == BatchStatus.FAILED
    assert batch.failure == "RuntimeError: the batch was rolled back, nothing was imported"
    assert not Session.objects.exists() and not Patient.objects.exists() and not Claim.objects.exists()
    assert not RejectedRecord.objects.filter(batch=batch).exists()
    assert "Doe" not in caplog.text  # no patient data in the logs
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "the batch was rolled back" in page
    # a file that cannot be read by the time the worker runs fails with its reason too
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 0

    def unreadable(*args: Any, **kwargs: Any) -> Any:
        raise UnreadableInput("junk.jsonl: line 1 of Doe, Jane")

    junk = upload(client, facility, b'{"session_id": 1}\n', "junk.jsonl")
    monkeypatch.setattr(import_service, "plan_file", unreadable)
    client.post(reverse("imports:confirm", args=[junk.pk]))
    junk.refresh_from_db()
    assert junk.status == BatchStatus.FAILED and junk.failure.startswith("The file cannot be read as sessions")
    assert "Doe" not in caplog.text


@pytest.mark.django_db
def test_imports_left_running_by_a_dead_worker_are_marked_failed(facility: Facility, settings: Any) -> None:
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2
    client = signed_in(Role.FACILITY_ADMIN, facility)
    running = upload(client, facility, jsonl(day_one()), "running.jsonl")
    waiting = upload(client, facility, jsonl(day_one()), "waiting.jsonl")
    ImportBatch.objects.filter(pk=running.pk).update(status=BatchStatus.RUNNING, progress_stage="write")
    ImportBatch.objects.filter(pk=waiting.pk).update(status=BatchStatus.QUEUED)
    assert tasks.fail_interrupted_batches() == 1
    running.refresh_from_db()
    waiting.refresh_from_db()
    assert running.status == BatchStatus.FAILED
    assert running.failure == tasks.INTERRUPTED
    assert waiting.status == BatchStatus.QUEUED  # a queued import still runs when the worker starts
    assert "Import the file again" in client.get(reverse("imports:batch", args=[running.pk])).content.decode()


# --- the database backend and a worker, on SQLite and PostgreSQL --------------------------
@pytest.fixture
def keep_signals() -> Iterator[None]:
    """The worker installs SIGINT/SIGTERM handlers in this process; put them back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("keep_signals")
def test_database_backend_and_the_worker_command(facility: Facility, settings: Any, tmp_path: Path) -> None:
    settings.TASKS = DB_BACKEND
    settings.COOLCLAIM_IMPORT_BACKGROUND_RECORDS = 2
    runner = CliRunner()
    client = signed_in(Role.FACILITY_ADMIN, facility)
    batch = run_import(client, facility, day_one(), "day.jsonl")
    assert batch.status == BatchStatus.QUEUED and batch.records == 7
    assert DBTaskResult.objects.get().status == "READY"
    assert "Waiting for a worker" in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    worked = runner.invoke(app, ["worker", "--batch"])
    assert worked.exit_code == 0, worked.output
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.rejected, batch.new_claims) == (BatchStatus.APPLIED, 6, 1, 6)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "6 new claims" in page and "Download CSV" in page
    # the command line: synchronous by default, --background queues and prints the batch id
    corrected = tmp_path / "day2.jsonl"
    corrected.write_bytes(jsonl(day_two()))
    queued = runner.invoke(app, ["import", "sessions", str(corrected), "--facility", facility.npi, "--background"])
    assert queued.exit_code == 0, queued.output
    second = ImportBatch.objects.get(pk=int(queued.stdout.strip().splitlines()[-1]))
    assert second.status == BatchStatus.QUEUED
    assert runner.invoke(app, ["worker", "--batch"]).exit_code == 0
    second.refresh_from_db()
    assert (second.status, second.created, second.updated, second.new_versions) == (BatchStatus.APPLIED, 1, 1, 1)
    assert Claim.objects.count() == 7
    # progress made inside an import's transaction: written aside on PostgreSQL, where other
    # connections see it; skipped on SQLite, where the import holds the only write lock
    progress = BatchProgress(second.pk)
    with transaction.atomic():
        progress("code", 3, 5)
        second.refresh_from_db()
    progress.close()
    expected = ("code", 3, 5) if connection.vendor == "postgresql" else ("done", 8, 8)
    assert (second.progress_stage, second.progress_done, second.progress_total) == expected


# --- `coolclaim serve` runs its own worker ------------------------------------------------
def _wait(predicate: Any, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@requirement(sys.platform.startswith("linux"), "reads /proc (Linux)")
def test_serve_runs_a_worker_and_stops_it(tmp_path: Path) -> None:
    database = tmp_path / "serve.sqlite3"
    env = {**os.environ, "COOLCLAIM_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("COOLCLAIM_SECRET_KEY", None)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*_coolclaim(), "serve", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
                    return bool(r.status == 200)
            except OSError:
                return process.poll() is not None

        _wait(answers, 90, "the server", log)
        assert process.poll() is None, log.read_text()
        started = [line for line in log.read_text().splitlines() if line.startswith("Background worker started")]
        assert started, log.read_text()
        worker_pid = int(started[0].split("pid ")[1].split(")")[0])
        assert _alive(worker_pid)
        # a file queued from the command line is imported by serve's worker
        seed = (
            "import django; django.setup()\n"
            "from tests.web import factories as f\n"
            "print(f.facility(f.hub(), state='PA').npi)\n"
        )
        repo = Path(__file__).resolve().parents[3]
        npi = subprocess.run(
            [sys.executable, "-c", seed],
            env={**env, "DJANGO_SETTINGS_MODULE": "coolclaim.web.settings", "PYTHONPATH": str(repo)},
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        records = tmp_path / "day.jsonl"
        records.write_bytes(jsonl(day_one()))
        queued = subprocess.run(
            [*_coolclaim(), "import", "sessions", str(records), "--facility", npi, "--background"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        batch_id = int(queued.stdout.strip())

        def applied() -> bool:
            with sqlite3.connect(database, timeout=20) as db:
                row = db.execute("SELECT status FROM imports_importbatch WHERE id = ?", (batch_id,)).fetchone()
            return bool(row and row[0] in ("applied", "failed"))

        _wait(applied, 90, "the worker to import the batch", log)
        with sqlite3.connect(database) as db:
            status, created = db.execute(
                "SELECT status, created FROM imports_importbatch WHERE id = ?", (batch_id,)
            ).fetchone()
        assert (status, created) == ("applied", 6), log.read_text()
        process.send_signal(signal.SIGTERM)  # serve only: it stops its worker
        process.wait(timeout=30)
        _wait(lambda: not _alive(worker_pid), 15, "the worker to stop", log)
        assert "Background worker stopped." in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_help_documents_the_worker_choice() -> None:
    shown = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert shown.exit_code == 0
    assert "--no-worker" in shown.output and "child process" in shown.output
