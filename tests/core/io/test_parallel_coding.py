"""The parallel path codes a batch exactly as one process does (duplicates included)."""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_LOOK_UP_LINES = [
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
]


@pytest.mark.parametrize("line", _LOOK_UP_LINES)
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


def _single_and_parallel(tmp_path: Path, payload: bytes, workers: int = 2) -> tuple[bytes, bytes]:
    source = tmp_path / "in.jsonl"
    source.write_bytes(payload)
    single, parallel = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    code_file(engine(), str(source), str(single), workers=1)
    code_file(engine(), str(source), str(parallel), workers=workers)
    return single.read_bytes(), parallel.read_bytes()


def test_small_chunks_of_whole_patients_code_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coolclaim.io.parallel_coding as parallel_coding

    monkeypatch.setattr(parallel_coding, "CHUNK_SESSIONS", 3)  # many chunks, a course across none
    single, parallel = _single_and_parallel(tmp_path, b"\n".join(_batch(8, 90)) + b"\n")
    assert single == parallel


def test_a_patient_is_never_split_between_chunks() -> None:
    from coolclaim.io.parallel_coding import _shares

    keys = ["A", "B", "A", None, "C", "B", "A", "C", None, "B"]
    for share in _shares(keys, 2):
        begin = 0
        seen: dict[str | None, int] = {}
        for chunk, end in enumerate(share.chunk_ends):
            for index in share.indexes[begin:end]:
                key = keys[index]
                assert key is None or seen.setdefault(key, chunk) == chunk
            begin = end
        assert begin == len(share.indexes)
    every = sorted(i for share in _shares(keys, 2) for i in share.indexes)
    assert every == list(range(len(keys)))


def test_byte_order_mark_and_line_ends_are_read_as_one_process_reads_them(tmp_path: Path) -> None:
    lines = _batch(9, 30)
    payload = b"\xef\xbb\xbf" + lines[0] + b"\r\n" + b"\r\n".join(lines[1:10]) + b"\r" + b"\n  \n".join(lines[10:])
    single, parallel = _single_and_parallel(tmp_path, payload)
    assert single == parallel
    assert b'"(line 1)"' not in parallel  # the first line, behind the mark, is a session


def test_a_nul_escape_is_refused_for_the_whole_file_in_parallel_too(tmp_path: Path) -> None:
    from coolclaim.io.session_files import UnreadableInput

    lines = _batch(10, 20)
    lines[4] = orjson.dumps({**orjson.loads(lines[4]), "regimen": "AC\u0000"})
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    for workers in (1, 2):
        with pytest.raises(UnreadableInput, match="NUL"):
            code_file(engine(), str(source), str(tmp_path / "out.jsonl"), workers=workers)


def test_a_file_that_cannot_be_mapped_is_written_with_positioned_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mmap

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("mapping refused")

    monkeypatch.setattr(mmap, "mmap", refuse)
    single, parallel = _single_and_parallel(tmp_path, b"\n".join(_batch(11, 50)) + b"\n", workers=3)
    assert single == parallel


def test_the_look_up_in_the_whole_buffer_stays_on_its_line() -> None:
    from coolclaim.io.parallel_coding import _patient_parsed, jsonl_lines, patient_in

    lines = [line for line in _LOOK_UP_LINES if b"\n" not in line]
    for ordered in (lines, lines[::-1], [b'{"course_id":"C1"}', b'{"patient_id":"P9"}']):
        data = b"\n".join(ordered)
        found = jsonl_lines(data)
        assert [found.line(i) for i in range(len(found))] == ordered
        for index, line in enumerate(ordered):
            start, end = found.starts[index], found.ends[index]
            assert patient_in(data, start, end, b"\\" in data) == _patient_parsed(line)


_PIECES = [b"{}", b"{", b" ", b"\t", b"\n", b"\r", b"\r\n", b"x", b"\x0b", b"\x0c"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_lines_are_split_and_numbered_as_splitlines_does(pieces: list[bytes]) -> None:
    from coolclaim.io.parallel_coding import jsonl_lines

    data = b"".join(pieces)
    found = jsonl_lines(data)
    expected = [(n, line) for n, line in enumerate(data.splitlines(), start=1) if line and not line.isspace()]
    assert [(found.numbers[i], found.line(i)) for i in range(len(found))] == expected


@given(st.lists(st.one_of(st.none(), st.sampled_from("ABCDEFGHIJ")), max_size=80), st.integers(1, 4))
def test_shares_hold_every_line_once_whole_patients_and_even_sizes(keys: list[str | None], count: int) -> None:
    from coolclaim.io.parallel_coding import _shares

    shares = _shares(keys, count)
    assert sorted(i for share in shares for i in share.indexes) == list(range(len(keys)))
    owner = {keys[i]: number for number, share in enumerate(shares) for i in share.indexes if keys[i] is not None}
    for number, share in enumerate(shares):
        assert all(owner[keys[i]] == number for i in share.indexes if keys[i] is not None)
    largest = max((keys.count(k) for k in set(keys) if k is not None), default=1)
    sizes = [len(share.indexes) for share in shares]
    assert max(sizes) - min(sizes) <= max(largest, 1)
