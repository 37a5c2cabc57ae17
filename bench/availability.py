"""Availability benchmark (not a test): pages and API during a large import on SQLite.

Usage:
    .venv/bin/python bench/availability.py [--sessions 19000] [--clients 4] [--threads 8]

1. A fresh embedded SQLite database (WAL, the busy-retrying backend) in a temporary folder,
   migrated; one bench facility, a facility admin with a signed-in session and an API token,
   and a first small import so pages and the API have sessions to show.
2. ``coolclaim serve``'s server (waitress, ``--threads`` threads) on a free loopback port.
3. ``coolclaim import sessions`` of ``--sessions`` synthetic sessions (JSON Lines, one file) in
   its own process — a second writer, committing chunk by chunk.
4. While it runs, ``--clients`` threads loop (no pause) over: the facilities overview (``/``),
   the work queue page (``/queue/``), a patient page, ``GET /api/v1/sessions``,
   ``GET /api/v1/patients/<id>`` and ``POST /api/v1/sessions`` (a save: a new session, coded
   at once). Every read writes audit rows, so every request writes.
5. Then the same load for ``--after`` seconds with no import (a reference: what the pages cost
   at that size on this machine at that moment).
6. Prints, per kind and overall: requests, errors (any status but the expected one, or a
   failed connection), p50/p95/max latency; the import's wall-clock time; CPU seconds of the
   server and the import beside the wall clock (the machine may be shared).

Goal (issue 9): 0 errors, p95 under 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import FACILITIES, free_port, session_cookie, synthetic_records

ROOT = Path(__file__).resolve().parent.parent


def prepare(home: Path) -> None:
    os.environ["COOLCLAIM_HOME"] = str(home)
    os.environ["DATABASE_URL"] = f"sqlite:///{home / 'coolclaim.sqlite3'}"
    os.environ.setdefault("COOLCLAIM_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coolclaim.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def world() -> dict[str, Any]:
    from coolclaim.web.accounts.choices import Role
    from coolclaim.web.accounts.models import ApiToken, Facility, Hub, Membership, User
    from coolclaim.web.demo import npi_with_check_digit

    key, state, zone, setting = FACILITIES[0]
    hub = Hub.objects.create(slug="bench-hub", name="Bench Hub — synthetic data")
    facility = Facility.objects.create(
        hub=hub,
        npi=npi_with_check_digit("990000000"),
        name=f"Bench {key}",
        tin="00-0000000",
        state=state,
        time_zone=zone,
        setting=setting,
    )
    user = User.objects.create_user("bench-admin", password=None, role=Role.FACILITY_ADMIN, hub=hub)
    Membership.objects.create(user=user, facility=facility)
    _, token = ApiToken.issue(user, "bench")
    return {
        "facility": facility,
        "user": user,
        "token": token,
        "key": key,
        "state": state,
        "zone": zone,
        "setting": setting,
    }


def write_file(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records))


def coolclaim(*args: str) -> list[str]:
    return [sys.executable, "-c", "from coolclaim.cli import main; main()", *args]


def start_server(port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    code = (
        "import waitress\n"
        "from coolclaim.web.wsgi import application\n"
        f"waitress.serve(application, host='127.0.0.1', port={port}, threads={threads}, ident='coolclaim',"
        " clear_untrusted_proxy_headers=False)\n"
    )
    with log.open("wb") as errors:  # the server's log: busy-database retries, 5xx tracebacks
        server = subprocess.Popen([sys.executable, "-c", code], env={**os.environ}, stderr=errors)
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class Client(threading.Thread):
    def __init__(
        self, index: int, port: int, cookie: str, token: str, stop: threading.Event, w: dict[str, Any]
    ) -> None:
        super().__init__(daemon=True)
        self.index, self.port, self.cookie, self.token, self.stop, self.w = index, port, cookie, token, stop, w
        self.results: dict[str, list[tuple[float, bool]]] = {}
        self.saved = 0
        self.failures: dict[str, int] = {}

    def request(self, kind: str, method: str, path: str, body: bytes | None, headers: dict[str, str], ok: int) -> Any:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            good = response.status == ok
            connection.close()
            if not good:
                self.failures[str(response.status)] = self.failures.get(str(response.status), 0) + 1
        except OSError as exc:
            good, data = False, b""
            reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
            self.failures[reason] = self.failures.get(reason, 0) + 1
        self.results.setdefault(kind, []).append((time.perf_counter() - started, good))
        return data if good else None

    def run(self) -> None:
        page = {"Cookie": self.cookie}
        api = {"Authorization": f"Bearer {self.token}"}
        patient_id = self.w["patient_id"]
        course_id = self.w["course_id"]
        while not self.stop.is_set():
            self.request("page: facilities", "GET", "/", None, page, 200)
            self.request("page: work queue", "GET", "/queue/", None, page, 200)
            self.request("page: patient", "GET", f"/clinic/patients/{patient_id}/", None, page, 200)
            self.request("api: list sessions", "GET", "/api/v1/sessions?limit=50", None, api, 200)
            self.request("api: one patient", "GET", f"/api/v1/patients/{patient_id}", None, api, 200)
            self.saved += 1
            body = json.dumps(
                {
                    "course": course_id,
                    "session_id": f"AV-{self.index}-{self.saved}",
                    "diagnoses": ["C50.911"],
                    "cap_fitting": False,
                    "chemo_admin": [{"code": "96413", "units": 1}],
                    "cooling_start": "2026-03-02T14:00:00+00:00",
                    "infusion_start": "2026-03-02T14:30:00+00:00",
                    "infusion_end": "2026-03-02T15:30:00+00:00",
                    "cooling_end": "2026-03-02T17:00:00+00:00",
                    "documentation": {
                        "order_verified": True,
                        "contraindications_screened": True,
                        "tolerance_monitored": True,
                        "scalp_assessed": True,
                    },
                }
            ).encode()
            self.request(
                "api: save session", "POST", "/api/v1/sessions", body, {**api, "Content-Type": "application/json"}, 201
            )


def summary(label: str, rows: list[tuple[float, bool]]) -> str:
    times = sorted(t for t, _ in rows)
    errors = sum(1 for _, good in rows if not good)
    n = len(times)
    if not n:
        return f"{label:<22} n=     0"
    p50 = statistics.median(times) * 1000
    p95 = times[min(n - 1, int(n * 0.95))] * 1000
    worst = times[-1] * 1000
    return f"{label:<22} n={n:>6}  errors {errors:>3}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {worst:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=19_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--after", type=float, default=20.0, help="Seconds of the same load after the import.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coolclaim-availability-") as folder:
        home = Path(folder)
        prepare(home)
        w = world()
        first = home / "first.jsonl"
        write_file(first, synthetic_records(w["key"], w["state"], w["zone"], w["setting"], 0, 20))
        subprocess.run(
            coolclaim("import", "sessions", str(first), "--facility", str(w["facility"].npi), "--operator", "bench"),
            check=True,
            capture_output=True,
        )
        from coolclaim.web.clinic.models import Course

        course = Course.objects.filter(patient__facility=w["facility"]).order_by("pk").first()
        assert course is not None
        w["patient_id"], w["course_id"] = course.patient_id, course.pk
        cookie = session_cookie(w["user"])
        big = home / "big.jsonl"
        write_file(big, synthetic_records(w["key"], w["state"], w["zone"], w["setting"], 100_000, options.sessions))
        from django.db import connections

        connections.close_all()
        port = free_port()
        server_log = home / "server.log"
        server = start_server(port, options.threads, server_log)
        stop = threading.Event()
        clients = [Client(i, port, cookie, w["token"], stop, w) for i in range(options.clients)]
        try:
            started = time.monotonic()
            importer = subprocess.Popen(
                coolclaim("import", "sessions", str(big), "--facility", str(w["facility"].npi), "--operator", "bench"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for client in clients:
                client.start()
            import_cpu = 0.0
            while importer.poll() is None:
                import_cpu = cpu_of(importer.pid)
                time.sleep(0.2)
            import_wall = time.monotonic() - started
            stop.set()
            for client in clients:
                client.join(timeout=120)
            server_cpu = cpu_of(server.pid)
            # The same loop for --after seconds with no import: what the pages cost at this size
            # on this machine now (a reference for the figures above).
            after_stop = threading.Event()
            after = [Client(100 + i, port, cookie, w["token"], after_stop, w) for i in range(options.clients)]
            for client in after:
                client.start()
            time.sleep(options.after)
            after_stop.set()
            for client in after:
                client.join(timeout=120)
        finally:
            stop.set()
            server.terminate()
            server.wait(timeout=30)
        tail = (importer.stderr.read().decode(errors="replace").strip().splitlines() if importer.stderr else [])[-1:]
        print(
            f"import of {options.sessions} sessions (SQLite, own process): {import_wall:.1f} s wall, "
            f"{import_cpu:.1f} s CPU, exit {importer.returncode}: {tail[0] if tail else ''}"
        )
        print(f"server CPU {server_cpu:.1f} s; {options.clients} clients, waitress {options.threads} threads")
        merged: dict[str, list[tuple[float, bool]]] = {}
        for client in clients:
            for kind, rows in client.results.items():
                merged.setdefault(kind, []).extend(rows)
        everything: list[tuple[float, bool]] = []
        for kind in sorted(merged):
            print(summary(kind, merged[kind]))
            everything.extend(merged[kind])
        print(summary("all requests", everything))
        quiet = [row for client in after for rows in client.results.values() for row in rows]
        print(summary("no import (reference)", quiet))
        reasons: dict[str, int] = {}
        for client in [*clients, *after]:
            for reason, count in client.failures.items():
                reasons[reason] = reasons.get(reason, 0) + count
        print("errors by kind (status or timeout):", dict(sorted(reasons.items())) or "none")
        logged = server_log.read_text(errors="replace")
        print(
            f"server log: {logged.count('database busy (try')} busy-database retries, "
            f"{logged.count('Internal Server Error')} internal server errors"
        )


if __name__ == "__main__":
    main()
