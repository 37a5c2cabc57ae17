"""The parallel path codes a batch exactly as one process does (duplicates included)."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

from coolclaim.io.batch_coding import code_file
from coolclaim.io.parallel_coding import worker_count
from tests.core.coding.test_properties import _random_session
from tests.core.factories import engine
from tests.requirements import requirement

pytestmark = requirement(worker_count() >= 1, "no fork start method on this platform")


def _batch(seed: int, size: int) -> list[bytes]:
    rng = random.Random(seed)
    records = [_random_session(rng, i, course=f"C{i % 7}") for i in range(size)]
    for i in range(0, size, 9):  # patients differ per course
        records[i]["patient_id"] = f"P{i % 7}"
    lines = [orjson.dumps(r) for r in records]
    # duplicates: the same session re-sent, and a session id reused in another course
    lines.append(lines[3])
    lines.append(orjson.dumps({**records[5], "course_id": "C-other"}))
    lines.insert(10, b"{broken json")
    lines.insert(12, orjson.dumps({"session_id": "x"}))
    return lines


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parallel_equals_single_process(tmp_path: Path, seed: int) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(_batch(seed, 120)) + b"\n")
    single, parallel = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    first = code_file(engine(), str(source), str(single), workers=1)
    second = code_file(engine(), str(source), str(parallel), workers=2)
    assert single.read_bytes() == parallel.read_bytes()
    assert first == second
    results = [orjson.loads(line) for line in parallel.read_bytes().splitlines()]
    assert sum("DUPLICATE_SESSION" in [e["code"] for e in r["edits"]] for r in results) == 2
    assert first.rejected == 2
