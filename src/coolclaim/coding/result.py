"""What the engine returns: a coded session with its lines, edits, coverage and errors.

Frozen, slotted types: the app, the API, the file writers and the formats to come (X12, FHIR,
letters) read these, never a dict. `coolclaim.coding.contract_json` writes them as the coding
contract's JSON; `coolclaim.io.coded_output` derives the CSV summary from the same types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coolclaim.coding.edits import Edit
from coolclaim.coding.quick_init import quick_init
from coolclaim.coding.session import FieldError
from coolclaim.coverage.finding import CoverageFinding
from coolclaim.vocabulary import CodedStatus


@quick_init
@dataclass(frozen=True, slots=True)
class Line:
    """One claim line: code, modifiers, units, diagnosis pointers (1-based into `diagnoses`)."""

    code: str
    modifiers: tuple[str, ...]
    units: int
    diagnosis_pointers: tuple[int, ...]
    revenue_code: str | None = None  # institutional claims only


@quick_init
@dataclass(frozen=True, slots=True)
class CodedSession:
    """The engine's answer for one input record.

    A rejected record has `errors` (every bad field), no lines, no edits and no course number;
    any other has `diagnoses` (dotted, claim order, at most 12) and its `course_session_number`.
    """

    session_id: str | None
    status: CodedStatus
    date_of_service: date | None
    lines: tuple[Line, ...] = ()
    edits: tuple[Edit, ...] = ()
    diagnoses: tuple[str, ...] = ()
    course_session_number: int | None = None
    coverage: CoverageFinding | None = None
    errors: tuple[FieldError, ...] = ()

    @property
    def rejected(self) -> bool:
        return self.status is CodedStatus.REJECTED


def rejected(session_id: object, errors: tuple[FieldError, ...] | list[FieldError]) -> CodedSession:
    return CodedSession(
        session_id if isinstance(session_id, str) else None,
        CodedStatus.REJECTED,
        None,
        errors=tuple(errors),
    )
