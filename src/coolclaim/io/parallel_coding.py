"""Codes a large JSON Lines batch on every core, with the same results as one process.

The parent finds the lines of the file (their spans in the one buffer read) and gives each
worker process a share of whole patients (all of a patient's courses together), found by a
quick look for the patient key and a full parse only where that look is not sure. The workers
are forked after that, so they share the buffer and the loaded engine without copying them
through a pipe; they read the lines through a view of the buffer, so its pages stay shared
(touching a `bytes` object per line would copy every page into both workers).

Each worker codes its share a chunk of whole patients at a time (parse, code, encode, then let
go of the parsed sessions), so the memory of one chunk is reused by the next instead of the
process growing by a gigabyte of page faults. It answers with a few bytes a session: the
length and status of each encoded line and its session id. The parent then knows where every
line goes in the output, in input order, and sends each worker the offsets of its lines; the
workers write the output file side by side (`pwritev`). The encoded sessions never cross a
pipe and the parent writes almost nothing. Where the output is not a regular file (standard
output, a pipe), the workers send their lines and the parent writes them in order.

Duplicated session ids are judged across the whole batch: the few patients they touch are
coded again in the parent exactly as the single-process path would, before anything is written.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import multiprocessing
import os
import re
import stat
import sys
import threading
import traceback
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from multiprocessing.connection import Connection
from typing import Any

import orjson

from coolclaim.coding.contract_json import encode
from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.session import FieldError, Session
from coolclaim.io.session_files import BadLine, UnreadableInput

#: Lines (each with its newline) in one `pwritev` call; within IOV_MAX.
_BUFFERS_PER_WRITE = 512
#: About this many sessions (whole patients) are coded at a time in a worker: few enough that a
#: chunk's parsed sessions are still in the CPU's cache when they are coded and encoded.
CHUNK_SESSIONS = 250


@dataclass(frozen=True, slots=True)
class JsonLines:
    """The non-blank lines of a JSON Lines file as spans of its buffer (no copy per line)."""

    data: bytes
    starts: array[int]
    ends: array[int]
    numbers: array[int]  # the 1-based line number in the file of each line

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, index: int) -> bytes:
        return self.data[self.starts[index] : self.ends[index]]


@dataclass(frozen=True, slots=True)
class _Share:
    """One worker's lines: indexes into the file's lines, a patient's lines together, and where
    each chunk of whole patients ends in `indexes`."""

    indexes: array[int]
    chunk_ends: array[int]


@dataclass(frozen=True, slots=True)
class _Work:
    """What the forked workers read: set in the parent just before the fork."""

    engine: CodingEngine
    lines: JsonLines
    shares: list[_Share]


_WORK: _Work | None = None
_FORKING = threading.Lock()


class WorkerFailed(RuntimeError):
    """A worker process failed or went away; the message holds what it reported."""


def worker_count() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def jsonl_lines(data: bytes) -> JsonLines:
    """The non-blank lines of a JSON Lines file (split as `bytes.splitlines` splits: at LF,
    CR LF and CR) with their 1-based line numbers."""
    if b"\r" in data:
        return _lines_with_carriage_returns(data)
    starts, ends, numbers = array("q"), array("q"), array("q")
    find, size = data.find, len(data)
    position = number = 0
    while position < size:
        end = find(b"\n", position)
        if end < 0:
            end = size
        number += 1
        # A line that opens with "{" is not blank; any other is tested as strip() would.
        if end > position and (data[position] == 123 or not data[position:end].isspace()):
            starts.append(position)
            ends.append(end)
            numbers.append(number)
        position = end + 1
    return JsonLines(data, starts, ends, numbers)


def _lines_with_carriage_returns(data: bytes) -> JsonLines:
    starts, ends, numbers = array("q"), array("q"), array("q")
    position = 0
    for number, piece in enumerate(data.splitlines(keepends=True), start=1):
        size = len(piece)
        content = size - (2 if piece.endswith(b"\r\n") else 1 if piece[-1:] in (b"\n", b"\r") else 0)
        if content and not piece[:content].isspace():  # isspace: the same test as strip()
            starts.append(position)
            ends.append(position + content)
            numbers.append(number)
        position += size
    return JsonLines(data, starts, ends, numbers)


_KEY = b'"patient_id"'
_PATIENT_VALUE = re.compile(rb'[ \t\r\n]*:[ \t\r\n]*"([^"\\]*)"')


def patient_of(line: bytes) -> str | None:
    """The patient_id a JSON Lines line's session has (see `patient_in`)."""
    return patient_in(line, 0, len(line))


def patient_in(data: bytes, start: int, end: int, escapes: bool = True) -> str | None:
    """The patient_id of the session on the line `data[start:end]`, stripped as the engine
    strips it; None when the line has none (a rejected record, whatever its share). `escapes`
    False: the caller knows `data` holds no backslash at all.

    In a line without a backslash every key is spelled literally and a `"patient_id"` followed
    by a colon can only be a key (inside a JSON string its quotes would be escaped). When the
    key occurs once there, with a plain string value, that value is the record's (were the key
    in a nested object, the record would lack its own and be rejected anyway). Anything else (an
    escape, a repeated key, a value that is not a string) is parsed in full.
    """
    if not escapes or data.find(b"\\", start, end) < 0:
        at = data.find(_KEY, start, end)
        if at >= 0 and data.rfind(_KEY, start, end) == at:  # the key once
            value = _value_at(data, at + len(_KEY), end)
            if value is not None:
                try:
                    return value.decode().strip()
                except UnicodeDecodeError:
                    pass
    return _patient_parsed(data[start:end])


def _value_at(data: bytes, after: int, end: int) -> bytes | None:
    """The plain string value that follows a key ending at `after` (on a line ending at `end`):
    `:"…"` written compactly (as most writers do) is read with two look-ups, other spacing with
    the pattern."""
    if data.startswith(b':"', after, end):
        close = data.find(b'"', after + 2, end)
        return data[after + 2 : close] if close >= 0 else None
    found = _PATIENT_VALUE.match(data, after, end)
    return found.group(1) if found is not None else None


def _patient_parsed(line: bytes) -> str | None:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(raw, dict):
        patient = raw.get("patient_id")
        if isinstance(patient, str):
            return patient.strip()
    return None


def _parse_line(
    engine: CodingEngine, number: int, line: bytes | memoryview
) -> tuple[object, Session | list[FieldError]]:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return BadLine(number, str(exc)), [FieldError(f"(line {number})", f"is not valid JSON: {exc}")]
    return raw, engine.parse(raw)


def _shares(keys: Sequence[str | None], count: int) -> list[_Share]:
    """Each patient's lines to one share, kept together in the order the patients first appear,
    each patient to the share with the fewest lines so far (the shares end within one patient's
    lines of each other, so no worker waits long for another); chunks of about CHUNK_SESSIONS
    lines end between patients. A line without a patient is a rejected record: it goes anywhere,
    on its own."""
    patients: dict[object, list[int]] = {}
    for index, key in enumerate(keys):
        patients.setdefault(key if key is not None else ("no patient", index), []).append(index)
    sizes = [0] * count
    indexes = [array("q") for _ in range(count)]
    chunk_ends = [array("q") for _ in range(count)]
    in_chunk = [0] * count
    for members in patients.values():
        share = sizes.index(min(sizes))
        indexes[share].extend(members)
        sizes[share] += len(members)
        in_chunk[share] += len(members)
        if in_chunk[share] >= CHUNK_SESSIONS:
            chunk_ends[share].append(sizes[share])
            in_chunk[share] = 0
    for share in range(count):
        if in_chunk[share]:
            chunk_ends[share].append(sizes[share])
    return [_Share(indexes[share], chunk_ends[share]) for share in range(count)]


# -- the worker process --------------------------------------------------------------------


def _code_share(work: _Work, share: _Share) -> tuple[list[bytes], tuple[Any, ...]]:
    """The encoded lines of a share (each with its newline, in the share's order) and the answer for the parent:
    ("coded", lengths, statuses, session ids (None when rejected), first line not JSON, lines
    not JSON)."""
    engine, lines = work.engine, work.lines
    view, starts, ends, numbers = memoryview(lines.data), lines.starts, lines.ends, lines.numbers
    encoded: list[bytes] = []
    statuses: list[str] = []
    ids: list[str | None] = []
    first_bad: tuple[int, str] | None = None
    bad = 0
    begin = 0
    for chunk_end in share.chunk_ends:
        records: list[object] = []
        parsed: list[Session | list[FieldError]] = []
        for index in share.indexes[begin:chunk_end]:
            raw, item = _parse_line(engine, numbers[index], view[starts[index] : ends[index]])
            if type(raw) is BadLine:
                bad += 1
                if first_bad is None or raw.line < first_bad[0]:
                    first_bad = (raw.line, raw.reason)
            records.append(raw)
            parsed.append(item)
            ids.append(item.session_id if type(item) is Session else None)
        for result in engine.code_parsed(records, parsed, duplicates=()):
            encoded.append(encode(result) + b"\n")  # each line with its newline: one copy to write
            statuses.append(result.status)
        begin = chunk_end
    lengths = array("q", map(len, encoded)).tobytes()
    return encoded, ("coded", lengths, statuses, ids, first_bad, bad)


def _write_at(path: str, encoded: Sequence[bytes], offsets: array[int]) -> None:
    """Write each line and its newline at its offset (-1: the parent writes that line).

    The file (already at its full size) is mapped and the lines copied into it: the workers'
    lines interleave in the file, and a system call per short run would cost more than the
    copy. Where the file cannot be mapped, the runs of lines are written with `pwritev`."""
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            mapped = mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0))
        except (OSError, ValueError):
            _write_runs(fd, encoded, offsets)
            return
        with mapped:
            for line, offset in zip(encoded, offsets, strict=True):
                if offset >= 0:
                    mapped[offset : offset + len(line)] = line
    finally:
        os.close(fd)


def _write_runs(fd: int, encoded: Sequence[bytes], offsets: array[int]) -> None:
    """Write the lines in the file's order, lines that follow each other in one call."""
    run: list[bytes] = []
    start = end = -1
    for position in sorted(range(len(offsets)), key=offsets.__getitem__):
        offset = offsets[position]
        if offset < 0:
            continue
        if offset != end or len(run) >= _BUFFERS_PER_WRITE:
            if run:
                _pwrite_all(fd, run, start)
            run, start = [], offset
        line = encoded[position]
        run.append(line)
        end = offset + len(line)
    if run:
        _pwrite_all(fd, run, start)


def _pwrite_all(fd: int, buffers: list[bytes], offset: int) -> None:
    written = os.pwritev(fd, buffers, offset)
    rest = b"".join(buffers)[written:]
    while rest:  # a short write (rare on a regular file): the rest, plainly
        done = os.pwrite(fd, rest, offset + written)
        written += done
        rest = rest[done:]


def _serve_share(conn: Connection, share: int) -> None:
    """A worker process: code one share, answer, then write or send its lines as told."""
    try:
        work = _WORK
        assert work is not None
        gc.disable()  # many small objects, no cycles worth collecting; the process is short-lived
        encoded, answer = _code_share(work, work.shares[share])
        conn.send(answer)
        order = conn.recv()
        if order[0] == "write":
            _write_at(order[1], encoded, array("q", order[2]))
            conn.send(("written",))
        elif order[0] == "send":
            conn.send(("lines", encoded))
    except Exception:
        with contextlib.suppress(OSError):
            conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


# -- the parent ----------------------------------------------------------------------------


class _Workers:
    """The forked worker processes and the parent's end of their pipes."""

    def __init__(self, work: _Work) -> None:
        global _WORK
        context = multiprocessing.get_context("fork")
        self.conns: list[Connection] = []
        self.processes: list[Any] = []
        with _FORKING:  # the workers copy _WORK when they are forked: one batch at a time
            _WORK = work
            try:
                for share in range(len(work.shares)):
                    mine, theirs = context.Pipe()
                    process = context.Process(target=_serve_share, args=(theirs, share), daemon=True)
                    process.start()
                    theirs.close()
                    self.conns.append(mine)
                    self.processes.append(process)
            finally:
                _WORK = None

    def receive(self, share: int, expected: str) -> tuple[Any, ...]:
        try:
            answer: tuple[Any, ...] = self.conns[share].recv()
        except EOFError:
            raise WorkerFailed(f"coding worker {share + 1} ended without an answer") from None
        if answer[0] == "failed":
            raise WorkerFailed(f"coding worker {share + 1} failed:\n{answer[1]}")
        if answer[0] != expected:
            raise WorkerFailed(f"coding worker {share + 1} answered {answer[0]!r}, not {expected!r}")
        return answer

    def close(self) -> None:
        for conn in self.conns:
            conn.close()  # a worker still waiting for its order reads the end and stops
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()


def code_lines_parallel(
    engine: CodingEngine,
    lines: JsonLines,
    workers: int,
    name: str = "input",
    output: str | None = None,
) -> list[str]:
    """Code the non-empty JSON Lines `lines` on `workers` processes and write the encoded
    results, one a line in input order, to the file `output` (None: standard output); returns
    the statuses in input order.

    Raises `UnreadableInput` when no line is JSON, as the single-process reader does, and then
    writes nothing."""
    count = max(workers, 1)
    data = lines.data
    escapes = b"\\" in data
    keys = [patient_in(data, start, end, escapes) for start, end in zip(lines.starts, lines.ends, strict=True)]
    shares = _shares(keys, count)

    pool = _Workers(_Work(engine, lines, shares))
    try:
        size = len(lines)
        lengths = array("q", bytes(8 * size))
        statuses: list[str] = [""] * size
        ids: list[str | None] = [None] * size
        first_bad: tuple[int, str] | None = None
        bad = 0
        for number, share in enumerate(shares):
            _, share_lengths, share_statuses, share_ids, share_first_bad, share_bad = pool.receive(number, "coded")
            for position, length, status, session_id in zip(
                share.indexes, array("q", share_lengths), share_statuses, share_ids, strict=True
            ):
                lengths[position] = length
                statuses[position] = status
                ids[position] = session_id
            bad += share_bad
            if share_first_bad is not None and (first_bad is None or share_first_bad[0] < first_bad[0]):
                first_bad = share_first_bad
        if size and bad == size and first_bad is not None:
            raise UnreadableInput(f"{name}: not JSON Lines (line {first_bad[0]}: {first_bad[1]})")
        recoded = _recode_duplicates(engine, lines, keys, ids)
        for index, (line, status) in recoded.items():
            lengths[index] = len(line)
            statuses[index] = status
        if output is not None and _regular_file(output):
            _write_by_workers(pool, shares, lengths, recoded, output)
        else:
            _write_by_parent(pool, shares, size, recoded, output)
    finally:
        pool.close()
    return statuses


def _regular_file(path: str) -> bool:
    """True when `path` is (or will be created as) a regular file that can be written at offsets."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


def _write_by_workers(
    pool: _Workers, shares: list[_Share], lengths: array[int], recoded: dict[int, tuple[bytes, str]], output: str
) -> None:
    offsets = array("q", accumulate(lengths, initial=0))
    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        os.ftruncate(fd, offsets[-1])
        for index, (line, _) in recoded.items():
            _pwrite_all(fd, [line], offsets[index])
    finally:
        os.close(fd)
    for number, share in enumerate(shares):
        mine = array("q", [-1 if index in recoded else offsets[index] for index in share.indexes])
        pool.conns[number].send(("write", output, mine.tobytes()))
    for number in range(len(shares)):
        pool.receive(number, "written")


def _write_by_parent(
    pool: _Workers,
    shares: list[_Share],
    size: int,
    recoded: dict[int, tuple[bytes, str]],
    output: str | None,
) -> None:
    encoded: list[bytes] = [b""] * size
    for number in range(len(shares)):
        pool.conns[number].send(("send",))
    for number, share in enumerate(shares):
        _, share_lines = pool.receive(number, "lines")
        for index, line in zip(share.indexes, share_lines, strict=True):
            encoded[index] = line
    for index, (line, _) in recoded.items():
        encoded[index] = line
    payload = b"".join(encoded)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        with open(output, "wb") as handle:
            handle.write(payload)


def _recode_duplicates(
    engine: CodingEngine,
    lines: JsonLines,
    keys: Sequence[str | None],
    ids: Sequence[str | None],
) -> dict[int, tuple[bytes, str]]:
    """The lines coded again, with their statuses: every patient that holds a reused session id,
    coded with the duplicates judged on the whole batch (empty when no id is reused)."""
    present = [session_id for session_id in ids if session_id is not None]
    if len(set(present)) == len(present):
        return {}
    seen: set[str] = set()
    touched: set[str | None] = set()
    for index, session_id in enumerate(ids):
        if session_id is None:
            continue
        if session_id in seen:
            touched.add(keys[index])
        else:
            seen.add(session_id)
    first: dict[str, int] = {}
    duplicates: set[int] = set()
    for index, session_id in enumerate(ids):
        if session_id is not None:
            if session_id in first:
                duplicates.add(index)
            else:
                first[session_id] = index
    subset = [i for i in range(len(lines)) if keys[i] in touched and ids[i] is not None]
    records: list[Any] = []
    parsed: list[Session | list[FieldError]] = []
    for index in subset:
        raw, item = _parse_line(engine, lines.numbers[index], lines.line(index))
        records.append(raw)
        parsed.append(item)
    local_duplicates = {position for position, index in enumerate(subset) if index in duplicates}
    results = engine.code_parsed(records, parsed, duplicates=local_duplicates)
    return {
        index: (encode(results[position]) + b"\n", results[position].status) for position, index in enumerate(subset)
    }
