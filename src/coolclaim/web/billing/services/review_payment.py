"""Review of the payments an 835 posting kept aside: assign one to a claim line or dismiss it.

Assigning posts the payment exactly as a matched one would have been (paid amount,
adjustments, remarks, patient share, plain reasons, the claim's paid/denied status) in one
transaction with the resolution; the payment is marked as placed by a person (score 0, the
reviewer's reason). Dismissing needs a reason and posts nothing. A payment is resolved once:
a second attempt is refused. Callers check ``POST_REMITTANCE`` for the posting's facility;
:func:`candidates` lists the lines a payment may go to, scored like the automatic matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from coolclaim.claims.denials import plain_reasons
from coolclaim.claims.remittance import PATIENT_RESPONSIBILITY, Adjustment
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import (
    ClaimLine,
    LinePayment,
    Resolution,
    SubmittedClaim,
    UnmatchedPayment,
)
from coolclaim.web.billing.signals import claims_changed

#: Most candidate lines offered for one payment.
MAX_CANDIDATES = 10


class ReviewRefused(Exception):
    """The payment cannot be resolved this way (shown to the user, HTTP 409)."""


@dataclass(frozen=True)
class Candidate:
    line: ClaimLine
    claim_id_sent: str
    score: int
    reasons: tuple[str, ...]


def _score(payment: UnmatchedPayment, line: ClaimLine, sent: SubmittedClaim) -> tuple[int, tuple[str, ...]]:
    score, reasons = 0, []
    if sent.claim_id_sent == payment.claim_id_sent:
        score += 40
        reasons.append(f"claim id {sent.claim_id_sent} matches")
    if line.code == payment.code:
        score += 30
        reasons.append(f"code {line.code} matches")
    day = sent.version.date_of_service or sent.claim.date_of_service
    if payment.service_date is not None and day == payment.service_date:
        score += 15
        reasons.append(f"date of service {day:%m/%d/%Y} matches")
    if sorted(line.modifiers) == sorted(payment.modifiers):
        score += 10
        reasons.append("modifiers match")
    if line.position == payment.line:
        score += 5
        reasons.append(f"line {line.position} as in the 835")
    return score, tuple(reasons)


def candidates(payment: UnmatchedPayment) -> list[Candidate]:
    """Lines of claims we sent from the posting's facility that this payment may pay, best first:
    the lines of the claim it names (when it is ours) and lines with its code on its date."""
    facility_id = payment.posting.facility_id
    sent = SubmittedClaim.objects.filter(batch__facility_id=facility_id).select_related("claim", "version")
    named = list(sent.filter(claim_id_sent=payment.claim_id_sent))
    alike = sent.filter(version__lines__code=payment.code) if payment.code else sent.none()
    if payment.service_date is not None:
        alike = alike.filter(version__date_of_service=payment.service_date)
    pool = {s.pk: s for s in [*named, *alike.distinct().order_by("-pk")[:MAX_CANDIDATES]]}
    lines = (
        ClaimLine.objects.filter(version_id__in=[s.version_id for s in pool.values()])
        .select_related("version__claim")
        .order_by("pk")
    )
    by_version = {s.version_id: s for s in pool.values()}
    found = [
        Candidate(line, by_version[line.version_id].claim_id_sent, *_score(payment, line, by_version[line.version_id]))
        for line in lines
    ]
    found.sort(key=lambda c: (-c.score, c.line.pk))
    return found[:MAX_CANDIDATES]


def _resolve(payment: UnmatchedPayment, user: Any, resolution: str, note: str) -> None:
    payment.resolved = True
    payment.resolution = resolution
    payment.resolution_note = note
    payment.resolved_by = user if getattr(user, "is_authenticated", False) else None
    payment.resolved_at = timezone.now()


def _locked(payment: UnmatchedPayment) -> UnmatchedPayment:
    fresh = UnmatchedPayment.objects.select_for_update().select_related("posting").get(pk=payment.pk)
    if fresh.resolved:
        raise ReviewRefused("This payment has already been resolved.")
    return fresh


def dismiss(payment: UnmatchedPayment, user: Any, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ReviewRefused("A reason is required to dismiss a payment.")
    with transaction.atomic(), acting_as(user):
        fresh = _locked(payment)
        _resolve(fresh, user, Resolution.DISMISSED, reason[:300])
        fresh.save()


def assign(payment: UnmatchedPayment, line_id: int, user: Any, reason: str) -> LinePayment:
    """Post ``payment`` on claim line ``line_id`` (one of :func:`candidates`)."""
    from coolclaim import bootstrap

    reason = reason.strip()
    if not reason:
        raise ReviewRefused("A reason is required to assign a payment by hand.")
    with transaction.atomic(), acting_as(user):
        fresh = _locked(payment)
        offered = {c.line.pk: c for c in candidates(fresh)}
        chosen = offered.get(line_id)
        if chosen is None:
            raise ReviewRefused("That line is not one this payment can be put on.")
        line = chosen.line
        if LinePayment.objects.filter(line=line, posting_id=fresh.posting_id).exists():
            raise ReviewRefused(
                f"Line {line.position} of {chosen.claim_id_sent} already has a payment from this remittance."
            )
        claim = line.version.claim
        adjustments = tuple(Adjustment(a["group"], a["reason"], Decimal(a["amount"])) for a in fresh.adjustments)
        codes = bootstrap.remittance_codes()
        denied = fresh.paid == 0 and any(a.group != PATIENT_RESPONSIBILITY and a.amount > 0 for a in adjustments)
        posted = LinePayment.objects.create(
            posting_id=fresh.posting_id,
            claim=claim,
            line=line,
            payer_claim_number=fresh.payer_claim_number,
            paid=fresh.paid,
            patient_responsibility=fresh.patient_responsibility,
            adjustments=list(fresh.adjustments),
            remarks=list(fresh.remarks),
            denied=denied,
            plain_reasons=list(
                plain_reasons(
                    adjustments,
                    tuple(fresh.remarks),
                    groups=codes.group_descriptions(),
                    carc=codes.carc_descriptions(),
                    rarc=codes.rarc_descriptions(),
                )
            )
            if adjustments or fresh.remarks
            else [],
            score=0,
            match_reasons=[f"placed by hand (best automatic score {chosen.score}): {reason[:200]}"],
            needs_review=False,
        )
        _resolve(fresh, user, Resolution.ASSIGNED, reason[:300])
        fresh.payment = posted
        fresh.save()
        paid_lines = LinePayment.objects.filter(claim=claim)
        all_denied = not paid_lines.filter(denied=False).exists()
        claim.status = ClaimStatus.DENIED if all_denied else ClaimStatus.PAID
        claim.save(update_fields=["status", "updated_at"])
    claims_changed.send(sender=type(claim), session_ids=[claim.session_id])
    return posted


def confirm(payment: LinePayment, user: Any, reason: str) -> None:
    """A person checked a low-score match and it stands: it leaves the review list (audited)."""
    reason = reason.strip()
    if not reason:
        raise ReviewRefused("A reason is required to confirm a match.")
    with transaction.atomic(), acting_as(user):
        fresh = LinePayment.objects.select_for_update().get(pk=payment.pk)
        if not fresh.needs_review:
            raise ReviewRefused("This match has already been confirmed.")
        who = getattr(user, "username", "") or "someone"
        fresh.needs_review = False
        fresh.match_reasons = [*fresh.match_reasons, f"confirmed by {who}: {reason[:200]}"]
        fresh.save(update_fields=["needs_review", "match_reasons"])
