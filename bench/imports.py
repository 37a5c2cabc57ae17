"""Import benchmark (not a test): sessions per second through the import pipeline, beside the
coding engine's own rate on the same records, in one run.

Usage:
    .venv/bin/python bench/imports.py [--sessions 20000] [--file 10000] [--chunk 2000]
        [--database postgresql|sqlite] [--server-url postgresql://postgres@127.0.0.1:5432]
        [--name coolclaim_bench_imports] [--commit-every-chunk]

1. Makes a fresh database (PostgreSQL: drops and creates ``--name``; SQLite: a new file in a
   temporary folder) and migrates it; two bench facilities (PA office, GA hospital outpatient).
2. Makes ``--sessions`` synthetic sessions (``bench/web.py``'s generator: courses of 6-16
   weekly sessions, seeded) and codes them with the coding engine alone (parse, validate, code;
   no database): the engine's own rate.
3. Imports them as JSON Lines files of ``--file`` records through the import pipeline, the path
   of the import page, ``coolclaim import sessions`` and the background worker — staging,
   planning, comparison with stored rows, patients, courses, coverages, sessions, coding, claims
   with lines and edits, the audit entries and the batch: the **new** rate.
4. Imports the same files again (every record unchanged, skipped): the **re-send** rate.
5. Imports them once more with one session in ten changed (a new claim version each): the
   **correction** rate.

Figures are wall-clock, one process, on this machine, and per CPU second (this process plus its
PostgreSQL backend: the figure that does not move when other work shares the machine); the goal
is >= 2,000 sessions/s for new sessions on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import FACILITIES, synthetic_records


def prepare(database: str, server_url: str, name: str) -> str:
    os.environ.setdefault("COOLCLAIM_HOME", tempfile.mkdtemp(prefix="coolclaim-bench-home-"))
    os.environ.setdefault("COOLCLAIM_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coolclaim.web.settings"
    if database == "postgresql":
        import psycopg

        with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{server_url.rstrip('/')}/{name}"
    else:
        folder = Path(tempfile.mkdtemp(prefix="coolclaim-bench-sqlite-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return url


def facilities() -> list[Any]:
    from coolclaim.web.accounts.models import Facility, Hub
    from coolclaim.web.demo import npi_with_check_digit

    hub, _ = Hub.objects.get_or_create(slug="bench-hub", defaults={"name": "Bench Hub — synthetic data"})
    out = []
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
        out.append(facility)
    return out


def files(total: int, size: int) -> list[tuple[int, str, list[dict[str, Any]]]]:
    """(facility index, file name, records): ``total`` sessions split over the facilities."""
    out = []
    per_facility = total // len(FACILITIES)
    for index, (key, state, zone, setting) in enumerate(FACILITIES):
        done = 0
        while done < per_facility:
            count = min(size, per_facility - done)
            out.append((index, f"bench-{key}-{done}.jsonl", synthetic_records(key, state, zone, setting, done, count)))
            done += count
    return out


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 on SQLite: in-process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cursor.fetchone()[0]  # type: ignore[attr-defined]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu() -> float:
    """CPU seconds of this process and its database backend."""
    return time.process_time() + server_cpu()


def engine_rate(records: list[dict[str, Any]]) -> tuple[float, float]:
    """(sessions per wall-clock second, per CPU second) of the provider's engine alone."""
    from coolclaim import bootstrap

    engine = bootstrap.engine()
    engine.code_batch(records[:200])  # warm caches
    began, began_cpu = time.perf_counter(), time.process_time()
    engine.code_batch(records)
    return len(records) / (time.perf_counter() - began), len(records) / (time.process_time() - began_cpu)


def run_imports(
    label: str, batches: list[tuple[int, str, list[dict[str, Any]]]], places: list[Any], chunk: int, per_chunk: bool
) -> dict[str, int]:
    import orjson

    from coolclaim.web.imports.services.import_sessions import import_sessions

    totals = {"records": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "claims": 0, "versions": 0}
    files = [(index, name, b"".join(orjson.dumps(r) + b"\n" for r in records)) for index, name, records in batches]
    began, began_cpu = time.perf_counter(), cpu()
    for index, name, data in files:
        result = import_sessions(data, name, places[index], None, commit_every_chunk=per_chunk)
        batch = result.batch
        totals["records"] += batch.records
        totals["created"] += batch.created
        totals["updated"] += batch.updated
        totals["unchanged"] += batch.unchanged
        totals["rejected"] += batch.rejected
        totals["claims"] += batch.new_claims
        totals["versions"] += batch.new_versions
    took, took_cpu = time.perf_counter() - began, cpu() - began_cpu
    print(
        f"  {label:<11} {totals['records']:>7,} records in {took:6.1f} s = {totals['records'] / took:7,.0f} sessions/s "
        f"({totals['records'] / took_cpu:7,.0f} per CPU second, app + database) "
        f"(new {totals['created']:,}, changed {totals['updated']:,}, unchanged {totals['unchanged']:,}, "
        f"rejected {totals['rejected']:,}; {totals['claims']:,} claims, {totals['versions']:,} versions)",
        flush=True,
    )
    return totals


def changed(batches: list[tuple[int, str, list[dict[str, Any]]]]) -> list[tuple[int, str, list[dict[str, Any]]]]:
    """One session in ten with a diagnosis corrected."""
    out = []
    for index, name, records in batches:
        edited = [{**r, "diagnoses": ["C50.919", "Z51.11"]} if n % 10 == 0 else r for n, r in enumerate(records)]
        out.append((index, name.replace(".jsonl", "-corrected.jsonl"), edited))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--file", type=int, default=10_000, help="records per imported file")
    parser.add_argument("--chunk", type=int, default=2_000, help="records per pipeline chunk")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--name", default="coolclaim_bench_imports")
    parser.add_argument(
        "--commit-every-chunk", action="store_true", help="commit after every chunk (not one transaction per file)"
    )
    args = parser.parse_args()
    url = prepare(args.database, args.server_url, args.name)
    places = facilities()
    batches = files(args.sessions, args.file)
    every = [r for _, _, records in batches for r in records]
    print(f"{len(every):,} synthetic sessions; database {url.split('@')[-1]}", flush=True)
    rate, rate_cpu = engine_rate(every)
    print(
        f"  engine      {len(every):>7,} records:          {rate:7,.0f} sessions/s "
        f"({rate_cpu:7,.0f} per CPU second; the coding engine alone, no database)",
        flush=True,
    )
    new = run_imports("new", batches, places, args.chunk, args.commit_every_chunk)
    run_imports("re-sent", batches, places, args.chunk, args.commit_every_chunk)
    run_imports("corrected", changed(batches), places, args.chunk, args.commit_every_chunk)
    if new["created"] != len(every):
        raise SystemExit(f"expected {len(every)} new sessions, got {new['created']}")


if __name__ == "__main__":
    main()
