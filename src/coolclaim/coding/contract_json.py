"""The one writer of the coding contract's JSON (`contracts/coding.md`, coded-session schema).

`encode` writes one coded session as the bytes `coolclaim code` puts on a line and the API
answers; `as_contract` gives the same as plain JSON values (dicts, lists, strings) for callers
that embed it. Both walk the typed result once; edits and errors go to orjson as the frozen
dataclasses they are (their fields are the contract's keys, in the contract's order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from coolclaim.coding.result import CodedSession, Line
from coolclaim.coverage.finding import CoverageFinding

_dumps = orjson.dumps


def _line(line: Line) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": line.code,
        "modifiers": line.modifiers,
        "units": line.units,
        "diagnosis_pointers": line.diagnosis_pointers,
    }
    if line.revenue_code is not None:
        out["revenue_code"] = line.revenue_code
    return out


def _coverage(found: CoverageFinding) -> dict[str, str | None]:
    return {
        "determination": found.determination,
        "basis": found.basis,
        "jurisdiction": found.jurisdiction,
        "source": found.source,
    }


def _shape(coded: CodedSession) -> dict[str, Any]:
    """The contract's object with typed leaves (tuples, dates, dataclasses) orjson writes."""
    if coded.errors or coded.course_session_number is None:
        return {
            "session_id": coded.session_id,
            "status": coded.status,
            "date_of_service": coded.date_of_service,
            "lines": [_line(line) for line in coded.lines],
            "edits": coded.edits,
            "errors": coded.errors,
        }
    out: dict[str, Any] = {
        "session_id": coded.session_id,
        "status": coded.status,
        "date_of_service": coded.date_of_service,
        "lines": [_line(line) for line in coded.lines],
        "edits": coded.edits,
        "diagnoses": coded.diagnoses,
        "course_session_number": coded.course_session_number,
    }
    if coded.coverage is not None:
        out["coverage"] = _coverage(coded.coverage)
    return out


def encode(coded: CodedSession) -> bytes:
    """One coded session as contract JSON (no newline)."""
    return _dumps(_shape(coded))


def encode_many(coded: Iterable[CodedSession]) -> bytes:
    """A JSON array of coded sessions (the API's answer to an array)."""
    return _dumps([_shape(c) for c in coded])


def encode_lines(coded: Sequence[CodedSession]) -> bytes:
    """JSON Lines: one coded session a line, each line ending in a newline."""
    if not coded:
        return b""
    return b"\n".join([_dumps(_shape(c)) for c in coded]) + b"\n"


def as_contract(coded: CodedSession) -> dict[str, Any]:
    """The coded session as plain JSON values, exactly what `encode` writes."""
    result: dict[str, Any] = orjson.loads(encode(coded))
    return result
