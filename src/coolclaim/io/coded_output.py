"""Writes coded sessions as JSON Lines or as a CSV summary (one row per session).

Both formats read the engine's typed result (`coolclaim.coding.result.CodedSession`): the JSON
through the one contract writer (`coolclaim.coding.contract_json`), the CSV row from the same
fields.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO

from coolclaim.coding.contract_json import encode_lines
from coolclaim.coding.result import CodedSession, Line
from coolclaim.coverage.finding import CoverageFinding

CSV_HEADER = ("session_id", "status", "date_of_service", "lines", "edits", "coverage", "errors")


def write_jsonl(results: Sequence[CodedSession], out: IO[bytes]) -> None:
    out.write(encode_lines(results))


def _line_text(line: Line) -> str:
    mods = "".join(f"-{m}" for m in line.modifiers)
    pointers = ",".join(str(p) for p in line.diagnosis_pointers)
    return f"{line.code}{mods} x{line.units} [{pointers}]"


def csv_row(r: CodedSession) -> tuple[str, ...]:
    return (
        r.session_id or "",
        r.status,
        r.date_of_service.isoformat() if r.date_of_service is not None else "",
        "; ".join(_line_text(line) for line in r.lines),
        "; ".join(f"{e.code} ({e.severity}): {e.message}" for e in r.edits),
        _coverage_text(r.coverage),
        "; ".join(f"{e.field}: {e.message}" for e in r.errors),
    )


def write_csv(results: Iterable[CodedSession], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_row(r) for r in results)


def _coverage_text(coverage: CoverageFinding | None) -> str:
    if coverage is None:
        return ""
    return f"{coverage.determination} ({coverage.basis})" if coverage.basis else str(coverage.determination)
