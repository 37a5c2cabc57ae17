"""Codes one validated session at its place in the course: lines, edits, coverage, status.

Each step reads the session and appends to a draft; the order of the steps is the order in
which the edits appear to the user (timing, services, codes, documentation, diagnoses,
patient, course, payment, coverage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from coolclaim.coding.clock import local_date
from coolclaim.coding.diagnoses import DiagnosisProfile, DiagnosisRules, YearSets
from coolclaim.coding.documentation import missing_recommended, missing_required
from coolclaim.coding.edits import Edit, EditCatalogue
from coolclaim.coding.history import CoursePosition
from coolclaim.coding.lines import ClaimLine
from coolclaim.coding.result import CodedSession, Line
from coolclaim.coding.rule_settings import RuleSettings
from coolclaim.coding.session import Session, dotted
from coolclaim.coding.timing import Timing, session_timing, units_97009
from coolclaim.coverage.finding import CoverageFinding
from coolclaim.coverage.judge import CoverageJudge
from coolclaim.refdata.builders.regimens import regimen_key
from coolclaim.refdata.model import CodeInfo, RefData
from coolclaim.vocabulary import CodedStatus, CodeRole

#: HCPCS Level II drug codes (J0120-J9999): a drug, never an administration service.
_DRUG_CODE = re.compile(r"J[0-9]{4}")
#: Chemotherapy administration roles that are an initial service (reported once a date).
_INITIAL_ROLES = frozenset({CodeRole.CHEMO_FIRST, CodeRole.CHEMO_PROLONGED})


@dataclass(slots=True)
class _Draft:
    session: Session
    position: CoursePosition
    timing: Timing
    profile: DiagnosisProfile
    hospital: bool
    edits: list[Edit] = field(default_factory=list)
    lines: list[ClaimLine] = field(default_factory=list)
    cooling: list[ClaimLine] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    unverified_revenue: set[str] = field(default_factory=set)
    chemo_billed: bool = False
    fitting: tuple[str, date] | None = None
    coverage: CoverageFinding | None = None

    @property
    def dos(self) -> date | None:
        return self.timing.date_of_service


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _human_list(names: tuple[str, ...]) -> str:
    items = [n.replace("_", " ") for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class SessionCoder:
    """The rules for one session; built once per engine (reference data and settings)."""

    def __init__(
        self, refdata: RefData, settings: RuleSettings, edits: EditCatalogue, year_sets: YearSets | None = None
    ) -> None:
        self.refdata = refdata
        self.cfg = settings
        self.edits = edits
        self.diagnoses = DiagnosisRules(
            refdata, settings.max_claim_diagnoses, settings.max_diagnosis_pointers, year_sets
        )
        self.coverage = CoverageJudge(refdata, edits, self.diagnoses.in_set)
        self.state_zones = {code: state.time_zones for code, state in refdata.states.items()}
        self._dx_edits: dict[tuple[tuple[str, ...], int | None, tuple[str, ...]], tuple[Edit, ...]] = {}
        self._addon_edits: dict[tuple[str, ...], tuple[Edit, ...]] = {}
        self._opps_edits: dict[tuple[tuple[str, ...], int], tuple[Edit, ...]] = {}
        self._notes: dict[tuple[str, str], str] = {}
        self._unverified_edits: dict[tuple[str, ...], Edit] = {}
        self._shown: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lines: dict[tuple[tuple[object, ...], ...], tuple[Line, ...]] = {}
        self._revenue_notes: dict[frozenset[str], str] = {}  # at most 7 subsets of 3 settings
        # Notes that depend only on the settings, written once.
        unit = settings.unit_minutes_97009
        rule = "each full" if settings.units_97009 == "full" else "by the midpoint rule, each"
        self._post_note = (
            f"units counted {rule} {unit} minutes "
            f"({settings.describe('units_97009')}, {settings.describe('unit_minutes_97009')})"
        )
        self._fitting_note = f"is billed once per course ({settings.describe('fitting_97007_frequency')})"
        cooling = [info for info in refdata.codes.values() if info.kind == "scalp_cooling"]
        self.families: dict[str, dict[str, CodeInfo]] = {}
        for info in cooling:
            assert info.family is not None
            self.families.setdefault(info.family, {})[info.role] = info
        self.first_cooling_date = min(info.effective_from or date.max for info in cooling)
        self.category_i_start = min(info.effective_from or date.max for info in cooling if info.family == "category_i")
        self._regimen_flags: dict[str, bool] = {}
        old = sorted(self.families["category_iii"].values(), key=lambda c: c.code)
        old_codes = "/".join(c.code for c in old)
        end = max((c.effective_to for c in old if c.effective_to is not None), default=None)
        setting = self.cfg.describe("category_iii_after_2025")
        self._category_iii_note = (
            f"{old_codes} are treated as deleted after {end} ({setting})"
            if settings.category_iii_after_2025 == "deleted"
            else f"{old_codes} are allowed after {end} ({setting})"
        )

    def code(self, s: Session, pos: CoursePosition) -> tuple[CodedSession, tuple[str, date] | None]:
        """The coded session and, when this session bills the fitting, (fitting code, date)."""
        timing = session_timing(s, self.state_zones)
        profile = self.diagnoses.profile(s.diagnoses, timing.date_of_service)
        draft = _Draft(s, pos, timing, profile, s.setting == "hospital_outpatient")
        self._timing_edits(draft)
        self._em_and_chemo(draft)
        self._cooling_codes(draft)
        draft.lines.extend(draft.cooling)
        self._addons(draft)
        self._documentation(draft)
        self._diagnosis_edits(draft)
        self._patient_and_course(draft)
        self._opps(draft)
        self._coverage(draft)
        if draft.unverified_revenue:
            keys = frozenset(draft.unverified_revenue)
            note = self._revenue_notes.get(keys)
            if note is None:
                note = self._revenue_notes[keys] = self._revenue_note(keys)
            draft.unverified.append(note)
        if draft.unverified:
            draft.edits.append(self._unverified_edit(tuple(draft.unverified)))
        return self._result(draft), draft.fitting

    # -- steps -----------------------------------------------------------------------------
    def _timing_edits(self, d: _Draft) -> None:
        make, timing = self.edits.make, d.timing
        if timing.missing:
            d.edits.append(make("TIMES_MISSING", fields=_human_list(timing.missing)))
        if timing.no_offset:
            d.edits.append(make("TIMES_NO_OFFSET", fields=_human_list(timing.no_offset)))
        if timing.out_of_order:
            detail = "; ".join(p.replace("_", " ") for p in timing.out_of_order)
            d.edits.append(make("TIMES_OUT_OF_ORDER", detail=detail))
        if timing.zone_needed:
            zones = ", ".join(self.state_zones.get(d.session.facility_state, ()))
            d.edits.append(make("TIMEZONE_NEEDED", state=d.session.facility_state, zones=zones))
        if timing.offset_mismatch:
            d.edits.append(make("TIMES_OFFSET_MISMATCH", fields=_human_list(timing.offset_mismatch), zone=timing.zone))

    def _em_and_chemo(self, d: _Draft) -> None:
        s, cfg, make = d.session, self.cfg, self.edits.make
        revenue = cfg.revenue_code_chemo_admin if d.hospital else None
        if revenue is not None and s.chemo_admin:
            d.unverified_revenue.add("revenue_code_chemo_admin")
        for chemo in s.chemo_admin:
            info = self.refdata.codes.get(chemo.code)
            if info is not None and info.kind == "legacy":
                d.edits.append(
                    make(
                        "LEGACY_CODE",
                        code=chemo.code,
                        description=info.description,
                        replacement=info.replacement,
                        code_source=info.source,
                    )
                )
                continue
            if info is not None and info.kind in ("scalp_cooling", "em"):
                what, where = (
                    ("a scalp-cooling code", "coolclaim adds the cooling lines for the date itself")
                    if info.kind == "scalp_cooling"
                    else ("an E/M visit code", "send it as em_visit so modifier 25 is judged")
                )
                d.edits.append(make("CODE_NOT_CHEMO_ADMIN", code=chemo.code, what=what, where=where))
                continue
            if info is None and _DRUG_CODE.fullmatch(chemo.code):
                d.edits.append(make("DRUG_CODE_NOT_ADMINISTRATION", code=chemo.code))
                continue
            if info is not None and info.kind == "non_chemo_admin":
                d.edits.append(
                    make("NOT_CHEMOTHERAPY_ADMINISTRATION", code=chemo.code, description=info.description.lower())
                )
            elif info is None or info.kind != "chemo_admin":
                d.edits.append(make("CHEMO_CODE_UNRECOGNISED", code=chemo.code))
            else:
                d.chemo_billed = True
                if chemo.units > 1 and info.role in _INITIAL_ROLES:
                    d.edits.append(make("CHEMO_INITIAL_UNITS", code=chemo.code, units=chemo.units))
            d.lines.append(ClaimLine(chemo.code, chemo.units, d.profile.service_pointers, [], revenue))
        if s.em_code is not None:
            self._em(d, s.em_code)

    def _em(self, d: _Draft, code: str) -> None:
        s, make = d.session, self.edits.make
        if not s.em_separately_identifiable:
            d.edits.append(make("EM_NOT_SEPARATE", code=code))
            return
        info = self.refdata.codes[code]
        if info.role == "em_opps_clinic" and not d.hospital:
            d.edits.append(make("EM_G0463_NOT_OPPS", code=code))
            return
        if code == "99211" and d.chemo_billed:
            d.edits.append(make("EM_99211_WITH_DRUG_ADMINISTRATION"))
            return
        if info.role != "em_opps_clinic" and d.hospital and s.payer.type == "medicare":
            d.edits.append(make("EM_OPPS_USE_G0463", code=code))
        revenue = self.cfg.revenue_code_em if d.hospital else None
        if revenue is not None:
            d.unverified_revenue.add("revenue_code_em")
        d.lines.insert(0, ClaimLine(code, 1, (1,), ["25"], revenue))

    def _cooling_codes(self, d: _Draft) -> None:
        dos, cfg, make = d.dos, self.cfg, self.edits.make
        if dos is None:
            return  # TIMES_MISSING already holds the claim
        if dos < self.first_cooling_date:
            d.edits.append(make("NO_CODE_FOR_DATE", date=dos.isoformat()))
            return
        category_iii = cfg.code_family == "category_iii" or dos < self.category_i_start
        codes = self.families["category_iii" if category_iii else "category_i"]
        wanted: list[tuple[CodeInfo, int]] = []
        if d.session.cap_fitting:
            wanted.extend(self._fitting(d, codes["fitting"], dos, category_iii))
        wanted.append((codes["session"], 1))
        post = codes.get("post_cooling")
        if post is not None and d.timing.post_seconds is not None:
            units = self._post_cooling(d, post, d.timing.post_seconds)
            if units:
                wanted.append((post, units))
        revenue = cfg.revenue_code_scalp_cooling if d.hospital else None
        if revenue is not None:
            d.unverified_revenue.add("revenue_code_scalp_cooling")
        for info, units in wanted:
            if not info.in_force(dos):
                d.edits.append(self._out_of_force(info, dos))
            d.cooling.append(ClaimLine(info.code, units, d.profile.service_pointers, [], revenue))
        if not category_iii:
            d.unverified.append(self._category_iii_note)
            if not d.chemo_billed:
                d.edits.append(make("CHEMO_ADMIN_MISSING"))

    def _fitting(self, d: _Draft, fit: CodeInfo, dos: date, category_iii: bool) -> list[tuple[CodeInfo, int]]:
        pos = d.position
        if not category_iii:
            d.unverified.append(self._noted(fit.code, self._fitting_note))
        if pos.fitting_billed:
            previous = (
                f"{pos.fitting_code} on {pos.fitting_date}"
                if pos.fitting_code
                else "at an earlier session, code and date not recorded"
            )
            d.edits.append(self.edits.make("FITTING_ALREADY_BILLED", previous=previous, code=fit.code))
            return []
        d.fitting = (fit.code, dos)
        return [(fit, 1)]

    def _post_cooling(self, d: _Draft, post: CodeInfo, seconds: int) -> int:
        cfg, make = self.cfg, self.edits.make
        unit = cfg.unit_minutes_97009
        units, remainder = units_97009(seconds, cfg.units_97009, unit * 60)
        left = remainder // 60
        if units == 0:
            d.edits.append(
                make("POST_COOLING_REMAINDER", minutes=left, where=f"(less than one full {unit}-minute unit)")
            )
        elif left:
            d.edits.append(
                make("POST_COOLING_REMAINDER", minutes=left, where=f"beyond the last full {unit}-minute unit")
            )
        if seconds > cfg.post_cooling_long_minutes * 60:  # exact seconds, not truncated minutes
            minutes = seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 2)
            d.edits.append(make("POST_COOLING_LONG", minutes=minutes, limit=cfg.post_cooling_long_minutes))
        if units > cfg.units_97009_warn_above:
            d.edits.append(make("UNITS_ABOVE_TYPICAL", code=post.code, units=units, limit=cfg.units_97009_warn_above))
            if "units_97009_warn_above" in cfg.unverified:
                d.unverified.append(
                    f"warning above {cfg.units_97009_warn_above} units ({cfg.describe('units_97009_warn_above')})"
                )
        d.unverified.append(self._noted(post.code, self._post_note))
        return units

    def _addons(self, d: _Draft) -> None:
        timing = d.timing
        if d.cooling and d.chemo_billed and d.dos is not None and d.session.infusion_start is not None:
            start = d.session.infusion_start
            infusion_day = start.date() if not timing.offset_mismatch else local_date(start, timing.zone)
            if infusion_day != d.dos and not timing.out_of_order:
                d.edits.append(
                    self.edits.make("ADDON_DATE_DIFFERS", cooling=d.dos.isoformat(), infusion=infusion_day.isoformat())
                )
        codes = tuple([line.code for line in d.lines])
        found = self._addon_edits.get(codes)
        if found is None:
            found = self._addon_edits_of(codes)
            if len(self._addon_edits) < 100_000:
                self._addon_edits[codes] = found
        d.edits.extend(found)

    def _addon_edits_of(self, codes: tuple[str, ...]) -> tuple[Edit, ...]:
        """ADDON_WITHOUT_PRIMARY for each add-on line whose primary is not on the claim."""
        present = set(codes)
        edits = []
        for code in codes:
            info = self.refdata.codes.get(code)
            if info is not None and info.addon_primaries and present.isdisjoint(info.addon_primaries):
                edits.append(
                    self.edits.make(
                        "ADDON_WITHOUT_PRIMARY",
                        code=code,
                        primaries=", ".join(info.addon_primaries),
                        code_source=info.source,
                    )
                )
        return tuple(edits)

    def _documentation(self, d: _Draft) -> None:
        s = d.session
        if (
            s.order_verified
            and s.contraindications_screened
            and s.device_serial
            and s.tolerance_monitored
            and s.scalp_assessed
            and s.cap_lot
        ):
            return  # complete: the usual case
        required = missing_required(s.order_verified, s.contraindications_screened, s.device_serial)
        if required:
            d.edits.append(self.edits.make("DOCUMENTATION_INCOMPLETE", missing=", ".join(required)))
        recommended = missing_recommended(s.tolerance_monitored, s.scalp_assessed, s.cap_lot)
        if recommended:
            d.edits.append(self.edits.make("DOCUMENTATION_RECOMMENDED", missing=", ".join(recommended)))

    def _diagnosis_edits(self, d: _Draft) -> None:
        """The diagnosis edits: the same for every session with the same list in the same year
        (and the same codes left unchecked for want of the year's April update)."""
        key = (d.session.diagnoses, d.profile.fiscal_year, d.profile.april_unchecked)
        found = self._dx_edits.get(key)
        if found is None:
            found = self._diagnosis_edits_of(d.profile, d.session.diagnoses)
            if len(self._dx_edits) < 100_000:
                self._dx_edits[key] = found
        d.edits.extend(found)

    def _diagnosis_edits_of(self, profile: DiagnosisProfile, diagnoses: tuple[str, ...]) -> tuple[Edit, ...]:
        make = self.edits.make
        edits: list[Edit] = []
        limit = self.cfg.max_claim_diagnoses
        if profile.repeated:
            edits.append(make("DIAGNOSIS_REPEATED", diagnoses=", ".join(dotted(c) for c in profile.repeated)))
        if profile.beyond_claim:
            code, place = profile.beyond_claim[0]
            edits.append(make("DIAGNOSIS_BEYOND_CLAIM", diagnosis=dotted(code), place=place, limit=limit))
        elif not profile.malignant:
            edits.append(make("NO_CANCER_DIAGNOSIS"))
        elif not profile.first_is_malignant:
            edits.append(make("DIAGNOSIS_ORDER", first=dotted(profile.claim_codes[0])))
        for code, contra in profile.contraindicated:
            reason = contra.description.split(" (")[0].lower()
            edits.append(
                make("CONTRAINDICATED_DIAGNOSIS", diagnosis=dotted(code), reason=reason, set_source=contra.source)
            )
        if not profile.year_loaded and profile.fiscal_year is not None:
            year = profile.fiscal_year
            edits.append(
                make(
                    "ICD10CM_YEAR_NOT_LOADED",
                    year=year,
                    start=f"{year - 1}-10-01",
                    end=f"{year}-09-30",
                    loaded=", ".join(f"FY{y}" for y in self.refdata.icd10cm_years) or "none",
                )
            )
        code_set = profile.code_set
        for code in profile.not_billable:
            description = code_set.description(code) if code_set is not None else ""
            edits.append(make("DIAGNOSIS_NOT_BILLABLE", diagnosis=dotted(code), description=description))
        for code in profile.unknown:
            edits.append(
                make(
                    "DIAGNOSIS_UNKNOWN",
                    diagnosis=dotted(code),
                    year=f"FY{profile.fiscal_year}",
                    icd_source=code_set.source if code_set is not None else "",
                )
            )
        if profile.april_unchecked and profile.fiscal_year is not None:
            year = profile.fiscal_year
            for code in profile.april_unchecked:
                edits.append(
                    make(
                        "DIAGNOSIS_APRIL_UPDATE_NOT_LOADED",
                        diagnosis=dotted(code),
                        year=f"FY{year}",
                        april=f"{year}-04-01",
                        next_year=f"FY{year + 1}",
                    )
                )
        if len(diagnoses) > limit:
            unique = len(dict.fromkeys(diagnoses))
            if unique > limit:
                edits.append(make("DIAGNOSES_OVER_12", count=unique, limit=limit))
        return tuple(edits)

    def _patient_and_course(self, d: _Draft) -> None:
        s, cfg, make = d.session, self.cfg, self.edits.make
        if d.dos is not None:
            age = _age(s.patient_birth_date, d.dos)
            if age < cfg.adult_age_years:
                d.edits.append(make("PEDIATRIC_PATIENT", age=age))
        if s.regimen and self._taxane_anthracycline(s.regimen):
            d.edits.append(make("TAXANE_ANTHRACYCLINE_SAME_DAY", regimen=s.regimen))
        if s.payer.type == "medicare" and d.position.number >= cfg.course_review_from_session:
            d.edits.append(
                make("COURSE_SESSIONS_REVIEW", number=d.position.number, limit=cfg.course_review_from_session - 1)
            )

    def _opps(self, d: _Draft) -> None:
        if not d.hospital or d.dos is None:
            return
        # The same for every session with the same cooling codes in the same year.
        key = (tuple([line.code for line in d.cooling]), d.dos.year)
        found = self._opps_edits.get(key)
        if found is None:
            found = self._opps_edits_of(*key)
            if len(self._opps_edits) < 100_000:
                self._opps_edits[key] = found
        d.edits.extend(found)

    def _opps_edits_of(self, codes: tuple[str, ...], year: int) -> tuple[Edit, ...]:
        edits: list[Edit] = []
        for code in codes:
            si = self.refdata.codes[code].opps_indicator(year)
            if si is None:
                edits.append(self.edits.make("OPPS_STATUS_UNKNOWN", code=code, year=year))
            elif si.indicator == "N":
                note = f" (status indicator read from {si.source}; unverified)" if si.confidence in ("U", "D") else ""
                edits.append(
                    self.edits.make("OPPS_PACKAGED", code=code, year=year, confidence=note, si_source=si.source)
                )
        return tuple(edits)

    def _coverage(self, d: _Draft) -> None:
        s = d.session
        if d.dos is None or d.dos < self.first_cooling_date:
            return
        d.coverage = self.coverage.judge(s, d.dos, d.profile)
        d.edits.extend(d.coverage.edits)
        if (
            d.coverage.determination in ("diagnosis_not_covered", "not_covered")
            and s.payer.type == "medicare"
            and s.abn_obtained is not None
        ):
            modifier = "GA" if s.abn_obtained else "GZ"
            why = (
                "an advance beneficiary notice is on file"
                if s.abn_obtained
                else "no advance beneficiary notice was obtained"
            )
            for line in d.cooling:
                line.modifiers.append(modifier)
            d.edits.append(self.edits.make("MODIFIER_ABN", modifier=modifier, why=why))

    # -- helpers ---------------------------------------------------------------------------
    def _result(self, d: _Draft) -> CodedSession:
        if d.session.payer.type == "self_pay":
            status = CodedStatus.SELF_PAY
        else:
            status = CodedStatus.READY
            for edit in d.edits:
                if edit.severity == "error":
                    status = CodedStatus.HOLD
                    break
        return CodedSession(
            session_id=d.session.session_id,
            status=status,
            date_of_service=d.dos,
            lines=self._frozen_lines(d.lines),
            edits=tuple(d.edits),
            diagnoses=self._dotted(d.profile.claim_codes),
            course_session_number=d.position.number,
            coverage=d.coverage,
        )

    def _frozen_lines(self, lines: list[ClaimLine]) -> tuple[Line, ...]:
        """The claim's lines as one shared tuple per distinct set of lines (lines are
        immutable once made, and the same few repeat across sessions)."""
        key = tuple([(x.code, x.units, x.diagnosis_pointers, tuple(x.modifiers), x.revenue_code) for x in lines])
        found = self._lines.get(key)
        if found is None:
            found = tuple([line.freeze() for line in lines])
            if len(self._lines) < 100_000:
                self._lines[key] = found
        return found

    def _dotted(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        shown = self._shown.get(codes)
        if shown is None:
            shown = tuple(dotted(c) for c in codes)
            if len(self._shown) < 100_000:
                self._shown[codes] = shown
        return shown

    def _revenue_note(self, keys: frozenset[str]) -> str:
        named = [
            f"{what} {getattr(self.cfg, key)}"
            for key, what in (
                ("revenue_code_em", "clinic visit"),
                ("revenue_code_chemo_admin", "chemotherapy administration"),
                ("revenue_code_scalp_cooling", "scalp cooling"),
            )
            if key in keys
        ]
        settings = ", ".join(self.cfg.describe(key) for key in sorted(keys))
        return f"revenue codes chosen by setting, not by a CMS instruction: {', '.join(named)} ({settings})"

    def _noted(self, code: str, note: str) -> str:
        """"<code> <note>", one string object per pair (its hash is computed once)."""
        text = self._notes.get((code, note))
        if text is None:
            text = self._notes[(code, note)] = f"{code} {note}"  # a few codes, two notes
        return text

    def _unverified_edit(self, items: tuple[str, ...]) -> Edit:
        """UNVERIFIED_SETTINGS for these notes, made once per distinct list."""
        edit = self._unverified_edits.get(items)
        if edit is None:
            edit = self.edits.make("UNVERIFIED_SETTINGS", items="; ".join(items))
            if len(self._unverified_edits) < 10_000:
                self._unverified_edits[items] = edit
        return edit

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
            if self.cfg.category_iii_after_2025 == "allowed" and info.family == "category_iii":
                return self.edits.make("CATEGORY_III_AFTER_2025", code=info.code, date=dos.isoformat())
            replacement = (
                " / ".join(c.code for c in self.families.get("category_i", {}).values() if c.in_force(dos))
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
