"""Claim review actions (accept, hold, override, notes): the rules, apart from the HTTP views.

Each function expects the claim loaded through ``Claim.objects.for_user`` and the action
already checked with ``require``; it raises :class:`ReviewRefused` with a plain reason when
the claim's state does not allow the action. A submitted version is never changed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimNote
from coolclaim.web.billing.services.code_sessions import claim_status_for
from coolclaim.web.billing.transitions import TRANSITIONS, ClaimAction, allows, is_frozen


class ReviewRefused(Exception):
    """The claim's state does not allow the action (shown to the user, HTTP 409)."""


def _refuse_if_frozen(claim: Claim) -> None:
    version = claim.current_version
    if is_frozen(claim.status) or (version is not None and version.is_submitted):
        raise ReviewRefused("This claim has been submitted: it cannot change. Correct it with a new version.")


def _blocking(user: Any, claim: Claim) -> list[ClaimEdit]:
    if claim.current_version_id is None:
        return []
    edits = ClaimEdit.objects.for_user(user).filter(version_id=claim.current_version_id)
    return [e for e in edits if e.blocks]


def _set_status(claim: Claim, status: str, note: str | None = None) -> None:
    claim.status = status
    if note is not None:
        # django-auditlog stores this with the change entry of the save below.
        data = {"note": note}
        claim.get_additional_data = lambda: data  # type: ignore[attr-defined]
    claim.save(update_fields=["status", "updated_at"])


def accept(claim: Claim, user: Any) -> None:
    _refuse_if_frozen(claim)
    if claim.status not in TRANSITIONS[ClaimAction.ACCEPT].sources or claim.current_version is None:
        raise ReviewRefused(f"A claim that is {claim.get_status_display().lower()} cannot be accepted.")
    if not allows(ClaimAction.ACCEPT, claim.status, claim.current_version.coded_status):
        raise ReviewRefused("Only a coded claim that is ready or on hold can be accepted.")
    blocking = _blocking(user, claim)
    if blocking:
        codes = ", ".join(e.code for e in blocking)
        raise ReviewRefused(f"Resolve or override the error edits first: {codes}.")
    with transaction.atomic():
        _set_status(claim, str(TRANSITIONS[ClaimAction.ACCEPT].target))


def hold(claim: Claim, user: Any, note: str) -> ClaimNote:
    """Put the claim on hold; ``note`` (required) becomes a claim note and stays in the audit entry."""
    _refuse_if_frozen(claim)
    if not allows(ClaimAction.HOLD, claim.status):
        raise ReviewRefused(f"A claim that is {claim.get_status_display().lower()} cannot be put on hold.")
    with transaction.atomic():
        _set_status(claim, str(TRANSITIONS[ClaimAction.HOLD].target), note=note)
        return add_note(claim, user, note)


def add_note(claim: Claim, user: Any, text: str) -> ClaimNote:
    """Write a note on the claim (any state: a submitted claim can still be discussed)."""
    text = text.strip()
    if not text:
        raise ReviewRefused("A note needs some text.")
    author = user if getattr(user, "is_authenticated", False) else None
    return ClaimNote.objects.create(claim=claim, author=author, text=text)


def override(claim: Claim, edit: ClaimEdit, user: Any, reason: str) -> None:
    _refuse_if_frozen(claim)
    if edit.version_id != claim.current_version_id:
        raise ReviewRefused("This edit belongs to an earlier version of the claim.")
    if edit.is_overridden:
        raise ReviewRefused("This edit is already overridden.")
    with transaction.atomic():
        edit.override(user, reason, now=timezone.now())
        # Overriding the last blocking error releases an engine hold (a hold set by a
        # colleague with a note stays until someone accepts the claim).
        if (
            edit.severity == Severity.ERROR
            and allows(ClaimAction.RELEASE, claim.status)
            and claim.current_version is not None
        ):
            edits = list(ClaimEdit.objects.for_user(user).filter(version_id=claim.current_version_id))
            new_status = claim_status_for(claim.current_version.coded_status, edits)
            if new_status != claim.status:
                _set_status(claim, new_status)
