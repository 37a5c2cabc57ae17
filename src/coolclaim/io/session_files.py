"""Reads session files: JSON Lines, a JSON array, or CSV (by extension, or sniffed for stdin).

A file that cannot be read at all raises `UnreadableInput` (exit status 2 on the command line).
A single bad line of a JSON Lines file does not: it becomes a record that the engine rejects,
so every valid record of the file is still coded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from coolclaim.io.csv_sessions import row_to_session

FORMATS = ("jsonl", "json", "csv")
#: White space (what bytes.strip() removes) with at most a UTF-8 byte-order mark: no records.
#: A match stops at the first other byte, so a large file is not copied to find out.
_EMPTY = re.compile(rb"[ \t\n\r\x0b\x0c]*(?:\xef\xbb\xbf[ \t\n\r\x0b\x0c]*)?")
BOM = b"\xef\xbb\xbf"


class UnreadableInput(Exception):
    """The input cannot be read as sessions at all (missing, not text, not JSON/CSV)."""


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line of a JSON Lines file that is not a JSON value."""

    line: int
    reason: str


def detect_format(name: str, data: bytes) -> str:
    lower = name.lower()
    for fmt in FORMATS:
        if lower.endswith("." + fmt):
            return fmt
    if lower.endswith(".ndjson"):
        return "jsonl"
    head = data.removeprefix(BOM).lstrip()[:1]
    if head == b"[":
        return "json"
    if head == b"{":
        return "jsonl"
    return "csv"


def read_bytes(source: str) -> bytes:
    if source == "-":
        import sys

        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(f"{source}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{source}: is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableInput(f"{source}: cannot be read ({exc.strerror})") from None


def nul_place(data: bytes, fmt: str) -> str:
    """Where the first NUL byte of ``data`` is: its line and, in a CSV file, its column name."""
    at = data.index(b"\x00")
    line = data.count(b"\n", 0, at) + 1
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(data.split(b"\n", 1)[0].decode("utf-8", "replace"))), [])
        start = data.rfind(b"\n", 0, at) + 1
        prefix = data[start:at].decode("utf-8", "replace")
        column = next(csv.reader(io.StringIO(prefix + "\x01")), [""])
        index = len(column) - 1
        if line > 1 and 0 <= index < len(header):
            return f"line {line}, column {header[index].strip()}"
    return f"line {line}"


def nul_field(value: object, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) in a decoded JSON value that holds
    a NUL character (``"\\u0000"`` in the file), or None."""
    if isinstance(value, str):
        return (path or "(value)") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return name.replace("\x00", "")
            found = nul_field(item, name)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_field(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _refuse_nul_strings(records: list[object], data: bytes, name: str) -> list[object]:
    if b"\\u0000" in data.lower():
        for number, record in enumerate(records, start=1):
            field = nul_field(record)
            if field is not None:
                raise UnreadableInput(f"{name}: record {number}, field {field} holds a NUL character")
    return records


def parse_records(data: bytes, fmt: str, name: str = "input") -> list[object]:
    """Records of the file in order; JSON Lines lines that are not JSON become BadLine.

    Empty input (nothing but white space, or a UTF-8 byte-order mark) is no records in every
    format: nothing to code, not an unreadable file."""
    data = data.removeprefix(BOM)  # a UTF-8 byte-order mark (Windows tools) is not content
    if _EMPTY.fullmatch(data):
        return []
    if b"\x00" in data and fmt != "csv":  # a CSV file is checked once known to be text
        raise UnreadableInput(f"{name}: {nul_place(data, fmt)} holds a NUL character, which no field may contain")
    if fmt == "jsonl":
        records: list[object] = []
        loads = orjson.loads
        for number, line in enumerate(data.splitlines(), start=1):
            if not line or line.isspace():
                continue
            try:
                records.append(loads(line))
            except orjson.JSONDecodeError as exc:
                records.append(BadLine(number, str(exc)))
        first = records[0] if records else None
        if isinstance(first, BadLine) and all(isinstance(r, BadLine) for r in records):
            raise UnreadableInput(f"{name}: not JSON Lines (line {first.line}: {first.reason})")
        return _refuse_nul_strings(records, data, name)
    if fmt == "json":
        try:
            document = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise UnreadableInput(f"{name}: not valid JSON ({exc})") from None
        if isinstance(document, list):
            return _refuse_nul_strings(document, data, name)
        if isinstance(document, dict):
            return _refuse_nul_strings([document], data, name)
        raise UnreadableInput(f"{name}: a JSON file must hold an array of sessions or one session")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableInput(f"{name}: not UTF-8 text, so not a CSV file") from None
    if "\x00" in text:
        raise UnreadableInput(f"{name}: {nul_place(data, fmt)} holds a NUL character, which no field may contain")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "session_id" not in [f.strip() for f in reader.fieldnames]:
        raise UnreadableInput(
            f"{name}: not a sessions CSV (the header row must name session_id and the other contract columns)"
        )
    reader.fieldnames = [f.strip() for f in reader.fieldnames]
    try:
        return [row_to_session(row) for row in reader]
    except csv.Error as exc:
        raise UnreadableInput(f"{name}: broken CSV ({exc})") from None
