"""The validation gate: pyx12 checks a file against its HIPAA 5010 implementation guide.

pyx12 has maps for the 837P (005010X222A1), 837I (005010X223A2), 835, 277CA and 999, not for
270/271. `validate` returns every problem it finds (an empty tuple means the file passes);
it backs the tests of every writer and the "validate only" action on the billing page.
"""

from __future__ import annotations

import io
import json
import logging
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


def validate(text: str) -> tuple[Problem, ...]:
    """Every problem pyx12 finds in `text`; empty when the file passes its guide."""
    params = pyx12.params.params()
    report = io.StringIO()
    logger = logging.getLogger("pyx12")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)  # pyx12 logs each error too; the report below carries them
    try:
        passed = pyx12.x12n_document.x12n_document(params, io.StringIO(text), None, None, None, report)
    except pyx12.errors.EngineError as exc:
        return (Problem("GS", 2, "GS08", "engine", str(exc)),)
    finally:
        logger.setLevel(previous)
    problems = _walk(json.loads(report.getvalue() or "{}"))
    if not passed and not problems:
        problems = [Problem("ISA", 1, "", "invalid", "pyx12 rejected the file without naming a segment")]
    return tuple(problems)
