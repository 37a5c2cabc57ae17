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


@pytest.mark.parametrize(
    "line",
    [
        b'{"patient_id":"P1","course_id":"C1"}',
        b'{"patient_id" : " P1 ", "course_id":\t"C 1"}',
        b'{"patient_id":"P\\u0031","course_id":"C1"}',  # an escape: parsed in full
        b'{"payer":{"patient_id":"X"},"patient_id":"P1","course_id":"C1"}',  # the key twice
        b'{"patient\\u005fid":"P1","payer":{"patient_id":"X"},"course_id":"C1"}',  # an escaped key
        b'{"patient_id":1,"course_id":"C1"}',
        b'{"course_id":"C1"}',
        b'["patient_id","course_id"]',
        b'{"regimen":"\\"patient_id\\":\\"Z\\"","patient_id":"P1","course_id":"C1"}',
        b'{"patient_id":"P\xc3\xa9","course_id":"C1"}',
        b"{broken",
        b'{"patient_id":"P1',  # no closing quote
        b'{"patient_id":"P1","note":"patient_id"}',  # the key's spelling as a value: parsed in full
        b'{"patient_id":\n"P2"}',
    ],
)
def test_quick_course_look_up_agrees_with_parsing(line: bytes) -> None:
    from coolclaim.io.parallel_coding import _patient_parsed, patient_of

    assert patient_of(line) == _patient_parsed(line)


def test_all_lines_not_json_is_unreadable_in_parallel_too(tmp_path: Path) -> None:
    from coolclaim.io.session_files import UnreadableInput

    source = tmp_path / "in.jsonl"
    source.write_bytes(b"not json\n\nnor this\n")
    with pytest.raises(UnreadableInput, match=r"not JSON Lines \(line 1: "):
        code_file(engine(), str(source), str(tmp_path / "out.jsonl"), workers=1)
    with pytest.raises(UnreadableInput, match=r"not JSON Lines \(line 1: "):
        code_file(engine(), str(source), str(tmp_path / "out.jsonl"), workers=2)


def test_line_numbers_count_blank_lines_in_parallel_too(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    first, second = _batch(4, 20)[:2]
    source.write_bytes(b"\n".join([first, b"", b"{broken", second]) + b"\n")
    single, parallel = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    code_file(engine(), str(source), str(single), workers=1)
    code_file(engine(), str(source), str(parallel), workers=2)
    assert single.read_bytes() == parallel.read_bytes()
    assert b'"(line 3)"' in parallel.read_bytes()


def test_parallel_to_standard_output_equals_the_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(_batch(5, 60)) + b"\n")
    single = tmp_path / "one.jsonl"
    code_file(engine(), str(source), str(single), workers=1)
    capsysbinary.readouterr()
    code_file(engine(), str(source), None, workers=2)
    assert capsysbinary.readouterr().out == single.read_bytes()


def test_parallel_output_replaces_a_longer_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(_batch(6, 40)) + b"\n")
    single, parallel = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    code_file(engine(), str(source), str(single), workers=1)
    parallel.write_bytes(b"x" * (3 * len(single.read_bytes())))
    code_file(engine(), str(source), str(parallel), workers=3)
    assert parallel.read_bytes() == single.read_bytes()


def test_a_failing_worker_fails_the_batch_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coolclaim.coding.engine import CodingEngine
    from coolclaim.io.parallel_coding import WorkerFailed

    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(_batch(7, 30)) + b"\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("planted failure")

    monkeypatch.setattr(CodingEngine, "code_parsed", broken)
    with pytest.raises(WorkerFailed, match=r"(?s)coding worker \d failed:.*ValueError: planted failure"):
        code_file(engine(), str(source), str(tmp_path / "out.jsonl"), workers=2)
