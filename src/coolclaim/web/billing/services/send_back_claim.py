"""Billing sends a claim back to the nurse: the claim is put on hold with the reason as a note
that starts with :data:`SENT_BACK_PREFIX`, so the work queue shows the nurse what to fix."""

from __future__ import annotations

from typing import Any

from coolclaim.web.billing.models import Claim, ClaimNote
from coolclaim.web.billing.services import review_claim as review

#: How a send-back note starts (the queue recognises it and shows the rest to the nurse).
SENT_BACK_PREFIX = "Sent back to the nurse: "


def send_back(claim: Claim, user: Any, reason: str) -> ClaimNote:
    """Hold the claim with ``reason`` for the nurse (refused like a hold: ``ReviewRefused``)."""
    reason = reason.strip()
    if not reason:
        raise review.ReviewRefused("Say what the nurse should fix.")
    return review.hold(claim, user, SENT_BACK_PREFIX + reason)


def sent_back_reason(note: ClaimNote | None) -> str:
    """The reason of a send-back note, or '' for any other note."""
    return sent_back_reason_of(note.text) if note is not None else ""


def sent_back_reason_of(text: str) -> str:
    """The reason a note's ``text`` gives if it is a send-back note, else ''."""
    if not text.startswith(SENT_BACK_PREFIX):
        return ""
    return text.removeprefix(SENT_BACK_PREFIX)
