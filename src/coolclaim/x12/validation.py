"""The validation gate: pyx12 checks a file against its HIPAA 5010 implementation guide.

pyx12 has maps for the 837P (005010X222A1), 837I (005010X223A2), 835, 277CA and 999, not for
270/271. `validate` returns every problem it finds (an empty tuple means the file passes);
it backs the tests of every writer and the "validate only" action on the billing page.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import pyx12.errors
import pyx12.params
import pyx12.x12n_document


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: where (segment tag, its line in the file, element) and what."""

    segment: str
    line: int
    element: str  # e.g. "CLM05-1", "" for a segment-level finding
    code: str  # pyx12's error code
    message: str

    def __str__(self) -> str:
        where = f"{self.segment}{' ' + self.element if self.element else ''}"
        return f"line {self.line} ({where}): {self.message} [{self.code}]"


def _segment_problems(segment: dict[str, Any]) -> list[Problem]:
    found = [
        Problem(segment["seg_id"], segment["cur_line"], "", str(e["err_cde"]), e["err_str"])
        for e in segment.get("errors", [])
    ]
    for element in segment.get("elements", []):
        name = f"{segment['seg_id']}{int(element['ele_pos']):02d}"
        if element.get("subele_pos"):
            name += f"-{element['subele_pos']}"
        found += [
            Problem(segment["seg_id"], segment["cur_line"], name, str(e["err_cde"]), e["err_str"])
            for e in element.get("errors", [])
        ]
    return found


def _walk(document: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    for isa in document.get("interchanges", []):
        found += [Problem("ISA", isa["cur_line"], "", str(e["err_cde"]), e["err_str"]) for e in isa["errors"]]
        for group in isa.get("groups", []):
            found += [Problem("GS", group["cur_line"], "", str(e["err_cde"]), e["err_str"]) for e in group["errors"]]
            for transaction in group.get("transactions", []):
                found += [
                    Problem("ST", transaction["cur_line"], "", str(e["err_cde"]), e["err_str"])
                    for e in transaction["errors"]
                ]
                for segment in transaction.get("segments", []):
                    found += _segment_problems(segment)
    return found


_LOGGED = re.compile(r"Line:(\d+) (?:SEG|ELE):\d+ - (.*)")


class _Collect(logging.Handler):
    """Keeps pyx12's logged errors: a few (e.g. a 'not used' envelope element) reach only the log."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _tag_at(text: str, line: int) -> str:
    terminator = text[105] if len(text) > 105 else "~"
    parts = text.split(terminator)
    if 1 <= line <= len(parts):
        return parts[line - 1].strip().split(text[3] if len(text) > 3 else "*")[0]
    return ""


def validate(text: str) -> tuple[Problem, ...]:
    """Every problem pyx12 finds in `text`; empty when the file passes its guide."""
    params = pyx12.params.params()
    report = io.StringIO()
    logger = logging.getLogger("pyx12")
    previous, propagate = logger.level, logger.propagate
    collect = _Collect()
    logger.addHandler(collect)
    logger.setLevel(logging.ERROR)
    logger.propagate = False  # the problems are returned, not printed
    try:
        passed = pyx12.x12n_document.x12n_document(params, io.StringIO(text), None, None, None, report)
    except pyx12.errors.EngineError as exc:
        return (Problem("GS", 2, "GS08", "engine", str(exc)),)
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous)
        logger.propagate = propagate
    problems = _walk(json.loads(report.getvalue() or "{}"))
    known = {p.line for p in problems}
    for message in collect.messages:
        match = _LOGGED.match(message)
        if match and int(match.group(1)) not in known:
            line = int(match.group(1))
            problems.append(Problem(_tag_at(text, line), line, "", "logged", match.group(2)))
    if not passed and not problems:
        problems = [Problem("ISA", 1, "", "invalid", "pyx12 rejected the file without naming a segment")]
    return tuple(problems)
