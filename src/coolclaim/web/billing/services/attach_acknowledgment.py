"""Attach a 999 or 277CA acknowledgment to the batch and the claims it answers.

A 999 answers a whole group (our GS06) and each transaction set in it (our ST02): accepted,
partly accepted (some sets rejected: the claims of those sets are rejected, the others
accepted) or rejected (every claim of the batch), with the segment, position and element of
each error. A 277CA answers each
claim (our CLM01): accepted into adjudication or rejected, with the status reasons. A rejected
claim goes back to the work queue (its current version was refused: correct it as a new
version). A file that cannot be read, or answers nothing we sent, is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from coolclaim.web.accounts.permissions import Action, can
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.models import AckStatus, Claim, SubmissionBatch, SubmittedClaim
from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.bulk_rows import update_rows
from coolclaim.x12.errors import X12Error
from coolclaim.x12.loops_837 import claims_by_transaction
from coolclaim.x12.x12_277_005010X214 import read_277ca
from coolclaim.x12.x12_999_005010X231A1 import read_999
from coolclaim.x12.x12_999_005010X231A1.reader import TransactionAcknowledgment


class AcknowledgmentRefused(Exception):
    """Nothing was attached (the message says why)."""


@dataclass
class AckResult:
    kind: str
    lines: list[str] = field(default_factory=list)
    rejected_claims: int = 0
    accepted_claims: int = 0


def _check(user: Any, facility_ids: set[int]) -> None:
    if user is not None and not all(can(user, Action.POST_REMITTANCE, f) for f in facility_ids):
        raise PermissionDenied("not allowed: post_remittance for every facility of this file")


def attach_acknowledgment(data: bytes, user: Any) -> AckResult:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise AcknowledgmentRefused(f"the file is not X12 text (byte {exc.start})") from None
    try:
        if "ST*999*" in text[:1000]:
            return _attach_999(text, user)
        if "ST*277*" in text[:1000]:
            return _attach_277ca(text, user)
    except X12Error as exc:
        raise AcknowledgmentRefused(str(exc)) from None
    raise AcknowledgmentRefused("neither a 999 nor a 277CA (no ST*999 or ST*277 near the start)")


def _touch(submitted: list[SubmittedClaim]) -> None:
    claims_changed.send(sender=Claim, session_ids=[s.claim.session_id for s in submitted])


def _set_reasons(t: TransactionAcknowledgment) -> list[str]:
    head = f"transaction set {t.control_number} rejected"
    codes = [f"syntax error {code}" for code in t.error_codes]
    return [", ".join([head, *codes]), *(f"{e.describe()} (transaction set {t.control_number})" for e in t.errors)]


def _attach_999(text: str, user: Any) -> AckResult:
    """Each group's verdict on its batch; each transaction set's (IK5) on the claims it holds.

    A partly accepted group (AK9 P) accepts the claims of its accepted sets and rejects those
    of its rejected sets, with the segment, position and element errors as reasons; a rejected
    group (AK9 R) rejects every claim of the batch. An accepted verdict never overwrites a
    claim-level answer already attached (a 277CA)."""
    groups = read_999(text)
    result = AckResult("999")
    now = timezone.now()
    numbers = [int(g.group_control_number) for g in groups if g.group_control_number.isdigit()]
    batches = {b.group_control: b for b in SubmissionBatch.objects.filter(group_control__in=numbers)}
    if not batches:
        raise AcknowledgmentRefused(f"no batch of ours has group control number {', '.join(map(str, numbers))}")
    _check(user, {b.facility_id for b in batches.values()})
    touched: list[SubmittedClaim] = []
    with transaction.atomic(), acting_as(user):
        for group in groups:
            batch = batches.get(int(group.group_control_number)) if group.group_control_number.isdigit() else None
            if batch is None:
                result.lines.append(f"group {group.group_control_number}: not a batch of ours (ignored)")
                continue
            status = (
                AckStatus.ACCEPTED
                if group.status in ("A", "E")
                else AckStatus.PARTIAL
                if group.status == "P"
                else AckStatus.REJECTED
            )
            reasons = [group.status_text, *(f"syntax error {code}" for code in group.error_codes)]
            for t in group.transactions:
                if not t.accepted:
                    reasons += _set_reasons(t)
            batch.ack_status, batch.ack_reasons, batch.ack_at = status, reasons, now
            batch.save(update_fields=["ack_status", "ack_reasons", "ack_at"])
            result.lines.append(f"batch {batch.interchange_control}: {group.status_text}")
            claims = list(SubmittedClaim.objects.filter(batch=batch).select_related("claim").order_by("pk"))
            set_of = claims_by_transaction(batch.content)
            verdicts = {t.control_number: t for t in group.transactions}
            answered: list[SubmittedClaim] = []
            for submitted in claims:
                verdict = verdicts.get(set_of.get(submitted.claim_id_sent, ""))
                if status == AckStatus.REJECTED:
                    claim_status, claim_reasons = AckStatus.REJECTED, reasons
                elif verdict is not None and not verdict.accepted:
                    claim_status, claim_reasons = AckStatus.REJECTED, [group.status_text, *_set_reasons(verdict)]
                elif submitted.ack_status:
                    continue  # accepted here; a claim-level answer already attached stays
                else:
                    claim_status, claim_reasons = (
                        AckStatus.ACCEPTED,
                        [f"transaction set {set_of.get(submitted.claim_id_sent, '?')} accepted ({group.status_text})"],
                    )
                submitted.ack_status, submitted.ack_reasons, submitted.ack_at = claim_status, claim_reasons, now
                answered.append(submitted)
                if claim_status == AckStatus.REJECTED:
                    result.rejected_claims += 1
                    result.lines.append(f"claim {submitted.claim_id_sent}: rejected")
                    touched.append(submitted)
                else:
                    result.accepted_claims += 1
            update_rows(answered, ["ack_status", "ack_reasons", "ack_at"])  # a batch may hold thousands
    _touch(touched)
    return result


def _attach_277ca(text: str, user: Any) -> AckResult:
    answers = read_277ca(text)
    result = AckResult("277CA")
    now = timezone.now()
    sent = {
        s.claim_id_sent: s
        for s in SubmittedClaim.objects.filter(claim_id_sent__in=[a.claim_id for a in answers]).select_related(
            "claim", "batch"
        )
    }
    if not sent:
        raise AcknowledgmentRefused("no claim in the file is one we sent")
    _check(user, {s.batch.facility_id for s in sent.values()})
    touched: list[SubmittedClaim] = []
    with transaction.atomic(), acting_as(user):
        for answer in answers:
            submitted = sent.get(answer.claim_id)
            if submitted is None:
                result.lines.append(f"claim {answer.claim_id}: not a claim we sent (ignored)")
                continue
            status = AckStatus.ACCEPTED if answer.accepted else AckStatus.REJECTED
            reasons = list(answer.reasons) + [
                f"line {line.line_control} ({line.code}): " + "; ".join(s.text for s in line.statuses)
                for line in answer.lines
            ]
            submitted.ack_status, submitted.ack_reasons, submitted.ack_at = status, reasons, now
            submitted.save(update_fields=["ack_status", "ack_reasons", "ack_at"])
            result.lines.append(f"claim {answer.claim_id}: {'; '.join(answer.reasons)}")
            if answer.accepted:
                result.accepted_claims += 1
            else:
                result.rejected_claims += 1
                touched.append(submitted)
    _touch(touched)
    return result
