"""The `coolclaim screen` path: one JSON object or JSON Lines in, one JSON line out per record.

A result line is the screening result; an invalid record's line is `{"line": n, "errors":
[{"field", "message"}, ...]}` (n = its line in the input, 1 for a single object; no result is
written for it). Blank lines are skipped. Input that
cannot be read at all (missing, not UTF-8 JSON, no record) raises `UnreadableInput`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import orjson

from coolclaim.assistance import InvalidApplication, ScreeningReference, parse_application, screen
from coolclaim.assistance.field_errors import FieldError
from coolclaim.io.session_files import UnreadableInput

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class ScreeningSummary:
    records: int
    eligible: int
    invalid: int
    first_invalid: str | None


def split_records(data: bytes, name: str = "input") -> Iterator[tuple[int, object]]:
    """(line number, JSON value or FieldError) for each record: one object, or JSON Lines."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark from some editors
    head = data.lstrip()
    if head.startswith(b"{"):
        try:
            whole = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            yield 1, whole
            return
    seen_json = False
    bad: list[tuple[int, FieldError]] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            error = FieldError("(record)", f"line {number} is not JSON: {exc}")
            if not seen_json:
                bad.append((number, error))
                continue
            yield number, error
            continue
        if not seen_json:
            seen_json = True
            yield from bad
            bad = []
        yield number, value
    if bad:
        number, error = bad[0]
        raise UnreadableInput(f"{name}: neither one JSON object nor JSON Lines ({error.message})")
    if not seen_json:
        raise UnreadableInput(f"{name}: holds no application (empty input)")


def _encode(number: int, record: object, reference: ScreeningReference) -> tuple[bytes, bool | str]:
    """The output line of one record and whether it is eligible (the bad fields' names when invalid)."""
    try:
        if isinstance(record, FieldError):
            raise InvalidApplication([record])
        result = screen(parse_application(record, reference), reference)
    except InvalidApplication as exc:
        return orjson.dumps({"line": number, **exc.as_dict()}), ", ".join(e.field for e in exc.errors)
    return orjson.dumps(result.as_dict()), result.eligible


def screen_bytes(data: bytes, reference: ScreeningReference, out: BinaryIO, name: str = "input") -> ScreeningSummary:
    """Screen every record of `data` in order, writing one JSON line each to `out`."""
    collecting = gc.isenabled()
    gc.disable()
    records = eligible = invalid = 0
    first_invalid: str | None = None
    lines: list[bytes] = []
    try:
        for number, record in split_records(data, name):
            line, verdict = _encode(number, record, reference)
            records += 1
            if isinstance(verdict, str):
                invalid += 1
                if first_invalid is None:
                    first_invalid = f"line {number}: {verdict}"
            elif verdict:
                eligible += 1
            lines.append(line)
            if len(lines) >= CHUNK:
                out.write(b"\n".join(lines) + b"\n")
                lines.clear()
        if lines:
            out.write(b"\n".join(lines) + b"\n")
    finally:
        if collecting:
            gc.enable()
    return ScreeningSummary(records, eligible, invalid, first_invalid)
