"""`coolclaim serve --demo` migrates a new database, seeds the demo and answers HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.requirements import requirement


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _coolclaim() -> list[str]:
    script = Path(sys.executable).with_name("coolclaim")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from coolclaim.cli import main; main()"]


def test_serve_demo_answers_http(tmp_path: Path) -> None:
    port = _free_port()
    # No DATABASE_URL: the embedded SQLite file under COOLCLAIM_HOME, which every other command
    # must find too without extra settings.
    env = {**os.environ, "COOLCLAIM_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("COOLCLAIM_SECRET_KEY", None)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*_coolclaim(), "serve", "--demo", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        body = b""
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"serve exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
                    assert r.status == 200
                    assert "Content-Security-Policy" in r.headers
                    body = r.read()
                    break
            except OSError:
                time.sleep(0.3)
        assert b"Sign in" in body, log.read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/coolclaim/site.css", timeout=5) as r:
            assert r.status == 200
        printed = log.read_text()
        assert f"http://127.0.0.1:{port}/" in printed
        assert "nurse.oh" in printed
        assert "password for all" in printed
        assert (tmp_path / "secret_key").exists()
        database = f"SQLite file {(tmp_path / 'coolclaim.sqlite3').resolve()}"
        assert f"Database: {database}\n" in printed
        assert "Seeding the synthetic demo (first run codes every session)...\n" in printed
        token = subprocess.run(
            [*_coolclaim(), "token", "create", "nurse.oh"], env=env, capture_output=True, text=True, timeout=120
        )
        assert token.returncode == 0, token.stderr
        assert token.stderr.splitlines()[0] == f"coolclaim: database: {database}"
        assert token.stdout.startswith("cc_")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@requirement(sys.platform.startswith("linux"), "--workers serves with gunicorn on Linux")
def test_serve_with_workers_answers_http_from_gunicorn(tmp_path: Path) -> None:
    port = _free_port()
    # No DATABASE_URL: the embedded SQLite file under COOLCLAIM_HOME, which every other command
    # must find too without extra settings.
    env = {**os.environ, "COOLCLAIM_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("COOLCLAIM_SECRET_KEY", None)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*_coolclaim(), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"serve exited early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
                    assert r.status == 200
                    body = r.read()
                    break
            except OSError:
                time.sleep(0.3)
        assert b"Sign in" in body, log.read_text()
        assert "gunicorn, 2 processes x 2 threads" in log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
