"""Codes a large JSON Lines batch on every core, with the same results as one process.

The parent reads each line once to find its course, sends whole courses to worker processes
(forked, so they share the loaded reference data and engine), and gets back encoded results.
Duplicated session ids are judged across the whole batch afterwards: the few courses they
touch are coded again in the parent exactly as the single-process path would.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import zlib
from collections.abc import Sequence
from typing import Any

import orjson

from coolclaim.coding.contract_json import encode
from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.session import FieldError, Session
from coolclaim.io.session_files import BadLine

_WORKER_ENGINE: CodingEngine | None = None

Chunk = tuple[list[int], list[bytes]]
Coded = tuple[list[int], list[bytes], list[str], list[str | None]]


def worker_count() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _course_of(line: bytes) -> tuple[str, str] | None:
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


def _code_chunk(chunk: Chunk) -> Coded:
    engine = _WORKER_ENGINE
    assert engine is not None
    gc.disable()
    indexes, lines = chunk
    records: list[object] = []
    parsed: list[Session | list[FieldError]] = []
    for index, line in zip(indexes, lines, strict=True):
        raw, item = _parse_line(engine, index + 1, line)
        records.append(raw)
        parsed.append(item)
    results = engine.code_parsed(records, parsed, duplicates=())
    ids = [item.session_id if isinstance(item, Session) else None for item in parsed]
    return indexes, [encode(r) for r in results], [r.status for r in results], ids


def code_lines_parallel(engine: CodingEngine, lines: Sequence[bytes], workers: int) -> tuple[list[bytes], list[str]]:
    """Encoded results and statuses for non-empty JSON Lines `lines`, in input order."""
    global _WORKER_ENGINE
    buckets = max(workers * 4, 1)
    chunks: list[Chunk] = [([], []) for _ in range(buckets)]
    keys: list[tuple[str, str] | None] = []
    for index, line in enumerate(lines):
        key = _course_of(line)
        keys.append(key)
        target = zlib.crc32(f"{key[0]}\x1f{key[1]}".encode()) % buckets if key else index % buckets
        chunks[target][0].append(index)
        chunks[target][1].append(line)

    encoded: list[bytes] = [b""] * len(lines)
    statuses: list[str] = [""] * len(lines)
    ids: list[str | None] = [None] * len(lines)
    _WORKER_ENGINE = engine
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for indexes, out, status, session_ids in pool.imap_unordered(_code_chunk, chunks):
                for i, index in enumerate(indexes):
                    encoded[index] = out[i]
                    statuses[index] = status[i]
                    ids[index] = session_ids[i]
    finally:
        _WORKER_ENGINE = None
    _recode_duplicates(engine, lines, keys, ids, encoded, statuses)
    return encoded, statuses


def _recode_duplicates(
    engine: CodingEngine,
    lines: Sequence[bytes],
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
        raw, item = _parse_line(engine, index + 1, lines[index])
        records.append(raw)
        parsed.append(item)
    local_duplicates = {position for position, index in enumerate(subset) if index in duplicates}
    results = engine.code_parsed(records, parsed, duplicates=local_duplicates)
    for position, index in enumerate(subset):
        encoded[index] = encode(results[position])
        statuses[index] = results[position].status
