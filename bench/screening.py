"""Screening benchmark (not a test): applications per second through the `coolclaim screen` path.

Usage: .venv/bin/python bench/screening.py [--applications 200000] [--workdir bench/out]

Makes N synthetic applications (seeded, so every run screens the same file), screens them the
way the command line does (`screen_bytes`: split JSON Lines, parse and validate, screen both
programs, write JSON Lines) and compares with the bare cost of an orjson load and dump of the
same file. Prints the figures.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from coolclaim.assistance import ScreeningReference
from coolclaim.assistance.application import INSURANCE, PA_STATUSES
from coolclaim.io.screening_files import ScreeningSummary, screen_bytes
from coolclaim.refdata.builders import assistance_programs, poverty_guidelines

STATES = ["OH", "PA", "TX", "CA", "NY", "AK", "HI", "PR", "DC", "GA"]


def synthetic_applications(count: int, seed: int = 20260504) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    first = date(2022, 2, 1)
    span = (date(2026, 12, 31) - first).days
    out = []
    for _ in range(count):
        size = rng.randint(1, 9)
        out.append(
            {
                "application_date": (first + timedelta(days=rng.randrange(span))).isoformat(),
                "state": rng.choice(STATES),
                "us_physical_address": rng.random() > 0.02,
                "household_size": size,
                "household_income": f"{rng.randrange(0, 40_000_000) / 100:.2f}",
                "product_cost": rng.choice(["2400", "2400.00", "1800", 350, 2400.0]),
                "insurance": rng.choice(INSURANCE),
                "pa_status": rng.choice([None, *PA_STATUSES]),
                "on_label_diagnosis": rng.random() > 0.05,
                "prescription": rng.random() > 0.02,
                "facility_contracted": rng.random() > 0.1,
            }
        )
    return out


def bare_json(data: bytes) -> bytes:
    records = [orjson.loads(line) for line in data.splitlines() if line.strip()]
    return b"\n".join(orjson.dumps(r) for r in records) + b"\n"


def timed(label: str, fn: Any, *args: Any) -> tuple[float, float]:
    """Wall-clock and CPU seconds of fn(*args) (CPU time shows the cost when the machine is shared)."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<48} {elapsed:8.2f} s wall {used:8.2f} s CPU")
    return elapsed, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.workdir / f"applications-{args.applications}.jsonl"
    if not source.exists():
        print(f"making {args.applications:,} synthetic applications in {source}")
        source.write_bytes(b"\n".join(orjson.dumps(r) for r in synthetic_applications(args.applications)) + b"\n")
    data = source.read_bytes()
    reference = ScreeningReference.of(poverty_guidelines.load(), assistance_programs.load())

    bare, bare_cpu = timed("bare orjson load + dump", bare_json, data)
    sink = io.BytesIO()
    summaries: list[ScreeningSummary] = []

    def cli_path(data: bytes) -> None:
        summaries.append(screen_bytes(data, reference, sink))

    screened, screened_cpu = timed("coolclaim screen path (parse, screen, write)", cli_path, data)
    summary = summaries[0]
    print(f"input: {args.applications:,} applications, {len(data) / 1e6:,.1f} MB; output {sink.tell() / 1e6:,.1f} MB")
    print(f"eligible for a program: {summary.eligible:,}; invalid: {summary.invalid:,}")
    n = args.applications
    print(f"screenings per second: {n / screened:,.0f} wall, {n / screened_cpu:,.0f} CPU")
    print(f"bare JSON records per second: {n / bare:,.0f} wall, {n / bare_cpu:,.0f} CPU")
    print(f"ratio screening / bare JSON: {screened / bare:.1f} wall, {screened_cpu / bare_cpu:.1f} CPU")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
