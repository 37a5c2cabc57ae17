"""Code sessions through the coding core and store the results as claim versions.

The only path from a documented :class:`~coolclaim.web.clinic.models.Session` to claim lines:
the pages, the API, the import and the demo all call :func:`code_sessions`.

- :func:`session_record` (from ``clinic.services.session_contract``, the one mapping) turns one
  session into the contract's input dict.
- :func:`course_histories` gives the engine what earlier sessions of each course (those
  not in the batch) already did: ``CourseHistory(sessions_before, fitting_billed)``.
- :func:`code_sessions` loads a batch in a fixed number of queries, calls
  ``coolclaim.coding.engine.code_batch`` once and stores every result in bulk:
  a new claim (version 1) for a session never coded; a new version when the result differs
  from the claim's current version (overrides of the same edit code carry over); nothing when
  it is the same. Submitted versions are never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from coolclaim.web.accounts.choices import Setting
from coolclaim.web.audit import audit_bulk_create
from coolclaim.web.billing.choices import ClaimStatus, CodedStatus, Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.session_contract import session_record

logger = logging.getLogger(__name__)

Record = dict[str, Any]
Result = dict[str, Any]
#: ``code_batch(records, refdata, settings=None, history=None) -> list[result]``
Coder = Callable[..., list[Result]]

DEFAULT_REASON = "Recoded after a change to the session or the rules"

# --- session → contract record -----------------------------------------------------------
# The one mapping lives in coolclaim.web.clinic.services.session_contract (imported above).


# --- course history -----------------------------------------------------------------------
def fitting_codes() -> frozenset[str]:
    """The once-per-course fitting codes: the ``role: fitting`` rows of codes.yaml."""
    from coolclaim import bootstrap

    return bootstrap.code_roles().fitting


def course_histories(sessions: Sequence[Session]) -> dict[tuple[str, str], Any]:
    """``(patient_id, course_id) → CourseHistory`` from sessions of the same courses that are
    not in ``sessions`` and started before the batch's first session of that course.
    Two queries, whatever the batch size."""
    from coolclaim.coding.history import CourseHistory

    batch_ids = [s.pk for s in sessions]
    first_start: dict[int, dt.datetime | None] = {}
    patient_of: dict[int, int] = {}
    for s in sessions:
        patient_of[s.course_id] = s.course.patient_id
        current = first_start.get(s.course_id)
        if s.course_id not in first_start or (
            s.cooling_start is not None and (current is None or s.cooling_start < current)
        ):
            first_start[s.course_id] = s.cooling_start

    def before(course_id: int, start: dt.datetime | None) -> bool:
        first = first_start.get(course_id)
        return start is not None and first is not None and start < first

    counts: dict[int, int] = defaultdict(int)
    for course_id, start in (
        Session.objects.filter(course_id__in=first_start)
        .exclude(pk__in=batch_ids)
        .values_list("course_id", "cooling_start")
    ):
        if before(course_id, start):
            counts[course_id] += 1
    fitted: dict[int, tuple[str, dt.date | None]] = {}
    for course_id, start, code, day in (
        ClaimLine.objects.filter(
            code__in=fitting_codes(),
            version__claim__current_version_id=F("version_id"),
            version__claim__session__course_id__in=first_start,
        )
        .exclude(version__claim__session_id__in=batch_ids)
        .order_by("version__claim__session__cooling_start")
        .values_list(
            "version__claim__session__course_id",
            "version__claim__session__cooling_start",
            "code",
            "version__claim__date_of_service",
        )
    ):
        if before(course_id, start) and course_id not in fitted:
            fitted[course_id] = (code, day)
    histories: dict[tuple[str, str], Any] = {}
    for course_id in first_start:
        fitting = fitted.get(course_id)
        histories[(str(patient_of[course_id]), str(course_id))] = CourseHistory(
            sessions_before=counts.get(course_id, 0),
            fitting_billed=fitting is not None,
            fitting_code=fitting[0] if fitting else None,
            fitting_date=fitting[1] if fitting else None,
        )
    return histories


# --- storing results ----------------------------------------------------------------------
@dataclass
class CodingSummary:
    """What :func:`code_sessions` did (counts only: safe to log)."""

    coded: int = 0
    new_claims: int = 0
    new_versions: int = 0
    unchanged: int = 0
    frozen: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def _lines_of(result: Result, facility_setting: str, revenue_default: str) -> list[dict[str, Any]]:
    lines = []
    for line in result.get("lines") or []:
        revenue = line.get("revenue_code") or (
            revenue_default if facility_setting == Setting.HOSPITAL_OUTPATIENT else ""
        )
        lines.append(
            {
                "code": str(line["code"]),
                "modifiers": list(line.get("modifiers") or []),
                "units": int(line.get("units") or 1),
                "diagnosis_pointers": list(line.get("diagnosis_pointers") or []),
                "revenue_code": revenue or "",
            }
        )
    return lines


def _edits_of(result: Result) -> list[dict[str, str]]:
    return [
        {
            "code": str(e["code"]),
            "severity": str(e["severity"]),
            "message": str(e["message"]),
            "source": str(e["source"]),
        }
        for e in result.get("edits") or []
    ]


def _signature(
    coded_status: str,
    dos: dt.date | None,
    lines: Sequence[Mapping[str, Any]],
    edits: Sequence[Mapping[str, Any]],
) -> tuple[Any, ...]:
    return (
        coded_status,
        dos,
        tuple(
            (
                ln["code"],
                tuple(ln["modifiers"]),
                ln["units"],
                tuple(ln["diagnosis_pointers"]),
                ln["revenue_code"],
            )
            for ln in lines
        ),
        tuple((e["code"], e["severity"], e["message"], e["source"]) for e in edits),
    )


def claim_status_for(coded_status: str, edits: Iterable[ClaimEdit]) -> str:
    """Workflow status from the engine's verdict: a hold whose error edits are all
    overridden is ready."""
    if coded_status == CodedStatus.HOLD:
        blocking = [e for e in edits if e.severity == Severity.ERROR and not e.is_overridden]
        return ClaimStatus.HOLD if blocking else ClaimStatus.READY
    return {
        CodedStatus.READY: ClaimStatus.READY,
        CodedStatus.SELF_PAY: ClaimStatus.SELF_PAY,
        CodedStatus.REJECTED: ClaimStatus.REJECTED,
    }.get(CodedStatus(coded_status), ClaimStatus.HOLD)


def _parse_day(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _default_coder() -> tuple[Coder, Any]:
    """The provider's engine (``coolclaim.bootstrap``), its results as the contract's dicts."""
    from coolclaim import bootstrap
    from coolclaim.coding.contract_json import as_contract

    def function(records: Sequence[Record], refdata: Any, settings: Any = None, history: Any = None) -> list[Result]:
        engine = bootstrap.engine(settings)
        return [as_contract(r) for r in engine.code_batch(records, history)]

    return function, bootstrap.refdata()


def load_batch(sessions: Iterable[Session] | QuerySet[Session]) -> list[Session]:
    """Sessions with what coding needs, in two queries."""
    queryset: QuerySet[Session]
    queryset = sessions if isinstance(sessions, QuerySet) else Session.objects.filter(pk__in=[s.pk for s in sessions])
    return list(
        queryset.select_related("facility", "course__patient", "coverage")
        .prefetch_related("course__patient__coverages")
        .order_by("facility_id", "course_id", "cooling_start", "pk")
    )


def code_sessions(
    sessions: Iterable[Session] | QuerySet[Session],
    *,
    user: Any = None,
    reason: str = DEFAULT_REASON,
    coder: Coder | None = None,
    refdata: Any = None,
    coding_settings: Any = None,
) -> CodingSummary:
    """Code ``sessions`` in one engine call and store the results (one transaction).

    ``coder``/``refdata`` default to ``coolclaim.coding.engine.code_batch`` and
    ``coolclaim.refdata.get_refdata()``; ``coding_settings`` goes to the engine as
    ``settings``. ``user`` is recorded as the creator of new versions and in the audit log.
    """
    batch = load_batch(sessions)
    summary = CodingSummary()
    if not batch:
        return summary
    if coder is None:
        coder, default_refdata = _default_coder()
        refdata = refdata if refdata is not None else default_refdata
    records = [session_record(s, list(s.course.patient.coverages.all())) for s in batch]
    history = course_histories(batch)
    results = coder(records, refdata, coding_settings, history)
    if len(results) != len(batch):
        raise RuntimeError("the coding engine returned a different number of results")
    with transaction.atomic():
        _store(batch, results, user, reason, summary)
    logger.info(
        "coded %d sessions: %d new claims, %d new versions, %d unchanged, %d frozen",
        summary.coded,
        summary.new_claims,
        summary.new_versions,
        summary.unchanged,
        summary.frozen,
    )
    return summary


def _store(
    batch: Sequence[Session],
    results: Sequence[Result],
    user: Any,
    reason: str,
    summary: CodingSummary,
) -> None:
    session_ids = [s.pk for s in batch]
    claims = {
        c.session_id: c for c in Claim.objects.filter(session_id__in=session_ids).select_related("current_version")
    }
    current_ids = [c.current_version_id for c in claims.values() if c.current_version_id]
    old_lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ln in ClaimLine.objects.filter(version_id__in=current_ids).order_by("version_id", "position"):
        old_lines[ln.version_id].append(
            {
                "code": ln.code,
                "modifiers": ln.modifiers,
                "units": ln.units,
                "diagnosis_pointers": ln.diagnosis_pointers,
                "revenue_code": ln.revenue_code,
            }
        )
    old_edits: dict[int, list[ClaimEdit]] = defaultdict(list)
    for ed in ClaimEdit.objects.filter(version_id__in=current_ids).order_by("version_id", "position"):
        old_edits[ed.version_id].append(ed)

    new_claims: list[Claim] = []
    pending: list[tuple[Session, Claim, ClaimVersion, list[dict[str, Any]], list[ClaimEdit]]] = []
    for session, result in zip(batch, results, strict=True):
        summary.coded += 1
        coded_status = str(result.get("status") or CodedStatus.REJECTED)
        summary.by_status[coded_status] = summary.by_status.get(coded_status, 0) + 1
        dos = _parse_day(result.get("date_of_service"))
        lines = _lines_of(result, session.facility.setting, session.facility.revenue_code)
        edits = _edits_of(result)
        claim = claims.get(session.pk)
        current = claim.current_version if claim is not None else None
        if claim is not None and current is not None:
            old_signature = _signature(
                current.coded_status,
                current.date_of_service,
                old_lines[current.pk],
                [
                    {
                        "code": e.code,
                        "severity": e.severity,
                        "message": e.message,
                        "source": e.source,
                    }
                    for e in old_edits[current.pk]
                ],
            )
            if old_signature == _signature(coded_status, dos, lines, edits):
                summary.unchanged += 1
                continue
        if claim is None:
            claim = Claim(
                facility_id=session.facility_id,
                patient_id=session.course.patient_id,
                session=session,
            )
            new_claims.append(claim)
            number, version_reason = 1, ""
        else:
            number = (current.number + 1) if current is not None else 1
            version_reason = reason if number > 1 else ""
            if current is not None and current.is_submitted:
                summary.frozen += 1
        carried = {e.code: e for e in old_edits[current.pk] if e.is_overridden} if current else {}
        version = ClaimVersion(
            number=number,
            coded_status=coded_status,
            date_of_service=dos,
            reason=version_reason,
            errors=list(result.get("errors") or []),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        edit_rows = []
        for position, e in enumerate(edits, start=1):
            previous = carried.get(e["code"])
            edit_rows.append(
                ClaimEdit(
                    position=position,
                    **e,
                    overridden_by_id=previous.overridden_by_id if previous else None,
                    overridden_at=previous.overridden_at if previous else None,
                    override_reason=previous.override_reason if previous else "",
                )
            )
        pending.append((session, claim, version, lines, edit_rows))

    Claim.objects.bulk_create(new_claims, batch_size=500)
    summary.new_claims = len(new_claims)
    for _session, claim, version, _lines, _edits in pending:
        version.claim_id = claim.pk
    versions = [p[2] for p in pending]
    ClaimVersion.objects.bulk_create(versions, batch_size=500)
    summary.new_versions = len(versions)
    line_rows: list[ClaimLine] = []
    edit_rows_all: list[ClaimEdit] = []
    for _session, claim, version, lines, edit_rows in pending:
        line_rows.extend(ClaimLine(version_id=version.pk, position=i, **ln) for i, ln in enumerate(lines, start=1))
        for edit in edit_rows:
            edit.version_id = version.pk
        edit_rows_all.extend(edit_rows)
        claim.current_version_id = version.pk
        claim.date_of_service = version.date_of_service
        claim.status = claim_status_for(version.coded_status, edit_rows)
    ClaimLine.objects.bulk_create(line_rows, batch_size=1000)
    ClaimEdit.objects.bulk_create(edit_rows_all, batch_size=1000)
    changed = [p[1] for p in pending]
    now = timezone.now()
    for claim in changed:
        claim.updated_at = now
    Claim.objects.bulk_update(changed, ["current_version", "date_of_service", "status", "updated_at"], batch_size=500)
    audit_bulk_create(user, [*new_claims, *versions])
    if pending:
        claims_changed.send(sender=Claim, session_ids=[session.pk for session, *_ in pending])
