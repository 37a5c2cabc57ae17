"""Codes a large JSON Lines batch on every core, with the same results as one process.

The parent splits the file into lines, finds each line's course (a quick look for the two
keys, a full parse only where that look is not sure) and puts whole courses into groups. The
worker processes are forked after that, so they share the lines, the groups and the loaded
engine without copying them through a pipe: a task is a group's number, and the answer is
that group's encoded results. Duplicated session ids are judged across the whole batch
afterwards: the few courses they touch are coded again in the parent exactly as the
single-process path would.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from coolclaim.coding.contract_json import encode
from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.session import FieldError, Session
from coolclaim.io.session_files import BadLine, UnreadableInput

#: Groups per worker: enough that a worker that finishes early takes another group.
GROUPS_PER_WORKER = 6


@dataclass(frozen=True, slots=True)
class _Work:
    """What the forked workers read: set in the parent just before the fork."""

    engine: CodingEngine
    lines: Sequence[bytes]
    numbers: Sequence[int]  # the 1-based line number in the file of each line
    groups: list[list[int]]  # indexes into `lines`, a whole course in one group


_WORK: _Work | None = None
_FORKING = threading.Lock()

#: number, encoded results, statuses, session ids (None when rejected), first line not JSON
Coded = tuple[int, list[bytes], list[str], list[str | None], tuple[int, str] | None, int]


def worker_count() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def jsonl_lines(data: bytes) -> tuple[list[bytes], list[int]]:
    """The non-blank lines of a JSON Lines file and their 1-based line numbers."""
    lines: list[bytes] = []
    numbers: list[int] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if line and not line.isspace():  # isspace: the same test as strip(), without a copy
            lines.append(line)
            numbers.append(number)
    return lines, numbers


_PATIENT = re.compile(rb'"patient_id"[ \t\r\n]*:[ \t\r\n]*"([^"\\]*)"')
_COURSE = re.compile(rb'"course_id"[ \t\r\n]*:[ \t\r\n]*"([^"\\]*)"')


def course_of(line: bytes) -> tuple[str, str] | None:
    """The (patient_id, course_id) a JSON Lines line's session has, stripped as the engine
    strips them; None when the line has no such pair (a rejected record, whatever its group).

    In a line without a backslash every key is spelled literally and a `"patient_id"` followed
    by a colon can only be a key (inside a JSON string its quotes would be escaped). When each
    of the two keys occurs once there, with a plain string value, that value is the record's
    (were the key in a nested object, the record would lack its own and be rejected anyway).
    Anything else (an escape, a repeated key, a value that is not a string) is parsed in full.
    """
    if b"\\" not in line and line.count(b'"patient_id"') == 1 and line.count(b'"course_id"') == 1:
        patient, course = _PATIENT.search(line), _COURSE.search(line)
        if patient is not None and course is not None:
            try:
                return (patient.group(1).decode().strip(), course.group(1).decode().strip())
            except UnicodeDecodeError:
                pass
    return _course_parsed(line)


def _course_parsed(line: bytes) -> tuple[str, str] | None:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(raw, dict):
        patient, course = raw.get("patient_id"), raw.get("course_id")
        if isinstance(patient, str) and isinstance(course, str):
            return (patient.strip(), course.strip())
    return None


def _parse_line(engine: CodingEngine, number: int, line: bytes) -> tuple[object, Session | list[FieldError]]:
    try:
        raw = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return BadLine(number, str(exc)), [FieldError(f"(line {number})", f"is not valid JSON: {exc}")]
    return raw, engine.parse(raw)


def _code_group(group: int) -> Coded:
    work = _WORK
    assert work is not None
    gc.disable()
    engine, lines, numbers = work.engine, work.lines, work.numbers
    records: list[object] = []
    parsed: list[Session | list[FieldError]] = []
    first_bad: tuple[int, str] | None = None
    bad = 0
    for index in work.groups[group]:
        raw, item = _parse_line(engine, numbers[index], lines[index])
        if type(raw) is BadLine:
            bad += 1
            if first_bad is None or raw.line < first_bad[0]:
                first_bad = (raw.line, raw.reason)
        records.append(raw)
        parsed.append(item)
    results = engine.code_parsed(records, parsed, duplicates=())
    ids = [item.session_id if type(item) is Session else None for item in parsed]
    return group, [encode(r) for r in results], [r.status for r in results], ids, first_bad, bad


def code_lines_parallel(
    engine: CodingEngine,
    lines: Sequence[bytes],
    workers: int,
    numbers: Sequence[int] | None = None,
    name: str = "input",
) -> tuple[list[bytes], list[str]]:
    """Encoded results and statuses for non-empty JSON Lines `lines`, in input order.

    `numbers` are the lines' numbers in the file (for the message on a line that is not
    JSON); by default 1, 2, 3, ... Raises `UnreadableInput` when no line is JSON, as the
    single-process reader does."""
    global _WORK
    numbers = numbers if numbers is not None else range(1, len(lines) + 1)
    count = max(workers * GROUPS_PER_WORKER, 1)
    groups: list[list[int]] = [[] for _ in range(count)]
    keys: list[tuple[str, str] | None] = []
    for index, line in enumerate(lines):
        key = course_of(line)
        keys.append(key)
        # hash() of the key: the same in this process and its forked workers, and only the
        # parent needs it (a course's sessions all go to one group, whatever the group).
        groups[hash(key) % count if key else index % count].append(index)

    encoded: list[bytes] = [b""] * len(lines)
    statuses: list[str] = [""] * len(lines)
    ids: list[str | None] = [None] * len(lines)
    first_bad: tuple[int, str] | None = None
    bad = 0
    with _FORKING:  # the workers copy _WORK when they are forked: one batch at a time
        _WORK = _Work(engine, lines, numbers, groups)
        try:
            pool = multiprocessing.get_context("fork").Pool(workers)
        finally:
            _WORK = None
    with pool:
        # Largest groups first, so that no worker is left with a big one at the end.
        order = sorted(range(count), key=lambda g: -len(groups[g]))
        for group, out, status, session_ids, group_bad, group_bad_count in pool.imap_unordered(_code_group, order):
            for i, index in enumerate(groups[group]):
                encoded[index] = out[i]
                statuses[index] = status[i]
                ids[index] = session_ids[i]
            bad += group_bad_count
            if group_bad is not None and (first_bad is None or group_bad[0] < first_bad[0]):
                first_bad = group_bad
    if lines and bad == len(lines) and first_bad is not None:
        raise UnreadableInput(f"{name}: not JSON Lines (line {first_bad[0]}: {first_bad[1]})")
    _recode_duplicates(engine, lines, numbers, keys, ids, encoded, statuses)
    return encoded, statuses


def _recode_duplicates(
    engine: CodingEngine,
    lines: Sequence[bytes],
    numbers: Sequence[int],
    keys: Sequence[tuple[str, str] | None],
    ids: Sequence[str | None],
    encoded: list[bytes],
    statuses: list[str],
) -> None:
    seen: set[str] = set()
    touched: set[tuple[str, str] | None] = set()
    for index, session_id in enumerate(ids):
        if session_id is None:
            continue
        if session_id in seen:
            touched.add(keys[index])
        else:
            seen.add(session_id)
    if not touched:
        return
    # Re-code every course that holds a duplicate, with the duplicates judged on the whole batch.
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
        raw, item = _parse_line(engine, numbers[index], lines[index])
        records.append(raw)
        parsed.append(item)
    local_duplicates = {position for position, index in enumerate(subset) if index in duplicates}
    results = engine.code_parsed(records, parsed, duplicates=local_duplicates)
    for position, index in enumerate(subset):
        encoded[index] = encode(results[position])
        statuses[index] = results[position].status
