"""The coding engine: validated sessions in, claim lines with explained edits out.

`CodingEngine.code_batch` is the one path used by the command line, the API, the import and
the benchmark. Sessions of a course are ordered by `cooling_start` (then `session_id`) so
that once-per-course rules and session numbers do not depend on the order of the batch.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from coolclaim.coding.diagnoses import DiagnosisRules
from coolclaim.coding.edits import Edit, EditCatalogue
from coolclaim.coding.history import CourseHistory, CoursePosition
from coolclaim.coding.lines import ClaimLine
from coolclaim.coding.rule_settings import RuleSettings, resolve_settings
from coolclaim.coding.session import FieldError, Session, dotted
from coolclaim.coding.timing import session_timing, units_97009
from coolclaim.coding.validate import parse_session
from coolclaim.coverage.judge import CoverageJudge
from coolclaim.refdata.loader import regimen_key
from coolclaim.refdata.model import CodeInfo, RefData

Result = dict[str, Any]
_NO_HISTORY = CourseHistory()
_FAR = datetime.max.replace(tzinfo=UTC)


def rejected(session_id: object, errors: Sequence[FieldError]) -> Result:
    return {
        "session_id": session_id if isinstance(session_id, str) else None,
        "status": "rejected",
        "date_of_service": None,
        "lines": [],
        "edits": [],
        "errors": [e.as_dict() for e in errors],
    }


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


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _human_list(names: Iterable[str]) -> str:
    items = [n.replace("_", " ") for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class CodingEngine:
    """Codes sessions with one set of reference data and settings (build once, reuse)."""

    def __init__(self, refdata: RefData, settings: RuleSettings | None = None) -> None:
        self.refdata = refdata
        self.settings = settings or resolve_settings(refdata)
        self.edits = EditCatalogue(refdata.edits)
        self.diagnoses = DiagnosisRules(
            refdata, self.settings.max_claim_diagnoses, self.settings.max_diagnosis_pointers
        )
        self.coverage = CoverageJudge(refdata, self.edits, self.diagnoses.in_set)
        self._states = frozenset(refdata.states)
        self._em_codes = frozenset(c for c, info in refdata.codes.items() if info.kind == "em")
        cooling = [info for info in refdata.codes.values() if info.kind == "scalp_cooling"]
        self._families: dict[str, dict[str, CodeInfo]] = {}
        for info in cooling:
            assert info.family is not None
            self._families.setdefault(info.family, {})[info.role] = info
        self._regimen_flags: dict[str, bool] = {}
        self._first_cooling_date = min(info.effective_from for info in cooling)
        self._category_i_start = min(info.effective_from for info in cooling if info.family == "category_i")

    # -- public ----------------------------------------------------------------------------
    def parse(self, raw: object) -> Session | list[FieldError]:
        return parse_session(raw, self._states, self._em_codes)

    def code_batch(
        self,
        records: Sequence[object],
        history: Mapping[tuple[str, str], CourseHistory] | None = None,
    ) -> list[Result]:
        """Code every record; one result per record, in input order."""
        parsed = [self.parse(raw) for raw in records]
        return self.code_parsed(records, parsed, history)

    def code_parsed(
        self,
        records: Sequence[object],
        parsed: Sequence[Session | list[FieldError]],
        history: Mapping[tuple[str, str], CourseHistory] | None = None,
        duplicates: Collection[int] | None = None,
    ) -> list[Result]:
        """Code parsed records. `duplicates` (indexes) replaces the batch's own duplicate check
        when the caller sees more of the batch than this call (the parallel path)."""
        results: list[Result | None] = [None] * len(parsed)
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
                result, fitting = self._code(session, position)
                if fitting is not None:
                    billed, fit_code, fit_date = True, fitting[0], fitting[1]
                results[index] = result

        for index in duplicates:
            session = parsed[index]
            assert isinstance(session, Session)
            result, _ = self._code(session, CoursePosition(1, False, None, None))
            result["edits"].insert(0, self.edits.make("DUPLICATE_SESSION", session_id=session.session_id).as_dict())
            if result["status"] == "ready":
                result["status"] = "hold"
            results[index] = result
        return [r for r in results if r is not None]

    def code_one(self, raw: object, history: CourseHistory | None = None) -> Result:
        """Code a single record, with what the caller knows of its course."""
        parsed = self.parse(raw)
        if not isinstance(parsed, Session):
            return rejected(raw.get("session_id") if isinstance(raw, dict) else None, parsed)
        past = history or _NO_HISTORY
        position = CoursePosition(past.sessions_before + 1, past.fitting_billed, past.fitting_code, past.fitting_date)
        return self._code(parsed, position)[0]

    # -- one session -----------------------------------------------------------------------
    def _code(self, s: Session, pos: CoursePosition) -> tuple[Result, tuple[str, date] | None]:
        make = self.edits.make
        cfg = self.settings
        edits: list[Edit] = []
        lines: list[ClaimLine] = []
        unverified: list[str] = []
        hospital = s.setting == "hospital_outpatient"
        timing = session_timing(s)
        dos = timing.date_of_service
        profile = self.diagnoses.profile(s.diagnoses)
        pointers = profile.service_pointers

        if timing.missing:
            edits.append(make("TIMES_MISSING", fields=_human_list(timing.missing)))
        if timing.no_offset:
            edits.append(make("TIMES_NO_OFFSET", fields=_human_list(timing.no_offset)))
        if timing.out_of_order:
            edits.append(
                make(
                    "TIMES_OUT_OF_ORDER",
                    detail="; ".join(p.replace("_", " ") for p in timing.out_of_order),
                )
            )

        # E/M visit, then chemotherapy administration as given
        if s.em_code is not None:
            if s.em_separately_identifiable:
                lines.append(ClaimLine(s.em_code, 1, (1,), ["25"], cfg.revenue_code_em if hospital else None))
            else:
                edits.append(make("EM_NOT_SEPARATE", code=s.em_code))
        chemo_billed = False
        for chemo in s.chemo_admin:
            info = self.refdata.codes.get(chemo.code)
            if info is not None and info.kind == "legacy":
                edits.append(
                    make(
                        "LEGACY_CODE",
                        code=chemo.code,
                        description=info.description,
                        replacement=info.replacement,
                        code_source=info.source,
                    )
                )
                continue
            if info is None or info.kind != "chemo_admin":
                edits.append(make("CHEMO_CODE_UNRECOGNISED", code=chemo.code))
            chemo_billed = True
            lines.append(
                ClaimLine(
                    chemo.code,
                    chemo.units,
                    pointers,
                    [],
                    cfg.revenue_code_chemo_admin if hospital else None,
                )
            )

        # Scalp-cooling codes for the date of service
        fitting: tuple[str, date] | None = None
        cooling_lines: list[ClaimLine] = []
        family = None
        if dos is not None and dos < self._first_cooling_date:
            edits.append(make("NO_CODE_FOR_DATE", date=dos.isoformat()))
        elif dos is not None:
            family = (
                "category_iii" if cfg.code_family == "category_iii" or dos < self._category_i_start else "category_i"
            )
            codes = self._families[family]
            wanted: list[tuple[CodeInfo, int]] = []
            if s.cap_fitting:
                fit = codes["fitting"]
                if family == "category_i":
                    unverified.append("97007 is billed once per course (fitting_97007_frequency=per_course)")
                if pos.fitting_billed:
                    previous = (
                        f"{pos.fitting_code} on {pos.fitting_date}" if pos.fitting_code else "earlier in the course"
                    )
                    edits.append(make("FITTING_ALREADY_BILLED", previous=previous, code=fit.code))
                else:
                    wanted.append((fit, 1))
                    fitting = (fit.code, dos)
            wanted.append((codes["session"], 1))
            post = codes.get("post_cooling")
            if post is not None and timing.post_seconds is not None:
                units, remainder = units_97009(timing.post_seconds, cfg.units_97009, cfg.unit_minutes_97009 * 60)
                if units:
                    wanted.append((post, units))
                left = remainder // 60
                if units == 0:
                    edits.append(
                        make(
                            "POST_COOLING_REMAINDER",
                            minutes=left,
                            where=f"(less than one full {cfg.unit_minutes_97009}-minute unit)",
                        )
                    )
                elif left:
                    edits.append(
                        make(
                            "POST_COOLING_REMAINDER",
                            minutes=left,
                            where=f"beyond the last full {cfg.unit_minutes_97009}-minute unit",
                        )
                    )
                minutes = timing.post_seconds // 60
                if minutes > cfg.post_cooling_long_minutes:
                    edits.append(
                        make(
                            "POST_COOLING_LONG",
                            minutes=minutes,
                            limit=cfg.post_cooling_long_minutes,
                        )
                    )
                if units > cfg.units_97009_warn_above:
                    edits.append(
                        make(
                            "UNITS_ABOVE_TYPICAL",
                            code=post.code,
                            units=units,
                            limit=cfg.units_97009_warn_above,
                        )
                    )
                if cfg.differs("units_97009"):
                    unverified.append(f"97009 units counted by the midpoint rule ({cfg.describe('units_97009')})")
            for info, units in wanted:
                if not info.in_force(dos):
                    edits.append(self._out_of_force(info, dos))
                cooling_lines.append(
                    ClaimLine(
                        info.code,
                        units,
                        pointers,
                        [],
                        cfg.revenue_code_scalp_cooling if hospital else None,
                    )
                )
            if family == "category_i":
                unverified.append(
                    "0662T/0663T are treated as deleted from 2026-01-01 (category_iii_after_2025=deleted)"
                    if cfg.category_iii_after_2025 == "deleted"
                    else "0662T/0663T allowed after 2025 (category_iii_after_2025=allowed)"
                )
            if family == "category_i" and not chemo_billed:
                edits.append(make("CHEMO_ADMIN_MISSING"))
        lines.extend(cooling_lines)

        # Add-on codes need a primary on the same date
        present = {line.code for line in lines}
        for line in lines:
            info = self.refdata.codes.get(line.code)
            if info is not None and info.addon_primaries and present.isdisjoint(info.addon_primaries):
                edits.append(
                    make(
                        "ADDON_WITHOUT_PRIMARY",
                        code=line.code,
                        primaries=", ".join(info.addon_primaries),
                        code_source=info.source,
                    )
                )

        # Documentation
        missing = []
        if not s.order_verified:
            missing.append("physician order verified")
        if not s.contraindications_screened:
            missing.append("contraindications screened")
        if s.device_serial is None:
            missing.append("device serial number")
        if missing:
            edits.append(make("DOCUMENTATION_INCOMPLETE", missing=", ".join(missing)))
        recommended = []
        if not s.tolerance_monitored:
            recommended.append("patient tolerance monitored")
        if not s.scalp_assessed:
            recommended.append("scalp assessed at removal")
        if s.cap_lot is None:
            recommended.append("cap lot")
        if recommended:
            edits.append(make("DOCUMENTATION_RECOMMENDED", missing=", ".join(recommended)))

        # Diagnoses
        if not profile.malignant:
            edits.append(make("NO_CANCER_DIAGNOSIS"))
        elif not profile.first_is_malignant:
            edits.append(make("DIAGNOSIS_ORDER", first=dotted(s.diagnoses[0])))
        for code, contra in profile.contraindicated:
            edits.append(
                make(
                    "CONTRAINDICATED_DIAGNOSIS",
                    diagnosis=dotted(code),
                    reason=contra.description.split(" (")[0].lower(),
                    set_source=contra.source,
                )
            )
        for code in profile.not_billable:
            description = self.refdata.icd10cm_descriptions.get(code, "")
            edits.append(make("DIAGNOSIS_NOT_BILLABLE", diagnosis=dotted(code), description=description))
        for code in profile.unknown:
            edits.append(
                make(
                    "DIAGNOSIS_UNKNOWN",
                    diagnosis=dotted(code),
                    year=self.refdata.icd_code_set_year,
                    icd_source=self.refdata.icd10cm_source,
                )
            )
        if len(s.diagnoses) > cfg.max_claim_diagnoses:
            edits.append(make("DIAGNOSES_OVER_12", count=len(s.diagnoses), limit=cfg.max_claim_diagnoses))

        if dos is not None:
            age = _age(s.patient_birth_date, dos)
            if age < cfg.adult_age_years:
                edits.append(make("PEDIATRIC_PATIENT", age=age))
        if s.regimen and self._taxane_anthracycline(s.regimen):
            edits.append(make("TAXANE_ANTHRACYCLINE_SAME_DAY", regimen=s.regimen))
        if s.payer.type == "medicare" and pos.number >= cfg.course_review_from_session:
            edits.append(
                make(
                    "COURSE_SESSIONS_REVIEW",
                    number=pos.number,
                    limit=cfg.course_review_from_session - 1,
                )
            )

        if hospital and dos is not None:
            for line in cooling_lines:
                info = self.refdata.codes[line.code]
                si = info.opps_indicator(dos.year)
                if si is not None and si.indicator == "N":
                    note = (
                        f" (status indicator read from {si.source}; unverified)" if si.confidence in ("U", "D") else ""
                    )
                    edits.append(
                        make(
                            "OPPS_PACKAGED",
                            code=line.code,
                            year=dos.year,
                            confidence=note,
                            si_source=si.source,
                        )
                    )

        coverage = None
        if dos is not None and dos >= self._first_cooling_date:
            coverage = self.coverage.judge(s, dos, profile.malignant)
            edits.extend(coverage.edits)
            if (
                coverage.determination == "diagnosis_not_covered"
                and s.payer.type == "medicare"
                and s.abn_obtained is not None
            ):
                modifier = "GA" if s.abn_obtained else "GZ"
                why = (
                    "an advance beneficiary notice is on file"
                    if s.abn_obtained
                    else "no advance beneficiary notice was obtained"
                )
                for line in cooling_lines:
                    line.modifiers.append(modifier)
                edits.append(make("MODIFIER_ABN", modifier=modifier, why=why))

        if unverified:
            edits.append(make("UNVERIFIED_SETTINGS", items="; ".join(unverified)))

        if s.payer.type == "self_pay":
            status = "self_pay"
        elif any(e.severity == "error" for e in edits):
            status = "hold"
        else:
            status = "ready"
        result: Result = {
            "session_id": s.session_id,
            "status": status,
            "date_of_service": dos.isoformat() if dos is not None else None,
            "lines": [line.as_dict() for line in lines],
            "edits": [e.as_dict() for e in edits],
            "diagnoses": [dotted(c) for c in profile.claim_codes],
            "course_session_number": pos.number,
        }
        if coverage is not None:
            result["coverage"] = coverage.as_dict()
        return result, fitting

    def _taxane_anthracycline(self, regimen: str) -> bool:
        hit = self._regimen_flags.get(regimen)
        if hit is None:
            regimen_id = self.refdata.regimen_aliases.get(regimen_key(regimen))
            hit = bool(regimen_id and self.refdata.regimens[regimen_id].taxane_anthracycline_same_day)
            if len(self._regimen_flags) < 10_000:
                self._regimen_flags[regimen] = hit
        return hit

    def _out_of_force(self, info: CodeInfo, dos: date) -> Edit:
        if info.effective_to is not None and dos > info.effective_to:
            if self.settings.category_iii_after_2025 == "allowed" and info.family == "category_iii":
                return self.edits.make("CATEGORY_III_AFTER_2025", code=info.code, date=dos.isoformat())
            replacement = (
                " / ".join(c.code for c in self._families.get("category_i", {}).values() if c.in_force(dos))
                or "the code in force"
            )
            return self.edits.make(
                "CODE_DELETED",
                code=info.code,
                date=dos.isoformat(),
                end=info.effective_to.isoformat(),
                replacement=replacement,
                code_source=info.source,
            )
        return self.edits.make("NO_CODE_FOR_DATE", date=dos.isoformat())


_ENGINES: dict[tuple[int, int], tuple[RefData, RuleSettings | None, CodingEngine]] = {}


def code_batch(
    records: Sequence[object],
    refdata: RefData,
    settings: RuleSettings | None = None,
    history: Mapping[tuple[str, str], CourseHistory] | None = None,
) -> list[Result]:
    """Code a batch with one long-lived engine per (refdata, settings) pair."""
    key = (id(refdata), id(settings))
    entry = _ENGINES.get(key)
    if entry is None or entry[0] is not refdata or entry[1] is not settings:
        entry = (refdata, settings, CodingEngine(refdata, settings))
        _ENGINES[key] = entry
    return entry[2].code_batch(records, history)
