"""Documents benchmark (not a test): prints documents per second, stage by stage.

Usage: .venv/bin/python bench/documents.py [--rounds 3] [--workers 0]

Drafts the eight documents of the fixed synthetic case (the seven kinds and the blank
enrollment form) `--rounds` times through the app's path: facts -> draft -> HTML -> PDF bytes.
Prints documents per second by wall clock and by this process's CPU time (the machine is
shared: the load average is printed with the figures), and with `--workers N` (0 = one per
core) the wall-clock rate of N warm processes rendering side by side. A process's first PDF
builds the lean fonts (documents/fonts.py); its cost is printed apart as the start-up.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from coolclaim.documents import CaseFacts, DocumentKind, Draft, draft, render_html, render_pdf
from coolclaim.documents.sample_case import ISSUED_ON, synthetic_case


def drafts() -> list[Draft]:
    facts = synthetic_case()
    out = [draft(kind, facts, issued_on=ISSUED_ON) for kind in DocumentKind]
    out.append(draft(DocumentKind.ENROLLMENT_FORM, CaseFacts(), issued_on=ISSUED_ON))
    return out


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def whole_flow(rounds: int) -> int:
    """facts -> draft -> PDF for every document, `rounds` times; returns the documents made."""
    made = 0
    for _ in range(rounds):
        for d in drafts():
            render_pdf(d)
            made += 1
    return made


def warm_up() -> None:
    """A worker's start: imports, templates, reference data, the lean fonts (once per process)."""
    render_pdf(drafts()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="processes for the parallel figure (0 = one per core)")
    args = parser.parse_args()
    workers = args.workers or os.cpu_count() or 1
    per_round = len(drafts())
    started_cpu = time.process_time()
    warm_up()
    print(f"{'start-up (first PDF of a process)':<34} {time.process_time() - started_cpu:9.2f} s cpu")

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared)")
    count = per_round * args.rounds
    wall, cpu = timed(lambda: [drafts() for _ in range(args.rounds)])
    print(f"{'draft (facts -> Draft)':<34} {count / wall:9.1f} docs/s wall {count / cpu:9.1f} docs/s cpu")
    prepared = drafts()
    wall, cpu = timed(lambda: [render_html(d) for _ in range(args.rounds) for d in prepared])
    print(f"{'HTML (Draft -> HTML)':<34} {count / wall:9.1f} docs/s wall {count / cpu:9.1f} docs/s cpu")
    wall, cpu = timed(lambda: whole_flow(args.rounds))
    print(f"{'whole flow (facts -> PDF bytes)':<34} {count / wall:9.1f} docs/s wall {count / cpu:9.1f} docs/s cpu")
    with ProcessPoolExecutor(max_workers=workers, initializer=warm_up) as pool:
        list(pool.map(time.sleep, [0.2] * workers))  # every worker started and warm
        started = time.perf_counter()
        made = sum(pool.map(whole_flow, [args.rounds] * workers))
        elapsed = time.perf_counter() - started
    print(f"{f'whole flow, {workers} warm processes':<34} {made / elapsed:9.1f} docs/s wall")
    print("goal: >= 20 documents/s")


if __name__ == "__main__":
    main()
