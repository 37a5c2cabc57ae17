"""Coding engine benchmark (not a test): prints sessions per second and the ratio to bare JSON.

Usage: .venv/bin/python bench/coding.py [--sessions 1000000] [--workdir bench/out]

Makes N synthetic sessions in courses of 6-16 sessions (seeded, so every run codes the same
file), codes them through the command line's path (`code_file`: read, parse, validate, code,
write JSON Lines) and compares with the bare cost of an orjson load and dump of the same file.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from coolclaim import bootstrap
from coolclaim.io.batch_coding import code_file
from coolclaim.io.parallel_coding import worker_count

STATES = [
    ("PA", "America/New_York"),
    ("OH", "America/New_York"),
    ("GA", "America/New_York"),
    ("TX", "America/Chicago"),
    ("CA", "America/Los_Angeles"),
    ("NY", "America/New_York"),
]
PAYERS = [
    {"type": "medicare"},
    {"type": "commercial", "name": "Synthetic Health Plan", "funding": "fully_insured", "group_size": "large"},
    {"type": "medicare_advantage", "name": "Synthetic MA"},
    {"type": "medicaid"},
    {"type": "self_pay"},
]
DIAGNOSES = [
    ["C50.912", "Z51.11"],
    ["C50.411", "Z51.11"],
    ["C56.9", "Z51.11"],
    ["C34.90", "Z51.11"],
    ["C18.9", "Z51.11"],
    ["C92.00", "Z51.11"],
]


def synthetic_sessions(count: int, seed: int = 20260101) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    patient = 0
    while len(out) < count:
        patient += 1
        state, zone = rng.choice(STATES)
        tz = ZoneInfo(zone)
        payer = rng.choice(PAYERS)
        diagnoses = rng.choice(DIAGNOSES)
        setting = rng.choice(["office", "hospital_outpatient"])
        first = datetime(2025, 6, 2, 8, 0, tzinfo=UTC) + timedelta(days=rng.randrange(0, 500))
        for number in range(rng.randint(6, 16)):
            if len(out) >= count:
                break
            start = (first + timedelta(days=7 * number, minutes=rng.randrange(0, 240))).astimezone(tz)
            pre, infusion, post = 30, rng.randrange(30, 240), rng.choice([20, 45, 90, 104, 120, 150])
            out.append(
                {
                    "session_id": f"B-{patient}-{number}",
                    "patient_id": f"BP-{patient}",
                    "course_id": f"BC-{patient}",
                    "facility_state": state,
                    "facility_timezone": zone,
                    "setting": setting,
                    "patient_birth_date": "1968-04-11",
                    "payer": payer,
                    "diagnoses": diagnoses,
                    "chemo_admin": [{"code": "96413", "units": 1}]
                    + ([{"code": "96415", "units": 2}] if infusion > 120 else []),
                    "regimen": rng.choice(["TC", "weekly paclitaxel", "AC", "FEC"]),
                    "cap_fitting": number == 0,
                    "cooling_start": start.isoformat(),
                    "infusion_start": (start + timedelta(minutes=pre)).isoformat(),
                    "infusion_end": (start + timedelta(minutes=pre + infusion)).isoformat(),
                    "cooling_end": (start + timedelta(minutes=pre + infusion + post)).isoformat(),
                    "device": {"model": "Paxman PSCS", "serial": f"SYN-{patient % 50}", "cap_lot": "SYN-LOT"},
                    "documentation": {
                        "order_verified": True,
                        "contraindications_screened": rng.random() > 0.02,
                        "tolerance_monitored": True,
                        "scalp_assessed": True,
                    },
                    "em_visit": {"code": "99214", "separately_identifiable": True} if number == 0 else None,
                }
            )
    rng.shuffle(out)  # courses arrive in any order, as the contract allows
    return out


def bare_json(source: Path, target: Path) -> None:
    records = [orjson.loads(line) for line in source.read_bytes().splitlines() if line.strip()]
    target.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


CPU: dict[str, float] = {}


def timed(label: str, fn: Any, *args: Any) -> float:
    gc.collect()
    cpu = _cpu()
    start = time.perf_counter()
    fn(*args)
    elapsed = time.perf_counter() - start
    CPU[label] = _cpu() - cpu
    print(f"{label:<44} {elapsed:8.2f} s wall, {CPU[label]:8.2f} s CPU")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.workdir / f"sessions-{args.sessions}.jsonl"
    if not source.exists():
        print(f"making {args.sessions:,} synthetic sessions in {source}")
        source.write_bytes(b"\n".join(orjson.dumps(r) for r in synthetic_sessions(args.sessions)) + b"\n")
    size_mb = source.stat().st_size / 1e6

    engine = bootstrap.engine()
    bare = timed("bare orjson load + dump", bare_json, source, args.workdir / "bare.jsonl")
    gc.disable()
    bare_paused = timed("bare orjson load + dump, gc paused", bare_json, source, args.workdir / "bare.jsonl")
    gc.enable()
    coded = timed(
        "coolclaim code (same path as the CLI)", code_file, engine, str(source), str(args.workdir / "coded.jsonl")
    )
    print(f"input: {args.sessions:,} sessions, {size_mb:,.0f} MB")
    print(f"sessions per second: {args.sessions / coded:,.0f}")
    print(f"bare JSON sessions per second: {args.sessions / bare:,.0f}")
    print(f"ratio coding / bare JSON: {coded / bare:.2f} (goal <= 3)")
    print(f"ratio coding / bare JSON with gc paused: {coded / bare_paused:.2f} (the stricter baseline)")
    print(f"cores used: {worker_count()}")
    cpu_coded = CPU["coolclaim code (same path as the CLI)"]
    cpu_bare = CPU["bare orjson load + dump, gc paused"]
    print(
        f"CPU seconds coding / bare JSON with gc paused: {cpu_coded / cpu_bare:.2f} "
        f"(over {worker_count()} cores: {cpu_coded / cpu_bare / worker_count():.2f}; "
        "less sensitive than wall time to other work on the machine)"
    )


if __name__ == "__main__":
    main()
