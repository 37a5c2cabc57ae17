"""The one writer of the coding contract's JSON (`contracts/coding.md`, coded-session schema).

`encode` writes one coded session as the bytes `coolclaim code` puts on a line and the API
answers; `as_contract` gives the same as plain JSON values (dicts, lists, strings) for callers
that embed it. Both walk the typed result once; edits and errors go to orjson as the frozen
dataclasses they are (their fields are the contract's keys, in the contract's order).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import orjson

from coolclaim.coding.edits import Edit
from coolclaim.coding.result import CodedSession, Line
from coolclaim.coverage.finding import CoverageFinding
from coolclaim.vocabulary import CodedStatus

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


class _Fragments:
    """Encoded parts that repeat across sessions (edits, lines, diagnoses, coverage, dates),
    each encoded once. Keys hold the objects they were made from, so an id is never reused
    while its entry lives."""

    LIMIT = 400_000  # per kind; a large batch over many dates has many distinct edit lists

    def __init__(self) -> None:
        self.edits: dict[tuple[int, ...], tuple[tuple[Edit, ...], bytes]] = {}
        self.edit: dict[int, tuple[Edit, bytes]] = {}
        self.lines: dict[tuple[Line, ...], bytes] = {}
        self.line_tuples: dict[int, tuple[tuple[Line, ...], bytes]] = {}
        self.diagnoses: dict[tuple[str, ...], bytes] = {}
        self.coverage: dict[int, tuple[CoverageFinding, bytes]] = {}
        self.coverage_values: dict[tuple[str | None, ...], bytes] = {}
        self.dates: dict[date, bytes] = {}

    def edits_of(self, edits: tuple[Edit, ...]) -> bytes:
        key = tuple(map(id, edits))
        hit = self.edits.get(key)
        if hit is None:
            # A new list is mostly edits seen before (edits are made once each): join their
            # encodings, as orjson writes a list of them.
            parts = []
            for edit in edits:
                known = self.edit.get(id(edit))
                if known is None or known[0] is not edit:
                    known = (edit, _dumps(edit))
                    if len(self.edit) < self.LIMIT:
                        self.edit[id(edit)] = known
                parts.append(known[1])
            hit = (edits, b"[" + b",".join(parts) + b"]")
            if len(self.edits) < self.LIMIT:
                self.edits[key] = hit
        return hit[1]

    def lines_of(self, lines: tuple[Line, ...]) -> bytes:
        # The engine shares one tuple among sessions with the same lines: look it up by
        # identity first (no hashing of the lines), then by value.
        seen = self.line_tuples.get(id(lines))
        if seen is not None and seen[0] is lines:
            return seen[1]
        hit = self.lines.get(lines)
        if hit is None:
            hit = _dumps([_line(line) for line in lines])
            if len(self.lines) < self.LIMIT:
                self.lines[lines] = hit
        if len(self.line_tuples) < self.LIMIT:
            self.line_tuples[id(lines)] = (lines, hit)
        return hit

    def diagnoses_of(self, codes: tuple[str, ...]) -> bytes:
        hit = self.diagnoses.get(codes)
        if hit is None:
            hit = _dumps(codes)
            if len(self.diagnoses) < self.LIMIT:
                self.diagnoses[codes] = hit
        return hit

    def coverage_of(self, found: CoverageFinding) -> bytes:
        hit = self.coverage.get(id(found))
        if hit is None or hit[0] is not found:
            # A finding judged for another date may be a new object with the same four values.
            key = (found.determination, found.basis, found.jurisdiction, found.source)
            encoded = self.coverage_values.get(key)
            if encoded is None:
                encoded = _dumps(_coverage(found))
                if len(self.coverage_values) < self.LIMIT:
                    self.coverage_values[key] = encoded
            hit = (found, encoded)
            if len(self.coverage) < self.LIMIT:
                self.coverage[id(found)] = hit
        return hit[1]

    def date_of(self, day: date | None) -> bytes:
        if day is None:
            return b"null"
        hit = self.dates.get(day)
        if hit is None:
            hit = b'"' + day.isoformat().encode() + b'"'
            self.dates[day] = hit
        return hit


_PARTS = _Fragments()
_STATUS = {status: f'"{status.value}"'.encode() for status in CodedStatus}
_NUMBERS = [str(n).encode() for n in range(1000)]
# The contract object's keys in the contract's order; each %b is an encoded JSON value.
_WITHOUT_COVERAGE = (
    b'{"session_id":%b,"status":%b,"date_of_service":%b,"lines":%b,"edits":%b,"diagnoses":%b,'
    b'"course_session_number":%b}'
)
_WITH_COVERAGE = _WITHOUT_COVERAGE[:-1] + b',"coverage":%b}'


def encode(coded: CodedSession) -> bytes:
    """One coded session as contract JSON (no newline): exactly `orjson.dumps` of the contract
    object, assembled from fragments that are encoded once (a test holds the two equal)."""
    if coded.errors or coded.course_session_number is None:
        return _dumps(_shape(coded))
    parts = _PARTS
    number = coded.course_session_number
    head = (
        _dumps(coded.session_id),
        _STATUS[coded.status],
        parts.date_of(coded.date_of_service),
        parts.lines_of(coded.lines),
        parts.edits_of(coded.edits),
        parts.diagnoses_of(coded.diagnoses),
        _NUMBERS[number] if 0 <= number < len(_NUMBERS) else str(number).encode(),
    )
    if coded.coverage is None:
        return _WITHOUT_COVERAGE % head
    return _WITH_COVERAGE % (*head, parts.coverage_of(coded.coverage))


def encode_plainly(coded: CodedSession) -> bytes:
    """The same bytes as `encode`, from the contract object in one `orjson.dumps` (the reference)."""
    return _dumps(_shape(coded))


def encode_many(coded: Iterable[CodedSession]) -> bytes:
    """A JSON array of coded sessions (the API's answer to an array)."""
    return b"[" + b",".join([encode(c) for c in coded]) + b"]"


def encode_lines(coded: Sequence[CodedSession]) -> bytes:
    """JSON Lines: one coded session a line, each line ending in a newline."""
    if not coded:
        return b""
    encoded = [encode(c) for c in coded]
    encoded.append(b"")  # the last line's newline, without copying the joined bytes again
    return b"\n".join(encoded)


def as_contract(coded: CodedSession) -> dict[str, Any]:
    """The coded session as plain JSON values, exactly what `encode` writes."""
    result: dict[str, Any] = orjson.loads(encode(coded))
    return result
