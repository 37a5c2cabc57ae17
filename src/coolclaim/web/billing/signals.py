"""Signals of the billing app (news for the apps above it: the queue, the hub to come) and its
receivers of the clinic's signals, connected once by ``BillingConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.dispatch import Signal

from coolclaim.web.clinic import signals as clinic_signals

#: Sent with ``session_ids`` after the claims of these sessions were created, changed status
#: or were deleted (by ``Claim.save``/``Claim.delete`` and by the coding service's bulk path).
claims_changed = Signal()

#: Sent by the coding service while it stores coded sessions, with ``sessions`` (the sessions
#: being stored) and ``units`` ({session pk: {code: units}} as coded now, before they are
#: stored). A receiver (the hub: the prior authorization tied to the course) answers a
#: ``{session pk: ClaimAddendum}``; its edits join the engine's on the session's claim (an error
#: holds it) and its prior authorization number goes onto the claim.
claim_addenda_requested = Signal()


@dataclass(frozen=True)
class ClaimAddendum:
    """What an app above billing adds to one session's claim: edits ``(code, severity, message,
    source)`` and the prior authorization number (``None``: leave the claim's as it is)."""

    edits: tuple[tuple[str, str, str, str], ...] = ()
    prior_authorization_number: str | None = None


def claim_addenda(sessions: Sequence[Any], units: Mapping[int, Mapping[str, int]]) -> dict[int, ClaimAddendum]:
    """The receivers' addenda for ``sessions``, merged (edits in receiver order)."""
    merged: dict[int, ClaimAddendum] = {}
    if not sessions:
        return merged
    for _receiver, answer in claim_addenda_requested.send(sender=None, sessions=sessions, units=units):
        given = cast("Mapping[int, ClaimAddendum] | None", answer) or {}
        for session_pk, addendum in given.items():
            before = merged.get(session_pk, ClaimAddendum())
            merged[session_pk] = ClaimAddendum(
                (*before.edits, *addendum.edits),
                addendum.prior_authorization_number
                if addendum.prior_authorization_number is not None
                else before.prior_authorization_number,
            )
    return merged


def on_sessions_recorded(sender: Any, sessions: Sequence[Any], user: Any, reason: str, **kwargs: Any) -> dict[int, str]:
    """Code what a person documented; answer each session's claim status in plain words."""
    from coolclaim.web.billing.models import Claim
    from coolclaim.web.billing.services.code_sessions import code_sessions

    code_sessions(list(sessions), user=user, reason=reason)
    return {
        claim.session_id: f"claim {claim.get_status_display().lower()}"
        for claim in Claim.objects.filter(session_id__in=[s.pk for s in sessions]).only("session_id", "status")
    }


def on_session_preview_requested(sender: Any, session: Any, coverages: Sequence[Any], **kwargs: Any) -> dict[str, Any]:
    from coolclaim.web.billing.services.preview_session import preview_session

    return preview_session(session, list(coverages))


def on_patient_sessions_shown(sender: Any, user: Any, sessions: Sequence[Any], **kwargs: Any) -> Any:
    from coolclaim.web.billing.tables import patient_session_claims

    return patient_session_claims(user, sessions)


def connect_receivers() -> None:
    clinic_signals.sessions_recorded.connect(on_sessions_recorded, dispatch_uid="billing.sessions_recorded")
    clinic_signals.session_preview_requested.connect(
        on_session_preview_requested, dispatch_uid="billing.session_preview_requested"
    )
    clinic_signals.patient_sessions_shown.connect(on_patient_sessions_shown, dispatch_uid="billing.patient_sessions")
