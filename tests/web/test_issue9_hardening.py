"""Regression tests of issue 9's findings: proxies and HTTPS, caching of PHI, the SQLite file's
mode, busy-database retries, login lockout per username, formula-safe CSV cells, audited reads
with the client address, and CLI output without values."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.cli.imports import reason_only
from coolclaim.web import paths
from coolclaim.web.accounts.choices import Role
from coolclaim.web.imports.views import _cell
from coolclaim.web.proxy import TrustedProxies
from coolclaim.web.sqlite_backend.busy import delays, is_busy, retry_busy

from . import factories as f

# --- HTTPS behind a proxy -------------------------------------------------------------------


def _seen(proxies: list[str], **environ: str) -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def app(env: dict[str, Any], start_response: Any) -> list[bytes]:
        captured.update(env)
        return [b""]

    env: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.5", **environ}
    setup_testing_defaults(env)
    TrustedProxies(app, proxies)(env, lambda *a: None)
    return captured


def test_a_trusted_proxy_sets_the_scheme_and_the_client_address() -> None:
    env = _seen(["10.0.0.0/24"], HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.7")
    assert (env["wsgi.url_scheme"], env["REMOTE_ADDR"]) == ("https", "203.0.113.9")
    assert "HTTP_X_FORWARDED_FOR" not in env
    assert "HTTP_X_FORWARDED_PROTO" not in env


def test_forwarding_headers_from_anyone_else_are_dropped() -> None:
    env = _seen(["10.9.0.1"], HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert (env["wsgi.url_scheme"], env["REMOTE_ADDR"]) == ("http", "10.0.0.5")
    assert "HTTP_X_FORWARDED_FOR" not in env
    assert "HTTP_X_FORWARDED_PROTO" not in env


def test_a_client_cannot_prepend_a_spoofed_address_through_the_proxy() -> None:
    env = _seen(["10.0.0.5"], HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
    assert env["REMOTE_ADDR"] == "198.51.100.2"


def test_a_bad_proxy_setting_names_itself() -> None:
    with pytest.raises(ValueError, match="COOLCLAIM_TRUSTED_PROXIES: 'nonsense' is not an address or network"):
        TrustedProxies(lambda e, s: [b""], ["nonsense"])


@pytest.mark.django_db
def test_https_forwarded_by_the_proxy_is_served_with_hsts_and_no_redirect(settings: Any) -> None:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    app = TrustedProxies(WSGIHandler(), ["127.0.0.1"])

    def get(**headers: str) -> tuple[str, dict[str, str]]:
        env: dict[str, Any] = {"REMOTE_ADDR": "127.0.0.1", "PATH_INFO": "/accounts/login/", "HTTP_HOST": "localhost"}
        env.update(headers)
        setup_testing_defaults(env)
        answer: dict[str, Any] = {}
        # as django.test.Client does: a request must not close the test's database connection
        # (on PostgreSQL the test runs inside that connection's transaction)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = app(env, lambda status, head, *rest: answer.update(status=status, headers=dict(head)))
            b"".join(body)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return answer["status"], answer["headers"]

    status, headers = get(HTTP_X_FORWARDED_PROTO="https")
    assert status == "200 OK"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    status, headers = get()
    assert status == "301 Moved Permanently"
    assert headers["Location"] == "https://localhost/accounts/login/"


# --- PHI: caching, the database file --------------------------------------------------------


@pytest.mark.django_db
def test_signed_in_responses_are_not_stored_by_caches() -> None:
    facility = f.facility(f.hub())
    client = Client()
    client.force_login(f.user(Role.NURSE, facility))
    assert client.get(reverse("clinic:patient_list"))["Cache-Control"] == "no-store"
    from tests.web.api_support import token_client

    api = token_client(f.user(Role.FACILITY_ADMIN, facility))
    assert api.get("/api/v1/patients")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/patients/999999")["Cache-Control"] == "no-store"  # errors too


def test_the_sqlite_file_is_0600_in_a_0700_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOLCLAIM_HOME", str(tmp_path / "home"))
    database = paths.data_home() / paths.SQLITE_FILENAME
    paths.private_database_file(database)
    sqlite3.connect(database).execute("PRAGMA journal_mode=WAL").fetchall()
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)  # noqa: S103 - a shared folder, as /tmp is
    paths.private_database_file(existing / "other.sqlite3")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755  # a folder it did not make keeps its mode
    assert stat.S_IMODE((existing / "other.sqlite3").stat().st_mode) == 0o600


# --- busy database --------------------------------------------------------------------------


def test_a_busy_database_is_retried_with_growing_pauses() -> None:
    calls: list[int] = []
    pauses: list[float] = []

    def run() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert retry_busy(run, sleep=pauses.append) == "done"
    assert len(calls) == 3
    assert [round(p / d, 1) >= 1.0 for p, d in zip(pauses, delays()[:2], strict=True)] == [True, True]
    assert delays() == [0.05, 0.1, 0.2, 0.4, 0.8]


def test_other_database_errors_and_the_last_try_are_not_swallowed() -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry_busy(lambda: (_ for _ in ()).throw(sqlite3.OperationalError("no such table: x")), sleep=lambda s: None)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        retry_busy(lambda: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked")), sleep=lambda s: None)
    assert is_busy(sqlite3.OperationalError("database is locked")) is True
    assert is_busy(sqlite3.OperationalError("disk I/O error")) is False


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path: Path) -> None:
    import threading
    import time

    from coolclaim.web.sqlite_backend.base import RetryingCursor

    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None, check_same_thread=False)
    started = time.monotonic()
    other.cursor(factory=RetryingCursor).execute("INSERT INTO t VALUES (%s)", [2])
    assert time.monotonic() - started >= 0.25
    assert other.execute("SELECT count(*) FROM t").fetchone() == (2,)


# --- login lockout --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_username_is_locked_after_failures_from_many_addresses(settings: Any) -> None:
    user = f.user()
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            reverse("login"), {"username": user.username, "password": "wrong-password"}
        )
    response = Client(REMOTE_ADDR="198.51.100.99").post(
        reverse("login"), {"username": user.username, "password": "test-password-123"}
    )
    assert response.status_code == 429


# --- the rejects CSV ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("  =HYPERLINK()", "'  =HYPERLINK()"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (" \u3000-2", "' \u3000-2"),
        ("C50.911", "C50.911"),
        ("  plain", "  plain"),
        ("", ""),
    ],
)
def test_rejects_csv_cells_never_start_a_formula(value: str, cell: str) -> None:
    assert _cell(value) == cell


# --- audit: client address, re-rendered forms ----------------------------------------------


@pytest.mark.django_db
def test_page_reads_record_the_client_address() -> None:
    facility = f.facility(f.hub())
    patient = f.patient(facility)
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.force_login(f.user(Role.NURSE, facility))
    assert client.get(reverse("clinic:patient_detail", args=[patient.pk])).status_code == 200
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(patient.pk)).latest("pk")
    assert entry.remote_addr == "192.0.2.44"


@pytest.mark.django_db
def test_a_session_form_shown_again_after_a_refusal_is_audited() -> None:
    facility = f.facility(f.hub())
    course = f.course(f.patient(facility))
    client = Client()
    client.force_login(f.user(Role.NURSE, facility))
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = client.post(reverse("clinic:session_new", args=[course.pk]), {"session_id": ""})
    assert response.status_code == 400
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    assert sorted(e.object_pk for e in read if e.content_type.model == "patient") == [str(course.patient_id)]


# --- CLI output -----------------------------------------------------------------------------


def test_cli_reject_reasons_drop_the_rejected_value() -> None:
    assert reason_only("must be a date such as 2026-01-01; got '1961-13-40'") == "must be a date such as 2026-01-01"
    assert reason_only("must be true or false, got 'maybe'") == "must be true or false"
    assert reason_only("is required") == "is required"


def test_cli_prints_a_database_errors_type_never_its_detail(capsys: pytest.CaptureFixture[str]) -> None:
    from django.db import IntegrityError

    from coolclaim.cli import _database_failure

    status = _database_failure(IntegrityError("UNIQUE constraint failed: mrn 'MRN-0042'"))
    assert status == 3
    err = capsys.readouterr().err
    assert err == (
        "coolclaim: the database refused the operation (IntegrityError); "
        "its details are not shown because they may hold patient data\n"
    )
    with pytest.raises(KeyError):
        _database_failure(KeyError("x"))
