"""Post an 835: read it, match every payment to the claim line we sent, store it all or nothing.

The file is read with the x12 835 reader and each transaction set matched with
``coolclaim.claims.matching`` against the claim versions we submitted (by CLM01, then line
control number, code and date, modifiers). A file that cannot be read or does not balance is
refused whole (nothing posted). Otherwise, in one transaction: the paid amount, the
adjustments (group, CARC, amount), the RARCs and the patient's share go on each matched line;
a denied line carries its reasons in plain words and its claim goes to the work queue; every
payment that matches no line is kept for review. Posting the same file (or the same payer's
trace number) again changes nothing and answers the first posting's figures.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from coolclaim.claims.denials import plain_reasons
from coolclaim.claims.matching import RemittanceOutOfBalance, StoredLine, match_remittance
from coolclaim.claims.matching import RemittancePosting as Matched
from coolclaim.claims.remittance import Remittance
from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, can
from coolclaim.web.audit import acting_as, audit_bulk_update
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import (
    Claim,
    ClaimLine,
    LinePayment,
    RemittancePosting,
    SubmittedClaim,
    TraceNumber,
    UnmatchedPayment,
)
from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.bulk_rows import create_like, update_rows
from coolclaim.x12.errors import X12Error
from coolclaim.x12.x12_835_005010X221A1 import read_835

CENTS = Decimal("0.01")
#: Ids per statement (SQLite limits the parameters of one statement).
CHUNK = 5000
EXIT_POSTED = 0
EXIT_KEPT_FOR_REVIEW = 1
EXIT_REFUSED = 2


class RemittanceRefused(Exception):
    """The file is refused whole; nothing was posted (the message names segment and position)."""


@dataclass
class PostResult:
    summary: dict[str, Any]
    posting: RemittancePosting | None
    already_posted: bool = False
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_KEPT_FOR_REVIEW if self.summary["unmatched"] else EXIT_POSTED


def _combined(matched: Sequence[Matched]) -> dict[str, Any]:
    parts = [m.summary() for m in matched]
    total: dict[str, Any] = {
        "claims_matched": 0,
        "lines_paid": 0,
        "lines_denied": 0,
        "lines_adjusted": 0,
        "paid_total": Decimal(0),
        "patient_responsibility_total": Decimal(0),
        "unmatched": [],
    }
    for part in parts:
        for key in ("claims_matched", "lines_paid", "lines_denied", "lines_adjusted"):
            total[key] += int(str(part[key]))
        total["paid_total"] += Decimal(str(part["paid_total"]))
        total["patient_responsibility_total"] += Decimal(str(part["patient_responsibility_total"]))
        total["unmatched"].extend(part["unmatched"])
    total["paid_total"] = str(total["paid_total"].quantize(CENTS))
    total["patient_responsibility_total"] = str(total["patient_responsibility_total"].quantize(CENTS))
    return total


def _stored(
    remittances: Sequence[Remittance],
) -> tuple[dict[str, tuple[StoredLine, ...]], dict[str, SubmittedClaim], dict[tuple[str, int], ClaimLine]]:
    ids = {claim.claim_id for r in remittances for claim in r.claims}
    sent = {
        s.claim_id_sent: s
        for s in SubmittedClaim.objects.filter(claim_id_sent__in=ids).select_related("claim__facility", "version")
    }
    by_version: dict[int, list[ClaimLine]] = defaultdict(list)
    for line in ClaimLine.objects.filter(version_id__in=[s.version_id for s in sent.values()]).order_by(
        "version_id", "position"
    ):
        by_version[line.version_id].append(line)
    stored: dict[str, tuple[StoredLine, ...]] = {}
    rows: dict[tuple[str, int], ClaimLine] = {}
    for claim_id, submitted in sent.items():
        day = submitted.version.date_of_service or submitted.claim.date_of_service
        assert day is not None
        stored[claim_id] = tuple(
            StoredLine(
                claim_id,
                line.position,
                line.code,
                tuple(line.modifiers),
                day,
                Decimal(line.charge or 0),
                Decimal(line.units),
            )
            for line in by_version[submitted.version_id]
        )
        rows.update({(claim_id, line.position): line for line in by_version[submitted.version_id]})
    return stored, sent, rows


def _facility(remittances: Sequence[Remittance], sent: dict[str, SubmittedClaim]) -> Facility:
    for submitted in sent.values():
        return submitted.claim.facility
    npis = {r.payee_npi for r in remittances if r.payee_npi}
    facility = Facility.objects.filter(npi__in=npis).first()
    if facility is None:
        raise RemittanceRefused("no claim in the file is one we sent and the payee NPI is not one of our facilities")
    return facility


def post_remittance(data: bytes, file_name: str, user: Any, *, dry_run: bool = False) -> PostResult:
    """Post ``data`` (an 835); ``user`` None is the command line. Raises :class:`RemittanceRefused`."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise RemittanceRefused(f"the file is not X12 text (byte {exc.start})") from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        remittances = read_835(text)
    except X12Error as exc:
        raise RemittanceRefused(str(exc)) from None
    stored, sent, rows = _stored(remittances)
    try:
        matched = [match_remittance(r, stored) for r in remittances]
    except RemittanceOutOfBalance as exc:
        raise RemittanceRefused(str(exc)) from None
    facilities = {s.claim.facility_id for s in sent.values()}
    facility = _facility(remittances, sent)
    if user is not None and not all(can(user, Action.POST_REMITTANCE, f) for f in facilities | {facility.pk}):
        raise PermissionDenied("not allowed: post_remittance for every facility of this file")
    previous = RemittancePosting.objects.filter(content_sha256=digest).first()
    if previous is None:
        traces = [(r.payer_id or r.payer_name, r.trace_number) for r in remittances]
        hit = TraceNumber.objects.filter(
            payer_id__in=[p for p, _ in traces], trace_number__in=[t for _, t in traces]
        ).select_related("posting")
        previous = next((t.posting for t in hit if (t.payer_id, t.trace_number) in traces), None)
    if previous is not None:
        return PostResult(previous.summary, previous, already_posted=True, dry_run=dry_run)
    summary = _combined(matched)
    if dry_run:
        return PostResult(summary, None, dry_run=True)
    try:
        with transaction.atomic(), acting_as(user):
            posting = _store(data, file_name, digest, user, facility, remittances, matched, sent, rows, summary)
    except IntegrityError:
        # Posted at the same moment by someone else: theirs stands.
        previous = RemittancePosting.objects.filter(content_sha256=digest).first()
        if previous is None:
            raise
        return PostResult(previous.summary, previous, already_posted=True)
    return PostResult(summary, posting)


def _store(
    data: bytes,
    file_name: str,
    digest: str,
    user: Any,
    facility: Facility,
    remittances: Sequence[Remittance],
    matched: Sequence[Matched],
    sent: dict[str, SubmittedClaim],
    rows: dict[tuple[str, int], ClaimLine],
    summary: dict[str, Any],
) -> RemittancePosting:
    from coolclaim import bootstrap

    codes = bootstrap.remittance_codes()
    groups, carc, rarc = codes.group_descriptions(), codes.carc_descriptions(), codes.rarc_descriptions()
    posting = RemittancePosting.objects.create(
        facility=facility,
        file_name=file_name[:255],
        content_sha256=digest,
        trace_numbers=[r.trace_number for r in remittances],
        payer_name=remittances[0].payer_name[:60] if remittances else "",
        payment_total=sum((r.payment_amount for r in remittances), Decimal(0)),
        summary=summary,
        posted_by=user if getattr(user, "is_authenticated", False) else None,
    )
    TraceNumber.objects.bulk_create(
        TraceNumber(posting=posting, payer_id=r.payer_id or r.payer_name, trace_number=r.trace_number)
        for r in remittances
    )
    # (claim, line, payer claim number, paid, patient share, adjustments, remarks, denied, plain reasons,
    #  score, match reasons, needs review): written set-based, no model instance per row.
    payments: list[tuple[Any, ...]] = []
    claim_status: dict[int, str] = {}
    for result in matched:
        for claim_posting in result.claims:
            submitted = sent[claim_posting.claim_id]
            for line in claim_posting.lines:
                payments.append(
                    (
                        submitted.claim_id,
                        rows[(claim_posting.claim_id, line.line_number)].pk,
                        claim_posting.payer_claim_number[:50],
                        line.paid,
                        line.patient_responsibility,
                        [{"group": a.group, "reason": a.reason, "amount": str(a.amount)} for a in line.adjustments],
                        list(line.remarks),
                        line.denied,
                        list(plain_reasons(line.adjustments, line.remarks, groups=groups, carc=carc, rarc=rarc))
                        if line.adjusted or line.remarks
                        else [],
                        line.score,
                        list(line.reasons),
                        line.needs_review,
                    )
                )
            denied = claim_posting.denied or (
                bool(claim_posting.lines) and all(line.denied for line in claim_posting.lines)
            )
            claim_status[submitted.claim_id] = ClaimStatus.DENIED if denied else ClaimStatus.PAID
        UnmatchedPayment.objects.bulk_create(
            UnmatchedPayment(
                posting=posting,
                claim_id_sent=u.claim_id[:38],
                line=u.line,
                reason=u.reason,
                paid=u.paid,
                position=u.position,
                code=u.code[:10],
                modifiers=list(u.modifiers),
                service_date=u.service_date,
                adjustments=[{"group": a.group, "reason": a.reason, "amount": str(a.amount)} for a in u.adjustments],
                remarks=list(u.remarks),
                patient_responsibility=u.patient_responsibility,
                payer_claim_number=u.payer_claim_number[:50],
                best_score=u.best_score,
            )
            for u in result.unmatched
        )
    create_like(
        LinePayment(posting=posting),
        (
            "claim_id",
            "line_id",
            "payer_claim_number",
            "paid",
            "patient_responsibility",
            "adjustments",
            "remarks",
            "denied",
            "plain_reasons",
            "score",
            "match_reasons",
            "needs_review",
        ),
        payments,
    )
    _set_statuses(user, claim_status)
    return posting


def _set_statuses(user: Any, claim_status: dict[int, str]) -> None:
    """Each claim's new status in few statements, one audit entry per claim, and one
    ``claims_changed`` for them all (the queue refreshes once, not once per claim)."""
    changed: list[Claim] = []
    now = timezone.now()
    ids = list(claim_status)
    for start in range(0, len(ids), CHUNK):
        for claim in Claim.objects.filter(pk__in=ids[start : start + CHUNK]).only("pk", "session_id", "status"):
            if claim.status != claim_status[claim.pk]:
                claim.status = claim_status[claim.pk]
                claim.updated_at = now
                changed.append(claim)
    update_rows(changed, ["status", "updated_at"])
    audit_bulk_update(user, changed, {claim.pk: ["status"] for claim in changed})
    claims_changed.send(sender=Claim, session_ids=[claim.session_id for claim in changed])
