"""Writes coded sessions as JSON Lines or as a CSV summary (one row per session)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

import orjson

CSV_HEADER = ("session_id", "status", "date_of_service", "lines", "edits", "coverage", "errors")


def write_jsonl(results: Iterable[dict[str, Any]], out: IO[bytes]) -> None:
    dumps = orjson.dumps
    out.write(b"\n".join(dumps(r) for r in results))
    out.write(b"\n")


def _line_text(line: dict[str, Any]) -> str:
    mods = "".join(f"-{m}" for m in line["modifiers"])
    pointers = ",".join(str(p) for p in line["diagnosis_pointers"])
    return f"{line['code']}{mods} x{line['units']} [{pointers}]"


def write_csv(results: Iterable[dict[str, Any]], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in results:
        writer.writerow(
            (
                r["session_id"] or "",
                r["status"],
                r.get("date_of_service") or "",
                "; ".join(_line_text(line) for line in r["lines"]),
                "; ".join(f"{e['code']} ({e['severity']}): {e['message']}" for e in r["edits"]),
                _coverage_text(r.get("coverage")),
                "; ".join(f"{e['field']}: {e['message']}" for e in r.get("errors", [])),
            )
        )


def _coverage_text(coverage: dict[str, Any] | None) -> str:
    if not coverage:
        return ""
    basis = coverage.get("basis")
    return f"{coverage['determination']} ({basis})" if basis else str(coverage["determination"])
