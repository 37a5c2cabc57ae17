"""The coding engine: validated sessions in, claim lines with explained edits out.

`CodingEngine.code_batch` is the one path used by the command line, the API, the import and
the benchmark. Sessions of a course are ordered by `cooling_start` (then `session_id`) so
that once-per-course rules and session numbers do not depend on the order of the batch.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from coolclaim.coding.diagnoses import YearSets
from coolclaim.coding.edits import EditCatalogue
from coolclaim.coding.history import CourseHistory, CoursePosition
from coolclaim.coding.result import CodedSession, rejected
from coolclaim.coding.rule_settings import RuleSettings, resolve_settings
from coolclaim.coding.session import FieldError, Session
from coolclaim.coding.session_coder import SessionCoder
from coolclaim.coding.validate import parse_session
from coolclaim.refdata.model import RefData
from coolclaim.vocabulary import CodedStatus

_NO_HISTORY = CourseHistory()
_FAR = datetime.max.replace(tzinfo=UTC)


def duplicate_indexes(parsed: Sequence[object]) -> set[int]:
    """Valid sessions whose session_id an earlier valid session of the batch already has."""
    seen: set[str] = set()
    duplicates: set[int] = set()
    for index, item in enumerate(parsed):
        if isinstance(item, Session):
            if item.session_id in seen:
                duplicates.add(index)
            else:
                seen.add(item.session_id)
    return duplicates


def _order_key(session: Session) -> tuple[datetime, str]:
    moment = session.cooling_start or session.infusion_start or session.infusion_end or session.cooling_end
    if moment is None:
        return (_FAR, session.session_id)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment, session.session_id)


class CodingEngine:
    """Codes sessions with one set of reference data and settings (build once, reuse)."""

    def __init__(self, refdata: RefData, settings: RuleSettings | None = None, icd10cm: YearSets | None = None) -> None:
        self.refdata = refdata
        self.settings = settings or resolve_settings(refdata)
        self.edits = EditCatalogue(refdata.edits)
        self.coder = SessionCoder(refdata, self.settings, self.edits, icd10cm)
        self._states = {code: state.time_zones for code, state in refdata.states.items()}
        self._em_codes = frozenset(c for c, info in refdata.codes.items() if info.kind == "em")

    # -- public ----------------------------------------------------------------------------
    def parse(self, raw: object) -> Session | list[FieldError]:
        return parse_session(raw, self._states, self._em_codes)

    def code_batch(
        self,
        records: Sequence[object],
        history: Mapping[tuple[str, str], CourseHistory] | None = None,
    ) -> list[CodedSession]:
        """Code every record; one result per record, in input order."""
        parsed = [self.parse(raw) for raw in records]
        return self.code_parsed(records, parsed, history)

    def code_parsed(
        self,
        records: Sequence[object],
        parsed: Sequence[Session | list[FieldError]],
        history: Mapping[tuple[str, str], CourseHistory] | None = None,
        duplicates: Collection[int] | None = None,
    ) -> list[CodedSession]:
        """Code parsed records. `duplicates` (indexes) replaces the batch's own duplicate check
        when the caller sees more of the batch than this call (the parallel path)."""
        results: list[CodedSession | None] = [None] * len(parsed)
        courses: dict[tuple[str, str], list[int]] = {}
        if duplicates is None:
            duplicates = duplicate_indexes(parsed)
        for index, item in enumerate(parsed):
            if isinstance(item, Session):
                if index in duplicates:
                    continue
                courses.setdefault(item.course_key, []).append(index)
            else:
                raw = records[index]
                results[index] = rejected(raw.get("session_id") if isinstance(raw, dict) else None, item)

        for key, members in courses.items():
            members.sort(key=lambda i: _order_key(parsed[i]))  # type: ignore[arg-type]
            past = history.get(key, _NO_HISTORY) if history else _NO_HISTORY
            billed, fit_code, fit_date = past.fitting_billed, past.fitting_code, past.fitting_date
            for offset, index in enumerate(members):
                session = parsed[index]
                assert isinstance(session, Session)
                position = CoursePosition(past.sessions_before + offset + 1, billed, fit_code, fit_date)
                result, fitting = self.coder.code(session, position)
                if fitting is not None:
                    billed, fit_code, fit_date = True, fitting[0], fitting[1]
                results[index] = result

        for index in duplicates:
            session = parsed[index]
            assert isinstance(session, Session)
            result, _ = self.coder.code(session, CoursePosition(1, False, None, None))
            duplicate = self.edits.make("DUPLICATE_SESSION", session_id=session.session_id)
            status = CodedStatus.HOLD if result.status is CodedStatus.READY else result.status
            results[index] = replace(result, status=status, edits=(duplicate, *result.edits))
        return [r for r in results if r is not None]
