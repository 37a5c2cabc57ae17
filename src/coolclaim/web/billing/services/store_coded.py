"""Code sessions already in memory and store the results set-based (the bulk path).

:func:`code_loaded` takes sessions loaded with ``facility``, ``course__patient`` and
``coverage`` (an import has them in hand after writing them), codes them in one engine batch
with their courses' history, and stores what changed: a new claim (version 1) for a session
never coded; a new version when the result differs from the claim's current version (overrides
of the same edit code carry over); nothing when it is the same. A submitted version is never
touched: a change makes a new version beside it, and the claim becomes a correction pending
review (``ClaimStatus.CORRECTION``), which billing accepts and sends as a replacement claim.

Before comparing, the apps above billing add their part through ``claim_addenda_requested``
(the hub: prior authorization edits and the authorization number, ``Claim.prior_authorization_number``),
asked once per call with the units coded now; their edits count like the engine's.

Claims, versions, lines and edits are written with :mod:`coolclaim.web.bulk_rows` (ids taken up
front, ``COPY`` on PostgreSQL): a new claim is inserted already pointing at its first version.
Queries per call are fixed (the claims and current versions of the sessions, the history, the
patients' coverages where a session has none), whatever the number of sessions.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone

from coolclaim.coding.engine import CodingEngine
from coolclaim.coding.result import CodedSession
from coolclaim.coding.session import FieldError
from coolclaim.coding.session import Session as ContractSession
from coolclaim.web.accounts.choices import Setting
from coolclaim.web.audit import audit_rows
from coolclaim.web.billing.choices import ClaimStatus, CodedStatus, Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion, SubmittedClaim
from coolclaim.web.billing.services.pricing import (
    LINE_CHARGE_MAX,
    FeeBook,
    charge_too_large_edit,
    missing_fee_edit,
)
from coolclaim.web.billing.signals import claim_addenda, claims_changed
from coolclaim.web.bulk_rows import allocate_ids, create_like, update_rows
from coolclaim.web.clinic.models import Coverage, Session
from coolclaim.web.clinic.services.session_contract import choose_coverage, session_record

logger = logging.getLogger(__name__)

LineRow = tuple[str, tuple[str, ...], int, tuple[int, ...], str, Decimal | None]
EditRow = tuple[str, str, str, str]
#: Coded results whose claim goes to no payer: the addenda's edits (prior authorization) do not apply.
NO_PAYER_EDITS = (CodedStatus.REJECTED, CodedStatus.SELF_PAY)
_STATUS = {
    CodedStatus.READY: ClaimStatus.READY,
    CodedStatus.SELF_PAY: ClaimStatus.SELF_PAY,
    CodedStatus.REJECTED: ClaimStatus.REJECTED,
}


class StoreSummary:
    """What a call did (counts only: safe to log); adds up over chunks."""

    __slots__ = ("by_status", "coded", "frozen", "new_claims", "new_versions", "unchanged")

    def __init__(self) -> None:
        self.coded = 0
        self.new_claims = 0
        self.new_versions = 0
        self.unchanged = 0
        self.frozen = 0
        self.by_status: dict[str, int] = {}

    def add(self, other: StoreSummary) -> None:
        self.coded += other.coded
        self.new_claims += other.new_claims
        self.new_versions += other.new_versions
        self.unchanged += other.unchanged
        self.frozen += other.frozen
        for status, n in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + n


def _engine() -> CodingEngine:
    from coolclaim import bootstrap

    return bootstrap.engine()


def _line_rows(
    result: CodedSession, setting: str, revenue_default: str
) -> list[tuple[str, tuple[str, ...], int, tuple[int, ...], str]]:
    hospital = setting == Setting.HOSPITAL_OUTPATIENT
    return [
        (
            line.code,
            tuple(line.modifiers),
            int(line.units or 1),
            tuple(line.diagnosis_pointers),
            line.revenue_code or (revenue_default if hospital else "") or "",
        )
        for line in result.lines
    ]


def _edit_rows(result: CodedSession) -> list[EditRow]:
    return [(e.code, str(e.severity), e.message, e.source) for e in result.edits]


def _coverages_of(sessions: Sequence[Session]) -> dict[int, list[Coverage]]:
    """The patients' coverages, for sessions without their own (one query, or none)."""
    patients = {s.course.patient_id for s in sessions if s.coverage_id is None}
    found: dict[int, list[Coverage]] = defaultdict(list)
    if patients:
        for coverage in Coverage.objects.filter(patient_id__in=patients).order_by("priority", "pk"):
            found[coverage.patient_id].append(coverage)
    return found


def code_loaded(
    sessions: Sequence[Session],
    *,
    user: Any = None,
    reason: str,
    engine: CodingEngine | None = None,
    parsed: Sequence[ContractSession | None] | None = None,
) -> StoreSummary:
    """Code ``sessions`` (loaded with facility, course__patient, coverage) in one engine batch
    and store the results; call inside the writing transaction. ``parsed``: for each session,
    its contract session as the engine would read it from the stored row, when the caller has
    it already (an import: ``session_contract.restored_session``), else None (parsed here)."""
    from coolclaim.web.billing.services.code_sessions import course_histories

    summary = StoreSummary()
    if not sessions:
        return summary
    coded = engine or _engine()
    coverages = _coverages_of(sessions)
    given = parsed if parsed is not None else [None] * len(sessions)
    if len(given) != len(sessions):
        raise ValueError("parsed must have one item per session")
    records: list[object] = []
    contract: list[ContractSession | list[FieldError]] = []
    for session, known in zip(sessions, given, strict=True):
        if known is not None:
            records.append({"session_id": session.session_id})
            contract.append(known)
        else:
            record = session_record(session, coverages.get(session.course.patient_id, ()))
            records.append(record)
            contract.append(coded.parse(record))
    results = coded.code_parsed(records, contract, course_histories(list(sessions)))
    if len(results) != len(sessions):
        raise RuntimeError("the coding engine returned a different number of results")
    with transaction.atomic():
        _store(sessions, results, user, reason, summary, coverages)
    return summary


def _current_versions(
    session_ids: Sequence[int],
) -> tuple[dict[int, Claim], dict[int, list[LineRow]], dict[int, list[ClaimEdit]]]:
    claims = {
        c.session_id: c for c in Claim.objects.filter(session_id__in=session_ids).select_related("current_version")
    }
    current_ids = [c.current_version_id for c in claims.values() if c.current_version_id]
    lines: dict[int, list[LineRow]] = defaultdict(list)
    edits: dict[int, list[ClaimEdit]] = defaultdict(list)
    if current_ids:
        for ln in ClaimLine.objects.filter(version_id__in=current_ids).order_by("version_id", "position"):
            lines[ln.version_id].append(
                (ln.code, tuple(ln.modifiers), ln.units, tuple(ln.diagnosis_pointers), ln.revenue_code, ln.charge)
            )
        for ed in ClaimEdit.objects.filter(version_id__in=current_ids).order_by("version_id", "position"):
            edits[ed.version_id].append(ed)
    return claims, lines, edits


def _text(model: type[Any], **attributes: Any) -> str:
    """``str()`` of a row written without an instance (the model's own ``__str__``)."""
    text: str = model.__dict__["__str__"](SimpleNamespace(**attributes))
    return text


def _store(
    sessions: Sequence[Session],
    results: Sequence[CodedSession],
    user: Any,
    reason: str,
    summary: StoreSummary,
    coverages: Mapping[int, Sequence[Coverage]] | None = None,
) -> None:
    claims, old_lines, old_edits = _current_versions([s.pk for s in sessions])
    fees = FeeBook.for_facilities(s.facility_id for s in sessions)
    coverages = coverages or {}
    creator_id = user.pk if getattr(user, "is_authenticated", False) else None
    # (claim or None, session, number, coded status, date, reason, errors, edit rows, line rows)
    pending: list[
        tuple[Claim | None, Session, int, str, dt.date | None, str, list[Any], list[tuple[Any, ...]], list[LineRow]]
    ] = []
    priced: list[list[LineRow]] = []
    for session, result in zip(sessions, results, strict=True):
        facility = session.facility
        coverage = choose_coverage(session, coverages.get(session.course.patient_id, ()))
        payer_type = coverage.payer_type if coverage is not None else ""
        priced.append(
            [
                (*row[:5], fees.charge(facility.pk, row[0], row[2], result.date_of_service, payer_type))
                for row in _line_rows(result, facility.setting, facility.revenue_code)
            ]
        )
    addenda = claim_addenda(sessions, {s.pk: _units_of(lines) for s, lines in zip(sessions, priced, strict=True)})
    pa_numbers: dict[int, str] = {}
    for session, result, lines in zip(sessions, results, priced, strict=True):
        summary.coded += 1
        coded_status = str(result.status or CodedStatus.REJECTED)
        summary.by_status[coded_status] = summary.by_status.get(coded_status, 0) + 1
        dos: dt.date | None = result.date_of_service
        edits = _edit_rows(result)
        unpriced = [row[0] for row in lines if row[5] is None]
        if unpriced and coded_status != CodedStatus.REJECTED:
            edits.append(missing_fee_edit(unpriced, dos))
        too_large = [row[0] for row in lines if row[5] is not None and row[5] > LINE_CHARGE_MAX]
        if too_large:  # stored without a charge (its column cannot hold it), and the claim held
            lines = [(*row[:5], None) if row[5] is not None and row[5] > LINE_CHARGE_MAX else row for row in lines]
            if coded_status != CodedStatus.REJECTED:
                edits.append(charge_too_large_edit(too_large))
        addendum = addenda.get(session.pk)
        if addendum is not None:
            if coded_status not in NO_PAYER_EDITS:
                edits.extend(addendum.edits)
            if addendum.prior_authorization_number is not None:
                pa_numbers[session.pk] = addendum.prior_authorization_number
        claim = claims.get(session.pk)
        current = claim.current_version if claim is not None else None
        if current is not None:
            before = (
                current.coded_status,
                current.date_of_service,
                old_lines[current.pk],
                [(e.code, e.severity, e.message, e.source) for e in old_edits[current.pk]],
            )
            if before == (coded_status, dos, lines, edits):
                summary.unchanged += 1
                continue
            if current.is_submitted:
                summary.frozen += 1
        number = (current.number + 1) if current is not None else 1
        carried = {e.code: e for e in old_edits[current.pk] if e.is_overridden} if current is not None else {}
        edit_rows = []
        for position, (code, severity, message, source) in enumerate(edits, start=1):
            previous = carried.get(code)
            edit_rows.append(
                (
                    position,
                    code,
                    severity,
                    message,
                    source,
                    previous.overridden_by_id if previous else None,
                    previous.overridden_at if previous else None,
                    previous.override_reason if previous else "",
                )
            )
        version_reason = reason[:300] if number > 1 else ""
        errors = [e.as_dict() for e in result.errors]
        pending.append((claim, session, number, coded_status, dos, version_reason, errors, edit_rows, lines))
    _set_pa_numbers(claims, pa_numbers, {p[1].pk for p in pending})
    if not pending:
        return
    # A claim that has left the building keeps saying so: its new version is a correction
    # pending review (sent as a replacement claim), never silently "ready" again.
    sent_before = set(
        SubmittedClaim.objects.filter(claim_id__in=[p[0].pk for p in pending if p[0] is not None])
        .values_list("claim_id", flat=True)
        .distinct()
    )

    # Ids first: a new claim goes in already pointing at its first version (deferred FKs).
    new_count = sum(1 for p in pending if p[0] is None)
    claim_ids = iter(allocate_ids(Claim, new_count))
    version_ids = allocate_ids(ClaimVersion, len(pending))
    now = timezone.now()
    new_claims: list[tuple[Any, ...]] = []
    changed_claims: list[Claim] = []
    versions: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    edit_rows_all: list[tuple[Any, ...]] = []
    claim_texts: list[tuple[int, str]] = []
    version_texts: list[tuple[int, str]] = []
    session_ids: list[int] = []
    for (claim, session, number, coded_status, dos, version_reason, errors, edit_rows, lines), version_id in zip(
        pending, version_ids, strict=True
    ):
        blocking = any(row[2] == Severity.ERROR and row[6] is None for row in edit_rows)
        status = _claim_status(coded_status, blocking)
        if claim is not None and claim.pk in sent_before:
            status = ClaimStatus.CORRECTION
        if claim is None:
            claim_id = next(claim_ids)
            new_claims.append(
                (
                    claim_id,
                    session.facility_id,
                    session.course.patient_id,
                    session.pk,
                    status,
                    dos,
                    version_id,
                    pa_numbers.get(session.pk, ""),
                )
            )
            claim_texts.append((claim_id, _text(Claim, pk=claim_id, session_id=session.pk)))
        else:
            claim_id = claim.pk
            claim.current_version_id = version_id
            claim.date_of_service = dos
            claim.status = status
            claim.updated_at = now
            if session.pk in pa_numbers:
                claim.prior_authorization_number = pa_numbers[session.pk]
            changed_claims.append(claim)
        session_ids.append(session.pk)
        versions.append((version_id, claim_id, number, coded_status, dos, version_reason, errors))
        version_texts.append((version_id, _text(ClaimVersion, claim_id=claim_id, number=number)))
        line_rows.extend(
            (version_id, i, code, list(modifiers), units, list(pointers), revenue, charge)
            for i, (code, modifiers, units, pointers, revenue, charge) in enumerate(lines, start=1)
        )
        edit_rows_all.extend((version_id, *row) for row in edit_rows)
    create_like(
        Claim(),
        (
            "id",
            "facility_id",
            "patient_id",
            "session_id",
            "status",
            "date_of_service",
            "current_version_id",
            "prior_authorization_number",
        ),
        new_claims,
    )
    create_like(
        ClaimVersion(created_by_id=creator_id, created_at=now),
        ("id", "claim_id", "number", "coded_status", "date_of_service", "reason", "errors"),
        versions,
    )
    create_like(
        ClaimLine(),
        ("version_id", "position", "code", "modifiers", "units", "diagnosis_pointers", "revenue_code", "charge"),
        line_rows,
    )
    create_like(
        ClaimEdit(),
        (
            "version_id",
            "position",
            "code",
            "severity",
            "message",
            "source",
            "overridden_by_id",
            "overridden_at",
            "override_reason",
        ),
        edit_rows_all,
    )
    update_rows(
        changed_claims, ["current_version", "date_of_service", "status", "updated_at", "prior_authorization_number"]
    )
    summary.new_claims += len(new_claims)
    summary.new_versions += len(versions)
    audit_rows(user, Claim, claim_texts)
    audit_rows(user, ClaimVersion, version_texts)
    claims_changed.send(sender=Claim, session_ids=session_ids)


def _units_of(lines: Sequence[LineRow]) -> dict[str, int]:
    units: dict[str, int] = defaultdict(int)
    for row in lines:
        units[row[0]] += row[2]
    return dict(units)


def _set_pa_numbers(claims: Mapping[int, Claim], numbers: Mapping[int, str], versioned: set[int]) -> None:
    """The prior authorization number onto claims that get no new version (those that do carry
    it in their own update); one update per distinct number."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for session_pk, number in numbers.items():
        claim = claims.get(session_pk)
        if claim is not None and session_pk not in versioned and claim.prior_authorization_number != number:
            by_number[number].append(claim.pk)
    for number, claim_ids in sorted(by_number.items()):
        Claim.objects.filter(pk__in=claim_ids).update(prior_authorization_number=number)


def _claim_status(coded_status: str, blocking: bool) -> str:
    """Workflow status from the engine's verdict: a hold without a blocking (error, not
    overridden) edit is ready; a ready result with a blocking edit of ours (a missing fee) is held."""
    if coded_status in (CodedStatus.HOLD, CodedStatus.READY):
        return ClaimStatus.HOLD if blocking else ClaimStatus.READY
    return _STATUS.get(CodedStatus(coded_status), ClaimStatus.HOLD)
