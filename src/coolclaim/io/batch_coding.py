"""Codes a whole session file: the one path shared by the command line and the benchmark."""

from __future__ import annotations

import gc
import io
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.history import CourseHistory
from coolclaim.coding.result import CodedSession
from coolclaim.coding.session import FieldError, Session
from coolclaim.io.coded_output import write_csv, write_jsonl
from coolclaim.io.session_files import BOM, BadLine, detect_format, parse_records, read_bytes

_NUL_ESCAPE = re.compile(rb"\\[uU]0000")
#: Below this many JSON Lines records one process codes the batch (forking costs more).
PARALLEL_MIN_RECORDS = 20_000


@dataclass(frozen=True, slots=True)
class BatchSummary:
    records: int
    rejected: int
    by_status: Mapping[str, int]


def code_records(
    engine: CodingEngine,
    records: Sequence[object],
    history: Mapping[tuple[str, str], CourseHistory] | None = None,
) -> list[CodedSession]:
    """Code parsed records (JSON Lines lines that were not JSON are rejected, not dropped)."""
    parsed: list[Session | list[FieldError]] = []
    for raw in records:
        if isinstance(raw, BadLine):
            parsed.append([FieldError(f"(line {raw.line})", f"is not valid JSON: {raw.reason}")])
        else:
            parsed.append(engine.parse(raw))
    return engine.code_parsed(records, parsed, history)


def code_file(
    engine: CodingEngine,
    source: str,
    output: str | None,
    out_format: str = "jsonl",
    in_format: str | None = None,
    workers: int | None = None,
) -> BatchSummary:
    """Read `source` ('-' for stdin), code it, write `output` (None for stdout).

    A large JSON Lines batch is coded on every core (`parallel_coding`); the results are the
    same as in one process. The garbage collector is paused for the batch: it allocates many
    small objects and makes no reference cycles worth collecting.
    """
    data = read_bytes(source)
    fmt = in_format or detect_format(source, data)
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Only a large batch (or an explicit worker count) pays for the worker processes; a
        # record takes two bytes at least, so a short file is not even split into lines.
        if (
            fmt == "jsonl"
            and out_format == "jsonl"
            and (len(data) >= 2 * PARALLEL_MIN_RECORDS if workers is None else workers > 1)
            and not _needs_whole_file_checks(data)
        ):
            from coolclaim.io.parallel_coding import code_lines_parallel, jsonl_lines, worker_count

            count = workers if workers is not None else worker_count()
            if count > 1:
                lines = jsonl_lines(data.removeprefix(BOM))
                if len(lines) and (len(lines) >= PARALLEL_MIN_RECORDS or workers is not None):
                    return _summary(code_lines_parallel(engine, lines, count, source, output))
        records = parse_records(data, fmt, name=source)
        results = code_records(engine, records)
        _write(results, output, out_format)
        return _summary([r.status for r in results])
    finally:
        if collecting:
            gc.enable()


def _needs_whole_file_checks(data: bytes) -> bool:
    """A NUL byte, or a NUL written as an escape, is refused for the whole file by the reader:
    such a (rare) file takes the single-process path, which makes those checks."""
    # A backslash is looked for first (one fast scan; most files have none).
    return b"\x00" in data or (b"\\" in data and _NUL_ESCAPE.search(data) is not None)


def _summary(statuses: Sequence[str]) -> BatchSummary:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return BatchSummary(len(statuses), counts.get("rejected", 0), counts)


def _write(results: list[CodedSession], output: str | None, out_format: str) -> None:
    if out_format == "csv":
        if output is None:
            write_csv(results, sys.stdout)
        else:
            with Path(output).open("w", encoding="utf-8", newline="") as handle:
                write_csv(results, handle)
        return
    if output is None:
        buffer = io.BytesIO()
        write_jsonl(results, buffer)
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    else:
        with Path(output).open("wb") as handle:
            write_jsonl(results, handle)
