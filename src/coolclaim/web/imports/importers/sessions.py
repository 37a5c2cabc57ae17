"""The sessions importer: a file of the coding contract's sessions (CSV, JSON Lines, JSON) for
one facility.

- validate: the coding engine's own validation of the contract, then what the facility and the
  database need (state and setting of the facility, times with a UTC offset, lengths);
- unit: the course (a course's sessions are written and coded in one chunk);
- compare: a session is found by ``(facility, session_id)``; it is *unchanged* when its
  contract columns, course, regimen and payer are the same; a patient_id whose stored (or
  earlier) birth date differs is rejected;
- write: patients, courses and coverages found or created (``clinic.services.ensure_records``),
  sessions written by the one writer (``clinic.services.record_session.record_sessions``), then
  coded in one engine batch and stored as claims (``billing.services.store_coded.code_loaded``): a new
  claim for a new session, a new version for a changed one, none for an unchanged one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.session import Session as Parsed
from coolclaim.io.session_files import detect_format, parse_records
from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action as Permission
from coolclaim.web.billing.models import ClaimLine
from coolclaim.web.billing.services.store_coded import code_loaded
from coolclaim.web.clinic.models import Patient, Session
from coolclaim.web.clinic.services.ensure_records import (
    PayerKey,
    coverage_key,
    ensure_courses,
    ensure_coverages,
    ensure_patients,
)
from coolclaim.web.clinic.services.record_session import record_sessions
from coolclaim.web.clinic.services.session_contract import CONTRACT_COLUMNS, restored_session, stored_values
from coolclaim.web.columns import column_range
from coolclaim.web.imports.pipeline.plan import Action, Planned, Progress, Reject

#: (contract field, attribute of the validated session, longest value the database holds)
_LIMITS = (
    ("patient_id", "patient_id", 40),
    ("course_id", "course_id", 64),
    ("session_id", "session_id", 64),
    ("regimen", "regimen", 100),
    ("device.model", "device_model", 100),
    ("device.serial", "device_serial", 100),
    ("device.cap_lot", "cap_lot", 100),
)
_TIMES = ("cooling_start", "infusion_start", "infusion_end", "cooling_end")
#: What the comparison reads of a stored session (and what writing it back needs).
_COMPARED = (
    "facility_id",
    "session_id",
    "documented_by_id",
    "service_date",
    "documentation_incomplete",
    *CONTRACT_COLUMNS,
    "course__patient__mrn",
    "course__patient__birth_date",
    "course__patient__facility_id",
    "course__reference",
    "course__regimen",
    "course__start_date",
    "coverage__payer_type",
    "coverage__payer_name",
    "coverage__funding",
    "coverage__group_size",
    "coverage__plan_state",
    "coverage__patient_id",
    "coverage__priority",
    "coverage__start_date",
    "coverage__end_date",
)


@dataclass(slots=True)
class SessionRecord:
    """A valid record: the contract's session, its stored columns and its payer's key."""

    parsed: Parsed
    values: dict[str, Any]
    payer_key: PayerKey

    # the preview page shows these
    @property
    def session_id(self) -> str:
        return self.parsed.session_id

    @property
    def patient_id(self) -> str:
        return self.parsed.patient_id

    @property
    def course_id(self) -> str:
        return self.parsed.course_id

    @property
    def cooling_start(self) -> dt.datetime | None:
        return self.parsed.cooling_start

    @property
    def payer(self) -> Any:
        return self.parsed.payer


def _engine() -> CodingEngine:
    from coolclaim import bootstrap

    return bootstrap.engine()


def _payer_key(parsed: Parsed, raw: Any, facility_state: str) -> PayerKey:
    payer = raw.get("payer") if isinstance(raw, dict) else None
    plan_state = payer.get("plan_state") if isinstance(payer, dict) else None
    plan_state = str(plan_state).strip().upper() if plan_state else ""
    if plan_state == facility_state:
        plan_state = ""
    p = parsed.payer
    return (p.type, p.name or "", p.funding or "", p.group_size or "", plan_state)


def _problems(parsed: Parsed, facility: Facility) -> list[dict[str, str]]:
    """What the facility and the database need beyond the contract's own validation."""
    problems: list[dict[str, str]] = []
    if parsed.facility_state != facility.state:
        problems.append(
            {
                "field": "facility_state",
                "message": f"is {parsed.facility_state}, but the facility is in {facility.state}",
            }
        )
    if parsed.setting != facility.setting:
        problems.append({"field": "setting", "message": f"is {parsed.setting}, but the facility is {facility.setting}"})
    for name in _TIMES:
        value = getattr(parsed, name)
        if value is not None and value.tzinfo is None:
            problems.append(
                {"field": name, "message": "needs a UTC offset to be stored, e.g. 2026-02-03T08:00:00-05:00"}
            )
    for name, attribute, limit in _LIMITS:
        value = getattr(parsed, attribute)
        if value is not None and len(value) > limit:
            problems.append({"field": name, "message": f"is longer than {limit} characters"})
    if parsed.payer.name is not None and len(parsed.payer.name) > 200:
        problems.append({"field": "payer.name", "message": "is longer than 200 characters"})
    most_units = column_range(ClaimLine, "units")[1]
    for index, line in enumerate(parsed.chemo_admin):
        if line.units > most_units:
            problems.append({"field": f"chemo_admin[{index}].units", "message": f"is more than {most_units}"})
    return problems


def _echo(item: SessionRecord) -> dict[str, Any]:
    """A compact copy of a valid record for a reject found after validation."""
    p = item.parsed
    return {
        "session_id": p.session_id,
        "patient_id": p.patient_id,
        "course_id": p.course_id,
        "patient_birth_date": p.patient_birth_date.isoformat(),
    }


def _local_day(parsed: Parsed, tz: ZoneInfo, fallback: dt.date) -> dt.date:
    for moment in (parsed.cooling_start, parsed.infusion_start, parsed.infusion_end, parsed.cooling_end):
        if moment is not None:
            return moment.astimezone(tz).date()
    return fallback


class SessionsImporter:
    kind = "sessions"
    permission = Permission.IMPORT_SESSIONS
    identity_field = "session_id"

    def __init__(self, engine: CodingEngine | None = None) -> None:
        self._engine = engine

    @property
    def engine(self) -> CodingEngine:
        if self._engine is None:
            self._engine = _engine()
        return self._engine

    # -- planning ------------------------------------------------------------------------
    def read(self, data: bytes, filename: str) -> tuple[str, list[object]]:
        file_format = detect_format(filename, data)
        return file_format, list(parse_records(data, file_format, filename))

    def validate(self, raw: object, position: int, facility: Facility) -> SessionRecord | Reject:
        parsed = self.engine.parse(raw)
        if not isinstance(parsed, Parsed):
            session_id = raw.get("session_id") if isinstance(raw, dict) else None
            shown = session_id if isinstance(session_id, str) else ""
            return Reject(position, shown[:200], [e.as_dict() for e in parsed], raw)
        problems = _problems(parsed, facility)
        if problems:
            return Reject(position, parsed.session_id[:200], problems, raw)
        return SessionRecord(parsed, stored_values(parsed), _payer_key(parsed, raw, facility.state))

    def identity(self, item: SessionRecord) -> str:
        return item.parsed.session_id

    def unit(self, item: SessionRecord) -> Hashable:
        return item.parsed.course_key

    # -- comparison ----------------------------------------------------------------------
    def compare(
        self, chunk: Sequence[Planned[SessionRecord]], facility: Facility, memory: MutableMapping[str, Any]
    ) -> list[Reject]:
        birth_dates: dict[str, dt.date] = memory.setdefault("birth_dates", {})
        mrns = sorted({p.item.parsed.patient_id for p in chunk} - birth_dates.keys())
        if mrns:
            birth_dates.update(
                Patient.objects.for_facility(facility).filter(mrn__in=mrns).values_list("mrn", "birth_date")
            )
        existing = {
            s.session_id: s
            for s in Session.objects.for_facility(facility)
            .filter(session_id__in=[p.item.parsed.session_id for p in chunk])
            .select_related("course__patient", "coverage")
            .only(*_COMPARED)
        }
        rejects: list[Reject] = []
        for planned in chunk:
            parsed = planned.item.parsed
            known = birth_dates.setdefault(parsed.patient_id, parsed.patient_birth_date)
            if known != parsed.patient_birth_date:
                error = {
                    "field": "patient_birth_date",
                    "message": "differs from the birth date already held for this patient_id",
                }
                rejects.append(Reject(planned.position, parsed.session_id, [error], _echo(planned.item)))
                continue
            stored = existing.get(parsed.session_id)
            if stored is None:
                planned.action, planned.changed, planned.existing = Action.NEW, [], None
            else:
                planned.existing = stored
                planned.changed = _differences(stored, planned.item, facility.state)
                planned.action = Action.CHANGED if planned.changed else Action.UNCHANGED
        return rejects

    # -- writing -------------------------------------------------------------------------
    def write(
        self,
        todo: Sequence[Planned[SessionRecord]],
        facility: Facility,
        actor: Any,
        reason: str,
        progress: Progress | None,
    ) -> dict[str, int]:
        if not todo:
            return {"new_claims": 0, "new_versions": 0}
        tz = ZoneInfo(facility.time_zone)
        today = timezone.localdate(timezone=tz)
        births: dict[str, dt.date] = {}
        course_days: dict[tuple[str, str], dt.date] = {}
        regimens: dict[tuple[str, str], str] = {}
        payer_days: dict[tuple[str, PayerKey], dt.date] = {}
        for planned in todo:
            parsed = planned.item.parsed
            births.setdefault(parsed.patient_id, parsed.patient_birth_date)
            day = _local_day(parsed, tz, today)
            key = parsed.course_key
            course_days[key] = min(day, course_days.get(key, day))
            if parsed.regimen and key not in regimens:
                regimens[key] = parsed.regimen
            payer = (parsed.patient_id, planned.item.payer_key)
            payer_days[payer] = min(day, payer_days.get(payer, day))
        patients = ensure_patients(facility, births, actor)
        courses = ensure_courses(facility, patients, course_days, regimens, actor)
        coverages = ensure_coverages(facility, patients, payer_days, actor)

        new: list[Session] = []
        changed: list[tuple[Session, list[str]]] = []
        for planned in todo:
            parsed = planned.item.parsed
            course = courses[parsed.course_key]
            coverage = coverages[(parsed.patient_id, planned.item.payer_key)]
            columns = {name: planned.item.values[name] for name in CONTRACT_COLUMNS}
            if planned.existing is None:
                session = Session(
                    facility=facility,
                    course=course,
                    coverage=coverage,
                    session_id=parsed.session_id,
                    documented_by=actor,
                    **columns,
                )
                new.append(session)
            else:
                session = planned.existing
                for name, value in columns.items():
                    setattr(session, name, value)
                session.course = course
                session.coverage = coverage
                session.facility = facility
                changed.append((session, planned.changed))
        record_sessions(facility, new, changed, actor=actor, announce=False)
        written = [*new, *(s for s, _ in changed)]
        # the engine reads what it would parse from the stored rows, without parsing them again
        by_id = {p.item.parsed.session_id: p.item.parsed for p in todo}
        restored = [restored_session(by_id[s.session_id], s) for s in written]
        summary = code_loaded(written, user=actor, reason=reason, engine=self.engine, parsed=restored)
        return {"new_claims": summary.new_claims, "new_versions": summary.new_versions}


def _differences(stored: Session, item: SessionRecord, facility_state: str) -> list[str]:
    values = item.values
    changed = [name for name in CONTRACT_COLUMNS if getattr(stored, name) != values[name]]
    course = stored.course
    if course.patient.mrn != item.parsed.patient_id or course.reference != item.parsed.course_id:
        changed.append("course")
    if (item.parsed.regimen or "") and course.regimen != item.parsed.regimen:
        changed.append("regimen")
    if stored.coverage is None or coverage_key(stored.coverage, facility_state) != item.payer_key:
        changed.append("payer")
    return changed
