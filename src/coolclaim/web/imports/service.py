"""Import a file of sessions for one facility: the one service behind the page and the CLI.

- :func:`plan_import` reads the file (``coolclaim.io.session_files``), validates every record
  with the coding engine and the facility, and compares it with what is stored: each valid
  record is *new*, *changed* or *unchanged*; every other record is rejected with every reason.
  It writes nothing (the page shows it as the preview).
- :func:`apply_plan` writes a plan in one transaction: patients (the contract's
  ``patient_id`` is the MRN), courses (``course_id`` is the course reference), coverages (one
  per distinct payer of a patient), sessions, then codes the new and changed sessions through
  :func:`coolclaim.web.billing.coding_service.code_sessions` — a new claim for a new session, a
  new version with a reason for a changed one, nothing for an unchanged one — and stores the
  rejected records. Any failure rolls the whole batch back.
- :func:`import_sessions` is both in one call (the command line).

Idempotent by ``(facility, session_id)``: a re-sent file never bills twice. Lookups and writes
are in bulk (a fixed number of queries per chunk of records, never one per record).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.session import Session as Parsed
from coolclaim.coding.session import dotted
from coolclaim.io.session_files import BadLine, UnreadableInput, detect_format, parse_records
from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import acting_as, audit_bulk_create
from coolclaim.web.billing.coding_service import CodingSummary, code_sessions
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session
from coolclaim.web.clinic.signals import sessions_changed
from coolclaim.web.imports.models import BatchStatus, ImportBatch, RejectedRecord

logger = logging.getLogger(__name__)

__all__ = [
    "ImportPlan",
    "ImportResult",
    "UnreadableInput",
    "apply_plan",
    "import_sessions",
    "plan_import",
    "preview_batch",
    "stage_batch",
]

#: Records looked up / written / coded per round of bulk queries.
CHUNK = 2000
#: Largest file the service accepts (bytes).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Columns of the session that an import sets (compared to tell changed from unchanged).
SESSION_FIELDS = (
    "cap_fitting",
    "cooling_start",
    "infusion_start",
    "infusion_end",
    "cooling_end",
    "chemo_admin",
    "diagnoses",
    "device_model",
    "device_serial",
    "cap_lot",
    "order_verified",
    "contraindications_screened",
    "tolerance_monitored",
    "scalp_assessed",
    "em_code",
    "em_separately_identifiable",
    "abn_obtained",
)
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
Progress = Callable[[str, int, int], None]
PayerKey = tuple[str, str, str, str, str]


def _engine() -> CodingEngine:
    from coolclaim import bootstrap

    return bootstrap.engine()


# --- the plan --------------------------------------------------------------------------------
@dataclass
class Reject:
    position: int
    session_id: str
    errors: list[dict[str, str]]
    record: Any
    line: int | None = None


@dataclass
class Planned:
    """A valid record and what importing it does: ``new``, ``changed`` or ``unchanged``."""

    position: int
    parsed: Parsed
    values: dict[str, Any]
    action: str = "new"
    changed: list[str] = field(default_factory=list)
    existing: Session | None = None


@dataclass
class ImportPlan:
    filename: str
    file_format: str
    facility: Facility
    records: int
    valid: list[Planned]
    rejects: list[Reject]

    def count(self, action: str) -> int:
        return sum(1 for p in self.valid if p.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "records": self.records,
            "new": self.count("new"),
            "changed": self.count("changed"),
            "unchanged": self.count("unchanged"),
            "rejected": len(self.rejects),
        }


@dataclass
class ImportResult:
    batch: ImportBatch
    plan: ImportPlan
    coding: CodingSummary


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _session_values(parsed: Parsed) -> dict[str, Any]:
    """The session's stored columns from a validated record."""
    return {
        "cap_fitting": parsed.cap_fitting,
        "cooling_start": parsed.cooling_start,
        "infusion_start": parsed.infusion_start,
        "infusion_end": parsed.infusion_end,
        "cooling_end": parsed.cooling_end,
        "chemo_admin": [{"code": c.code, "units": c.units} for c in parsed.chemo_admin],
        "diagnoses": [dotted(code) for code in parsed.diagnoses],
        "device_model": parsed.device_model or "",
        "device_serial": parsed.device_serial or "",
        "cap_lot": parsed.cap_lot or "",
        "order_verified": parsed.order_verified,
        "contraindications_screened": parsed.contraindications_screened,
        "tolerance_monitored": parsed.tolerance_monitored,
        "scalp_assessed": parsed.scalp_assessed,
        "em_code": parsed.em_code or "",
        "em_separately_identifiable": parsed.em_separately_identifiable,
        "abn_obtained": parsed.abn_obtained,
    }


def _payer_key(parsed: Parsed, raw: Any, facility_state: str) -> PayerKey:
    payer = raw.get("payer") if isinstance(raw, dict) else None
    plan_state = payer.get("plan_state") if isinstance(payer, dict) else None
    plan_state = str(plan_state).strip().upper() if plan_state else ""
    if plan_state == facility_state:
        plan_state = ""
    p = parsed.payer
    return (p.type, p.name or "", p.funding or "", p.group_size or "", plan_state)


def _coverage_key(coverage: Coverage, facility_state: str) -> PayerKey:
    plan_state = "" if coverage.plan_state in ("", facility_state) else coverage.plan_state
    return (
        coverage.payer_type,
        coverage.payer_name,
        coverage.funding or "",
        coverage.group_size or "",
        plan_state,
    )


def _record_problems(parsed: Parsed, facility: Facility) -> list[dict[str, str]]:
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
    for name in ("cooling_start", "infusion_start", "infusion_end", "cooling_end"):
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
    return problems


def plan_import(data: bytes, filename: str, facility: Facility, progress: Progress | None = None) -> ImportPlan:
    """Read, validate and compare a file with what is stored. Writes nothing.

    Raises :class:`UnreadableInput` when the file cannot be read as sessions at all.
    """
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableInput(f"{filename}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    file_format = detect_format(filename, data)
    records = parse_records(data, file_format, filename)
    engine = _engine()
    lines = data.splitlines() if any(isinstance(r, BadLine) for r in records) else []
    valid: list[Planned] = []
    rejects: list[Reject] = []
    seen_sessions: dict[str, int] = {}
    for position, raw in enumerate(records, start=1):
        if isinstance(raw, BadLine):
            text = lines[raw.line - 1].decode("utf-8", errors="replace") if raw.line <= len(lines) else ""
            rejects.append(
                Reject(
                    position,
                    "",
                    [{"field": f"(line {raw.line})", "message": f"is not valid JSON: {raw.reason}"}],
                    text,
                    raw.line,
                )
            )
            continue
        parsed = engine.parse(raw)
        session_id = raw.get("session_id") if isinstance(raw, dict) else None
        shown_id = session_id if isinstance(session_id, str) else ""
        if not isinstance(parsed, Parsed):
            rejects.append(Reject(position, shown_id[:200], [e.as_dict() for e in parsed], raw))
            continue
        assert isinstance(raw, dict)
        problems = _record_problems(parsed, facility)
        first = seen_sessions.get(parsed.session_id)
        if first is not None:
            problems.append({"field": "session_id", "message": f"appears already as record {first} of this file"})
        if problems:
            rejects.append(Reject(position, parsed.session_id[:200], problems, raw))
            continue
        seen_sessions[parsed.session_id] = position
        values = _session_values(parsed)
        values["payer_key"] = _payer_key(parsed, raw, facility.state)
        valid.append(Planned(position, parsed, values))
        if progress is not None and position % CHUNK == 0:
            progress("validate", position, len(records))
    plan = ImportPlan(filename, file_format, facility, len(records), valid, rejects)
    _compare_with_stored(plan)
    if progress is not None:
        progress("validate", len(records), len(records))
    return plan


def _compare_with_stored(plan: ImportPlan) -> None:
    """Mark each valid record new/changed/unchanged; reject birth dates that contradict the
    stored patient (bulk lookups, a fixed number of queries per chunk)."""
    facility = plan.facility
    birth_dates: dict[str, dt.date] = {}
    for mrns in _chunks(sorted({p.parsed.patient_id for p in plan.valid})):
        birth_dates.update(Patient.objects.for_facility(facility).filter(mrn__in=mrns).values_list("mrn", "birth_date"))
    existing: dict[str, Session] = {}
    for ids in _chunks([p.parsed.session_id for p in plan.valid]):
        for session in (
            Session.objects.for_facility(facility)
            .filter(session_id__in=ids)
            .select_related("course__patient", "coverage")
        ):
            existing[session.session_id] = session
    kept: list[Planned] = []
    for planned in plan.valid:
        parsed = planned.parsed
        known = birth_dates.setdefault(parsed.patient_id, parsed.patient_birth_date)
        if known != parsed.patient_birth_date:
            plan.rejects.append(
                Reject(
                    planned.position,
                    parsed.session_id,
                    [
                        {
                            "field": "patient_birth_date",
                            "message": "differs from the birth date already held for this patient_id",
                        }
                    ],
                    _contract_echo(planned),
                )
            )
            continue
        stored = existing.get(parsed.session_id)
        if stored is not None:
            planned.existing = stored
            planned.changed = _differences(stored, planned, facility.state)
            planned.action = "changed" if planned.changed else "unchanged"
        kept.append(planned)
    plan.valid = kept
    plan.rejects.sort(key=lambda r: r.position)


def _contract_echo(planned: Planned) -> dict[str, Any]:
    """A compact copy of a valid record for a reject found after parsing."""
    p = planned.parsed
    return {
        "session_id": p.session_id,
        "patient_id": p.patient_id,
        "course_id": p.course_id,
        "patient_birth_date": p.patient_birth_date.isoformat(),
    }


def _differences(stored: Session, planned: Planned, facility_state: str) -> list[str]:
    values = planned.values
    changed = [name for name in SESSION_FIELDS if getattr(stored, name) != values[name]]
    course = stored.course
    if course.patient.mrn != planned.parsed.patient_id or course.reference != planned.parsed.course_id:
        changed.append("course")
    if (planned.parsed.regimen or "") and course.regimen != planned.parsed.regimen:
        changed.append("regimen")
    if stored.coverage is None or _coverage_key(stored.coverage, facility_state) != values["payer_key"]:
        changed.append("payer")
    return changed


# --- applying a plan -----------------------------------------------------------------------
def _local_day(parsed: Parsed, tz: ZoneInfo, fallback: dt.date) -> dt.date:
    for moment in (parsed.cooling_start, parsed.infusion_start, parsed.infusion_end, parsed.cooling_end):
        if moment is not None:
            return moment.astimezone(tz).date()
    return fallback


def apply_plan(
    plan: ImportPlan,
    user: Any,
    batch: ImportBatch,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a plan in one transaction and record the batch; on failure nothing is written
    and the batch is marked failed (then the error is raised again)."""
    if user is not None:
        require(user, Action.IMPORT_SESSIONS, plan.facility)
    try:
        with transaction.atomic(), acting_as(user):
            coding = _write(plan, user, batch, progress)
    except Exception as exc:
        batch.status = BatchStatus.FAILED
        batch.failure = f"{type(exc).__name__}: the batch was rolled back, nothing was imported"[:300]
        batch.save(update_fields=["status", "failure"])
        logger.warning("import batch %s failed (%s); rolled back", batch.pk, type(exc).__name__)
        raise
    logger.info(
        "import batch %s: %d records, %d new, %d changed, %d unchanged, %d rejected",
        batch.pk,
        plan.records,
        batch.created,
        batch.updated,
        batch.unchanged,
        batch.rejected,
    )
    return ImportResult(batch, plan, coding)


def _write(plan: ImportPlan, user: Any, batch: ImportBatch, progress: Progress | None) -> CodingSummary:
    facility = plan.facility
    tz = ZoneInfo(facility.time_zone)
    today = timezone.localdate(timezone=tz)
    todo = [p for p in plan.valid if p.action != "unchanged"]
    actor = user if getattr(user, "is_authenticated", False) else None

    patients = _ensure_patients(facility, todo, actor)
    courses = _ensure_courses(facility, patients, todo, tz, today, actor)
    coverages = _ensure_coverages(facility, patients, todo, tz, today, actor)

    new_sessions: list[Session] = []
    changed_sessions: list[Session] = []
    for planned in todo:
        parsed = planned.parsed
        course = courses[(parsed.patient_id, parsed.course_id)]
        coverage = coverages[(parsed.patient_id, planned.values["payer_key"])]
        columns = {name: planned.values[name] for name in SESSION_FIELDS}
        if planned.existing is None:
            new_sessions.append(
                Session(
                    facility=facility,
                    course=course,
                    coverage=coverage,
                    session_id=parsed.session_id,
                    documented_by=actor,
                    **columns,
                )
            )
        else:
            session = planned.existing
            for name, value in columns.items():
                setattr(session, name, value)
            session.course = course
            session.coverage = coverage
            changed_sessions.append(session)
    now = timezone.now()
    for session in (*new_sessions, *changed_sessions):
        session.set_derived(facility.time_zone)  # stored date of service and documentation state
    Session.objects.bulk_create(new_sessions, batch_size=500)
    for session in changed_sessions:
        session.updated_at = now
    Session.objects.bulk_update(
        changed_sessions,
        [*SESSION_FIELDS, "course", "coverage", "updated_at", "service_date", "documentation_incomplete"],
        batch_size=500,
    )
    sessions_changed.send(sender=Session, session_ids=[s.pk for s in (*new_sessions, *changed_sessions)])
    audit_bulk_create(actor, new_sessions)
    _audit_updates(actor, changed_sessions, {p.existing.pk: p.changed for p in todo if p.existing is not None})

    coding = _code(new_sessions + changed_sessions, actor, batch, plan.filename, progress)

    RejectedRecord.objects.bulk_create(
        [
            RejectedRecord(
                batch=batch,
                position=r.position,
                line=r.line,
                session_id=r.session_id[:200],
                errors=r.errors,
                record=r.record,
            )
            for r in plan.rejects
        ],
        batch_size=500,
    )
    counts = plan.counts
    batch.status = BatchStatus.APPLIED
    batch.records = counts["records"]
    batch.created = counts["new"]
    batch.updated = counts["changed"]
    batch.unchanged = counts["unchanged"]
    batch.rejected = counts["rejected"]
    batch.new_claims = coding.new_claims
    batch.new_versions = coding.new_versions
    batch.applied_at = timezone.now()
    batch.save()
    return coding


def _ensure_patients(facility: Facility, todo: Sequence[Planned], actor: Any) -> dict[str, Patient]:
    wanted: dict[str, dt.date] = {}
    for planned in todo:
        wanted.setdefault(planned.parsed.patient_id, planned.parsed.patient_birth_date)
    found: dict[str, Patient] = {}
    for mrns in _chunks(sorted(wanted)):
        for patient in Patient.objects.for_facility(facility).filter(mrn__in=mrns):
            found[patient.mrn] = patient
    missing = [
        Patient(facility=facility, mrn=mrn, family_name="", given_name="", birth_date=birth)
        for mrn, birth in wanted.items()
        if mrn not in found
    ]
    Patient.objects.bulk_create(missing, batch_size=500)
    audit_bulk_create(actor, missing)
    found.update((p.mrn, p) for p in missing)
    return found


def _ensure_courses(
    facility: Facility,
    patients: dict[str, Patient],
    todo: Sequence[Planned],
    tz: ZoneInfo,
    today: dt.date,
    actor: Any,
) -> dict[tuple[str, str], Course]:
    first_day: dict[tuple[str, str], dt.date] = {}
    regimen: dict[tuple[str, str], str] = {}
    for planned in todo:
        key = (planned.parsed.patient_id, planned.parsed.course_id)
        day = _local_day(planned.parsed, tz, today)
        first_day[key] = min(day, first_day.get(key, day))
        if planned.parsed.regimen and key not in regimen:
            regimen[key] = planned.parsed.regimen
    mrn_of = {p.pk: mrn for mrn, p in patients.items()}
    found: dict[tuple[str, str], Course] = {}
    keys = sorted(first_day)
    for part in _chunks(keys):
        patient_ids = {patients[mrn].pk for mrn, _ in part}
        references = {ref for _, ref in part}
        for course in Course.objects.for_facility(facility).filter(
            patient_id__in=patient_ids, reference__in=references
        ):
            key = (mrn_of[course.patient_id], course.reference)
            if key in first_day:
                found[key] = course
    missing: list[Course] = []
    for key in keys:
        if key not in found:
            missing.append(
                Course(
                    patient=patients[key[0]],
                    reference=key[1],
                    regimen=regimen.get(key, ""),
                    start_date=first_day[key],
                )
            )
    Course.objects.bulk_create(missing, batch_size=500)
    audit_bulk_create(actor, missing)
    regimen_changed = [c for key, c in found.items() if regimen.get(key) and c.regimen != regimen[key]]
    for course in regimen_changed:
        course.regimen = regimen[(mrn_of[course.patient_id], course.reference)]
        course.updated_at = timezone.now()
    Course.objects.bulk_update(regimen_changed, ["regimen", "updated_at"], batch_size=500)
    _audit_updates(actor, regimen_changed, {c.pk: ["regimen"] for c in regimen_changed})
    found.update(((mrn_of[c.patient_id], c.reference), c) for c in missing)
    return found


def _ensure_coverages(
    facility: Facility,
    patients: dict[str, Patient],
    todo: Sequence[Planned],
    tz: ZoneInfo,
    today: dt.date,
    actor: Any,
) -> dict[tuple[str, PayerKey], Coverage]:
    first_day: dict[tuple[str, PayerKey], dt.date] = {}
    for planned in todo:
        key = (planned.parsed.patient_id, planned.values["payer_key"])
        day = _local_day(planned.parsed, tz, today)
        first_day[key] = min(day, first_day.get(key, day))
    mrn_of = {p.pk: mrn for mrn, p in patients.items()}
    found: dict[tuple[str, PayerKey], Coverage] = {}
    patient_ids = sorted({patients[mrn].pk for mrn, _ in first_day})
    for part in _chunks(patient_ids):
        for coverage in Coverage.objects.for_facility(facility).filter(patient_id__in=part).order_by("priority", "pk"):
            key = (mrn_of[coverage.patient_id], _coverage_key(coverage, facility.state))
            if key in first_day:
                found.setdefault(key, coverage)
    missing: list[Coverage] = []
    for key, day in first_day.items():
        if key in found:
            continue
        payer_type, name, funding, group_size, plan_state = key[1]
        missing.append(
            Coverage(
                patient=patients[key[0]],
                payer_type=payer_type,
                payer_name=name,
                funding=funding or None,
                group_size=group_size or None,
                plan_state=plan_state,
                start_date=day,
            )
        )
    Coverage.objects.bulk_create(missing, batch_size=500)
    audit_bulk_create(actor, missing)
    for coverage in missing:
        found[(mrn_of[coverage.patient_id], _coverage_key(coverage, facility.state))] = coverage
    return found


def _audit_updates(actor: Any, objects: Sequence[Any], changed: dict[int, list[str]]) -> None:
    """Change entries for rows written with ``bulk_update`` (which sends no signals); the
    entry names the changed fields, not their values."""
    if not objects:
        return
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_types[type(obj)],
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=LogEntry.Action.UPDATE,
                changes={name: ["(import)", "(import)"] for name in changed.get(obj.pk, [])},
                actor_id=actor.pk if actor is not None else None,
            )
            for obj in objects
        ],
        batch_size=500,
    )


def _code(
    sessions: Sequence[Session],
    actor: Any,
    batch: ImportBatch,
    filename: str,
    progress: Progress | None,
) -> CodingSummary:
    """Code in chunks of whole courses (so once-per-course rules see the whole course)."""
    total = CodingSummary()
    if not sessions:
        return total
    by_course: dict[int, list[int]] = defaultdict(list)
    for session in sessions:
        by_course[session.course_id].append(session.pk)
    reason = f"Changed by import batch {batch.pk} ({filename})"[:300]
    chunk: list[int] = []
    done = 0

    def flush() -> None:
        nonlocal done
        if not chunk:
            return
        summary = code_sessions(
            Session.objects.for_facility(batch.facility_id).filter(pk__in=list(chunk)), user=actor, reason=reason
        )
        _add(total, summary)
        done += len(chunk)
        chunk.clear()
        if progress is not None:
            progress("code", done, len(sessions))

    for ids in by_course.values():
        if chunk and len(chunk) + len(ids) > CHUNK:
            flush()
        chunk.extend(ids)
    flush()
    return total


def _add(total: CodingSummary, part: CodingSummary) -> None:
    total.coded += part.coded
    total.new_claims += part.new_claims
    total.new_versions += part.new_versions
    total.unchanged += part.unchanged
    total.frozen += part.frozen
    for status, n in part.by_status.items():
        total.by_status[status] = total.by_status.get(status, 0) + n


# --- batches -------------------------------------------------------------------------------
def stage_batch(data: bytes, filename: str, facility: Facility, user: Any) -> ImportBatch:
    """Keep an uploaded file as a previewed batch (the page's first step)."""
    if user is not None:
        require(user, Action.IMPORT_SESSIONS, facility)
    actor = user if getattr(user, "is_authenticated", False) else None
    return ImportBatch.objects.create(
        facility=facility,
        created_by=actor,
        filename=filename[:255],
        file_format=detect_format(filename, data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )


def preview_batch(batch: ImportBatch) -> ImportPlan:
    return plan_import(bytes(batch.content), batch.filename, batch.facility)


def import_sessions(
    file_bytes: bytes,
    filename: str,
    facility: Facility,
    user: Any,
    progress: Progress | None = None,
) -> ImportResult:
    """Plan and apply a file in one call (the command line). ``user`` None = the operator of
    the command line (no role check; audit entries without an actor)."""
    batch = stage_batch(file_bytes, filename, facility, user)
    try:
        plan = plan_import(file_bytes, filename, facility, progress)
    except UnreadableInput as exc:
        batch.status = BatchStatus.FAILED
        batch.failure = "the file cannot be read as sessions"
        batch.save(update_fields=["status", "failure"])
        raise exc
    return apply_plan(plan, user, batch, progress)
