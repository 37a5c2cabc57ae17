"""Web benchmark (not a test): latency and throughput of the app with 100,000 sessions in PostgreSQL.

Usage:
    .venv/bin/python bench/web.py [--sessions 100000] [--clients 20] [--workers 2] [--threads 4]
        [--seconds 15] [--think 0.5 1.0] [--duration 20] [--only queue patient api]
        [--server-url postgresql://postgres@127.0.0.1:5432] [--database coolclaim_bench]

1. Creates the database (``coolclaim_bench`` by default) if it is missing and migrates it.
2. Loads synthetic sessions through the import service (the same bulk path as ``coolclaim
   import sessions``: patients, courses, coverages, sessions, then claims through the coding
   service) in batches of 10,000 until the bench facilities hold ``--sessions`` sessions, then
   runs ``ANALYZE`` (without fresh statistics the planner picks sequential scans after a bulk load).
3. Serves the app as ``coolclaim serve`` would on a free loopback port: gunicorn with
   ``--workers`` processes of ``--threads`` threads (``--workers 1``: waitress, one process).
4. With ``--clients`` concurrent clients (processes with keep-alive ``http.client``
   connections, each signed in with its own session), measures p50/p95 latency and requests per
   second of the work queue (billing user), a patient page (``/clinic/patients/<id>/``, patients
   drawn at random) and ``POST /api/v1/code`` (one session per request, bearer token), twice:
   - saturation: every client sends its next request as soon as the last one is answered
     (closed loop, no pause) for ``--seconds`` per target: the most the server does, and the
     latency when it is the bottleneck (only answers inside the window count: every client is
     busy all through it);
   - realistic: every client pauses ``--think`` seconds (uniform, 0.5-1 s) between requests,
     for ``--duration`` seconds per target: what 20 busy users see.

Each line also gives the CPU per request of the server's processes and their PostgreSQL
backends (``cpu … ms/req``): the figure that moves least when other work shares the machine;
then, in brackets, the load generator's own CPU per request (it shares the machine's cores).

``--only queue patient api`` picks targets; ``--url-query`` adds options to the app's
DATABASE_URL (e.g. ``prepare_threshold=none`` to compare without prepared statements).

Goals: pages p95 < 100 ms with think time; at saturation the work queue >= 100 requests/s and
the coding API >= 300 requests/s on 2 cores.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
BATCH = 10_000
FACILITIES = (
    # key, state, time zone, setting
    ("bench-pa", "PA", "America/New_York", "office"),
    ("bench-ga", "GA", "America/New_York", "hospital_outpatient"),
)
PAYERS: list[dict[str, Any]] = [
    {"type": "medicare"},
    {"type": "commercial", "name": "Synthetic Health Plan", "funding": "fully_insured", "group_size": "large"},
    {"type": "medicare_advantage", "name": "Synthetic MA"},
    {"type": "medicaid"},
]
DIAGNOSES = [["C50.912", "Z51.11"], ["C50.411", "Z51.11"], ["C56.9", "Z51.11"], ["C34.90", "Z51.11"]]


# --- setup ---------------------------------------------------------------------------------
def prepare_environment(server_url: str, database: str) -> None:
    os.environ["DATABASE_URL"] = f"{server_url.rstrip('/')}/{database}"
    os.environ.setdefault("COOLCLAIM_HOME", tempfile.mkdtemp(prefix="coolclaim-bench-home-"))
    os.environ.setdefault("COOLCLAIM_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coolclaim.web.settings"
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
            print(f"created database {database}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def synthetic_records(key: str, state: str, zone: str, setting: str, start: int, count: int) -> list[dict[str, Any]]:
    """``count`` sessions of one facility, in courses of 6-16 weekly sessions (seeded)."""
    rng = random.Random(f"{key}-{start}")
    tz = ZoneInfo(zone)
    out: list[dict[str, Any]] = []
    patient = start
    while len(out) < count:
        patient += 1
        first = datetime(2025, 6, 2, 13, 0, tzinfo=UTC) + timedelta(days=rng.randrange(0, 420))
        payer = rng.choice(PAYERS)
        diagnoses = rng.choice(DIAGNOSES)
        regimen = rng.choice(["TC", "weekly paclitaxel", "AC", "FEC"])
        birth = f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        for number in range(rng.randint(6, 16)):
            if len(out) >= count:
                break
            begin = (first + timedelta(days=7 * number, minutes=rng.randrange(0, 240))).astimezone(tz)
            infusion, post = rng.randrange(30, 240), rng.choice([20, 45, 90, 104, 120, 150])
            out.append(
                {
                    "session_id": f"{key}-S-{patient}-{number}",
                    "patient_id": f"{key}-P-{patient}",
                    "course_id": f"{key}-C-{patient}",
                    "facility_state": state,
                    "setting": setting,
                    "patient_birth_date": birth,
                    "payer": payer,
                    "diagnoses": diagnoses,
                    "chemo_admin": [{"code": "96413", "units": 1}]
                    + ([{"code": "96415", "units": 2}] if infusion > 120 else []),
                    "regimen": regimen,
                    "cap_fitting": number == 0,
                    "cooling_start": begin.isoformat(),
                    "infusion_start": (begin + timedelta(minutes=30)).isoformat(),
                    "infusion_end": (begin + timedelta(minutes=30 + infusion)).isoformat(),
                    "cooling_end": (begin + timedelta(minutes=30 + infusion + post)).isoformat(),
                    "device": {"model": "Paxman PSCS", "serial": f"SYN-{patient % 50}", "cap_lot": "SYN-LOT"},
                    "documentation": {
                        "order_verified": True,
                        "contraindications_screened": rng.random() > 0.05,
                        "tolerance_monitored": True,
                        "scalp_assessed": True,
                    },
                    "em_visit": {"code": "99214", "separately_identifiable": True} if number == 0 else None,
                }
            )
    return out


def load(total: int, clients: int) -> dict[str, Any]:
    """Bench hub, facilities, users; sessions imported until ``total`` are stored."""
    import orjson

    from coolclaim.web.accounts.choices import Role
    from coolclaim.web.accounts.models import ApiToken, Facility, Hub, Membership, User
    from coolclaim.web.clinic.models import Patient, Session
    from coolclaim.web.demo import npi_with_check_digit
    from coolclaim.web.imports.services.import_sessions import import_sessions

    hub, _ = Hub.objects.get_or_create(slug="bench-hub", defaults={"name": "Bench Hub — synthetic data"})
    facilities = []
    for index, (key, state, zone, setting) in enumerate(FACILITIES):
        facility, _ = Facility.objects.get_or_create(
            npi=npi_with_check_digit(f"{990000000 + index}"),
            defaults={
                "hub": hub,
                "name": f"Bench {key}",
                "tin": "00-0000000",
                "state": state,
                "time_zone": zone,
                "setting": setting,
            },
        )
        facilities.append(facility)
    billing, _ = User.objects.get_or_create(username="bench-billing", defaults={"role": Role.BILLING, "hub": hub})
    for facility in facilities:
        Membership.objects.get_or_create(user=billing, facility=facility)
    per_facility = total // len(facilities)
    for facility, (key, state, zone, setting) in zip(facilities, FACILITIES, strict=True):
        have = Session.objects.for_facility(facility).count()
        while have < per_facility:
            count = min(BATCH, per_facility - have)
            # patient numbers start+1 .. start+count: every patient has at least one session
            records = synthetic_records(key, state, zone, setting, have, count)
            data = b"\n".join(orjson.dumps(r) for r in records) + b"\n"
            began = time.perf_counter()
            result = import_sessions(data, f"bench-{key}-{have}.jsonl", facility, None)
            took = time.perf_counter() - began
            have += result.batch.created
            print(
                f"  imported {result.batch.created:,} sessions into {facility.name} in {took:.1f} s "
                f"({result.batch.created / took:,.0f}/s; {result.batch.new_claims:,} claims); now {have:,}",
                flush=True,
            )
            if result.batch.created == 0:
                raise SystemExit("the import created nothing; stopping")
    ApiToken.objects.filter(user=billing, name="bench").delete()
    _, raw = ApiToken.issue(billing, "bench")
    patients = list(Patient.objects.for_user(billing).values_list("pk", flat=True)[:5000])
    sample = synthetic_records(*FACILITIES[0], 10_000_000, 200)
    return {
        "token": raw,
        "cookies": [session_cookie(billing) for _ in range(clients)],
        "patients": patients,
        "code_bodies": [orjson.dumps(r) for r in sample],
        "sessions": Session.objects.count(),
    }


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user`` (what the sign-in form would set)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(3600)
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# --- server and clients --------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    if workers > 1:
        code = (
            "import django\n"
            "django.setup()\n"
            "from coolclaim.cli.serve import serve_gunicorn\n"
            "from coolclaim.web.wsgi import application\n"
            f"serve_gunicorn(application, '127.0.0.1', {port}, {workers}, {threads})\n"
        )
    else:
        code = (
            "import waitress\n"
            "from coolclaim.web.wsgi import application\n"
            f"waitress.serve(application, host='127.0.0.1', port={port}, threads={threads}, "
            "ident='coolclaim', connection_limit=200, backlog=1024, channel_timeout=60)\n"
        )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


@dataclass
class Outcome:
    label: str
    latencies: list[float]
    errors: int
    seconds: float
    cpu: float = 0.0  # CPU seconds of the server's processes and PostgreSQL backends meanwhile
    client_cpu: float = 0.0  # CPU seconds of the load generator's processes (warm-up included)

    def line(self) -> str:
        ordered = sorted(self.latencies)
        n = len(ordered)
        p50 = statistics.median(ordered) * 1000 if n else float("nan")
        p95 = ordered[min(n - 1, int(n * 0.95))] * 1000 if n else float("nan")
        rate = n / self.seconds if self.seconds else 0.0
        return (
            f"{self.label:<34} n={n:>6}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {rate:8.1f} req/s  errors {self.errors}"
            f"  cpu {self.cpu / n * 1000 if n else float('nan'):5.1f} ms/req"
            f" (clients {self.client_cpu / n * 1000 if n else float('nan'):4.1f})"
        )


#: ``make(client_index, random_number) -> (method, path, body, headers)``
Request = Callable[[int, int], tuple[str, str, bytes | None, dict[str, str]]]


def hammer(
    port: int,
    label: str,
    make: Request,
    clients: int,
    seconds: float,
    warmup: int = 2,
    think: tuple[float, float] | None = None,
    cpu: Callable[[], dict[int, float]] | None = None,
) -> Outcome:
    """``clients`` processes send requests for ``seconds`` (a window all of them start together
    after ``warmup`` requests each); with ``think=(low, high)`` each pauses a uniform
    ``low..high`` seconds between requests. Only requests answered inside the window count (the
    one each client has in flight at its end is dropped): every client is busy the whole window,
    so the rate is the server's, not that of a tail where the last clients run alone.

    Clients are forked processes, not threads: 20 threads in one Python process would wait for
    each other's interpreter lock while reading responses, and that wait would be counted as
    server latency."""
    context = multiprocessing.get_context("fork")
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    barrier = context.Barrier(clients + 1)
    results: Any = context.Queue()

    def worker(index: int) -> None:
        began_usage = resource.getrusage(resource.RUSAGE_SELF)
        client_began = began_usage.ru_utime + began_usage.ru_stime
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(index)
        sent = 0

        def once() -> tuple[float, bool]:
            method, path, body, headers = make(index, rng.randrange(1 << 30))
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            return time.perf_counter() - began, ok

        for _ in range(warmup):
            once()
        barrier.wait()
        deadline = time.perf_counter() + seconds
        if think is not None:  # users do not all start at the same instant
            time.sleep(rng.uniform(0, think[1]))
        while time.perf_counter() < deadline:
            took, ok = once()
            sent += 1
            if time.perf_counter() > deadline:
                break
            latencies[index].append(took)
            errors[index] += 0 if ok else 1
            if think is not None:
                time.sleep(rng.uniform(*think))
        conn.close()
        mine = resource.getrusage(resource.RUSAGE_SELF)
        results.put((index, latencies[index], errors[index], sent, mine.ru_utime + mine.ru_stime - client_began))

    processes = [context.Process(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for process in processes:
        process.start()
    barrier.wait()
    began_cpu = cpu() if cpu is not None else {}
    client_cpu = [0.0] * clients
    answered = 0  # in the window or just after it: what the CPU figures are divided by
    for _ in processes:
        index, values, failed, sent, used_by_client = results.get(timeout=seconds + 120)
        latencies[index], errors[index], client_cpu[index] = values, failed, used_by_client
        answered += sent
    for process in processes:
        process.join(timeout=10)
    used = cpu_between(began_cpu, cpu()) if cpu is not None else 0.0
    return Outcome(
        label,
        [x for part in latencies for x in part],
        sum(errors),
        seconds,
        used * sum(len(part) for part in latencies) / answered if answered else 0.0,
        sum(client_cpu) * sum(len(part) for part in latencies) / answered if answered else 0.0,
    )


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def server_cpu(pid: int, server_url: str, database: str) -> dict[int, float]:
    """CPU seconds so far of each process of the server (its workers) and of each PostgreSQL
    backend connected to ``database``, by pid (Linux /proc; 0 where unreadable)."""
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as conn:
        backends = [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
            ).fetchall()
        ]
    return {p: _process_cpu(p) for p in [*_descendants(pid), *backends]}


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two :func:`server_cpu` snapshots by the processes alive at the
    second (a backend that ended meanwhile is not counted: the app keeps its connections for a
    minute, CONN_MAX_AGE, so few end during a run)."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def measure(
    port: int,
    data: dict[str, Any],
    args: argparse.Namespace,
    think: tuple[float, float] | None,
    cpu: Callable[[], dict[int, float]] | None = None,
) -> list[Outcome]:
    """The work queue, a patient page and the coding API (those in ``--only``), one after the other."""
    cookies: list[str] = data["cookies"]
    patients: list[int] = data["patients"]
    bodies: list[bytes] = data["code_bodies"]
    pages: list[dict[str, str]] = [{"Cookie": cookie, "Host": "127.0.0.1"} for cookie in cookies]
    api_headers = {"Authorization": f"Bearer {data['token']}", "Content-Type": "application/json", "Host": "127.0.0.1"}
    seconds = args.seconds if think is None else args.duration
    targets: dict[str, Callable[[], Outcome]] = {
        "queue": lambda: hammer(
            port,
            "work queue /queue/",
            lambda i, r: ("GET", "/queue/", None, pages[i]),
            args.clients,
            seconds,
            think=think,
            cpu=cpu,
        ),
        "patient": lambda: hammer(
            port,
            "patient page /clinic/patients/<id>/",
            lambda i, r: ("GET", f"/clinic/patients/{patients[r % len(patients)]}/", None, pages[i]),
            args.clients,
            seconds,
            think=think,
            cpu=cpu,
        ),
        "api": lambda: hammer(
            port,
            "POST /api/v1/code (1 session)",
            lambda i, r: ("POST", "/api/v1/code", bodies[r % len(bodies)], api_headers),
            args.clients,
            seconds,
            think=think,
            cpu=cpu,
        ),
    }
    return [run() for name, run in targets.items() if name in args.only]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="server processes (1: waitress)")
    parser.add_argument("--threads", type=int, default=4, help="threads per server process (2x4 beat 2x8 on 2 cores)")
    parser.add_argument("--seconds", type=float, default=15.0, help="saturation: seconds per target")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.0), help="realistic: pause range, seconds")
    parser.add_argument("--duration", type=float, default=20.0, help="realistic: seconds per target")
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="coolclaim_bench")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("queue", "patient", "api"),
        default=("queue", "patient", "api"),
        help="the targets to measure (default: all three)",
    )
    parser.add_argument(
        "--url-query", default="", help="appended to the app's DATABASE_URL, e.g. 'prepare_threshold=none'"
    )
    args = parser.parse_args()

    prepare_environment(args.server_url, args.database)
    if args.url_query:
        os.environ["DATABASE_URL"] += f"?{args.url_query}"
    began = time.perf_counter()
    print(f"loading {args.sessions:,} sessions into {args.database} (kept between runs)", flush=True)
    data = load(args.sessions, args.clients)
    print(f"database ready: {data['sessions']:,} sessions in {time.perf_counter() - began:.1f} s", flush=True)

    from django.db import connection, connections

    with connection.cursor() as cursor:  # planner statistics after the bulk load (autovacuum may lag)
        cursor.execute("ANALYZE")
    connections.close_all()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:

        def cpu() -> dict[int, float]:
            return server_cpu(server.pid, args.server_url, args.database)

        saturation = measure(port, data, args, None, cpu)
        realistic = measure(port, data, args, (args.think[0], args.think[1]), cpu)
    finally:
        server.terminate()
        server.wait(timeout=15)
    served = (
        f"gunicorn {args.workers} processes x {args.threads} threads"
        if args.workers > 1
        else f"waitress 1 process x {args.threads} threads"
    )
    print()
    print(
        f"{data['sessions']:,} sessions in PostgreSQL; {served}; "
        f"{args.clients} concurrent clients on loopback; {os.cpu_count()} CPUs"
    )
    print("saturation (closed loop, no pause between requests):")
    for outcome in saturation:
        print("  " + outcome.line())
    print(
        f"realistic (each client pauses {args.think[0]:g}-{args.think[1]:g} s between requests, {args.duration:g} s):"
    )
    for outcome in realistic:
        print("  " + outcome.line())
    print("goals: pages p95 < 100 ms (realistic); saturation: work queue >= 100 req/s, POST /api/v1/code >= 300 req/s")
    print(
        json.dumps(
            {
                f"{kind} {o.label}": len(o.latencies)
                for kind, runs in (("saturation", saturation), ("realistic", realistic))
                for o in runs
            }
        )
    )


if __name__ == "__main__":
    main()
