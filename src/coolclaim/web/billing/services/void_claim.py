"""Void a claim the payer holds: an 837 of its own carrying the last version sent with claim
frequency 8 (void/cancel of a prior claim) and the payer's claim number (REF*F8) when an 835
gave it, checked by pyx12, stored as a batch; the claim becomes void, with the reason as a note.

Callers check ``SUBMIT_CLAIM`` for the claim's facility. A claim whose current version was
never sent, or was rejected in an acknowledgment (the payer does not hold it), cannot be voided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coolclaim.claims import model as out
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import (
    AckStatus,
    BatchKind,
    Claim,
    ClaimLine,
    ClaimNote,
    SubmissionBatch,
    SubmittedClaim,
    TradingPartner,
)
from coolclaim.web.billing.services import outgoing
from coolclaim.web.billing.services.submit_claims import GROUP, INTERCHANGE, next_control, payer_claim_numbers
from coolclaim.x12.validation import validate
from coolclaim.x12.x12_837I_005010X223A2.writer import write_837i
from coolclaim.x12.x12_837P_005010X222A1.writer import write_837p

VOID = "8"
VOIDABLE = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.PAID, ClaimStatus.DENIED})


class VoidRefused(Exception):
    """Nothing was sent (the message says why)."""


def void_id(claim_id_sent: str) -> str:
    """CLM01 of the void: the id the voided claim was sent with, and ``X``."""
    return f"{claim_id_sent[:19]}X"


def void_claim(claim: Claim, user: Any, reason: str, *, now: dt.datetime | None = None) -> SubmissionBatch:
    reason = reason.strip()
    if not reason:
        raise VoidRefused("A reason is required to void a claim.")
    if claim.status not in VOIDABLE:
        raise VoidRefused(f"A claim that is {claim.get_status_display().lower()} cannot be voided.")
    version = claim.current_version
    sent = (
        SubmittedClaim.objects.filter(claim=claim, version=version).exclude(ack_status=AckStatus.REJECTED).last()
        if version is not None
        else None
    )
    if version is None or sent is None:
        raise VoidRefused("The payer does not hold this version (never sent, or rejected): there is nothing to void.")
    partner = TradingPartner.objects.filter(facility_id=claim.facility_id).first()
    if partner is None:
        raise VoidRefused(f"{claim.facility.name} has no trading-partner settings")
    now = now or timezone.now()
    lines = list(ClaimLine.objects.filter(version=version).order_by("position"))
    try:
        mapped = outgoing.outgoing_claim(
            claim, lines, partner, frequency=VOID, payer_claim_number=payer_claim_numbers([claim.pk]).get(claim.pk)
        )
    except outgoing.NotSendable as why:
        raise VoidRefused(str(why)) from None
    mapped = replace(mapped, claim_id=void_id(sent.claim_id_sent))
    institutional = mapped.kind is out.ClaimKind.INSTITUTIONAL
    with transaction.atomic(), acting_as(user):
        control = out.ControlNumbers(interchange=next_control(INTERCHANGE), group=next_control(GROUP))
        content = (write_837i if institutional else write_837p)(
            [mapped],
            partners=outgoing.partners(partner),
            provider=outgoing.billing_provider(claim.facility, partner),
            control=control,
            created=now.astimezone(ZoneInfo(claim.facility.time_zone)),
        )
        problems = validate(content)
        if problems:
            transaction.set_rollback(True)
            raise VoidRefused(f"the void has {len(problems)} problem(s): " + "; ".join(map(str, problems[:3])))
        by = user if getattr(user, "is_authenticated", False) else None
        batch = SubmissionBatch.objects.create(
            facility_id=claim.facility_id,
            kind=BatchKind.INSTITUTIONAL if institutional else BatchKind.PROFESSIONAL,
            interchange_control=control.interchange,
            group_control=control.group,
            content=content,
            claim_count=1,
            total_charge=mapped.total_charge,
            created_by=by,
            created_at=now,
        )
        SubmittedClaim.objects.create(batch=batch, claim=claim, version=version, claim_id_sent=mapped.claim_id)
        claim.status = ClaimStatus.VOID
        claim.save(update_fields=["status", "updated_at"])
        ClaimNote.objects.create(claim=claim, author=by, text=f"Voided (sent as {mapped.claim_id}): {reason}")
    return batch
