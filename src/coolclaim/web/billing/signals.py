"""Signals of the billing app (news for the apps above it: the queue, the hub to come) and its
receivers of the clinic's signals, connected once by ``BillingConfig.ready``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.dispatch import Signal

from coolclaim.web.clinic import signals as clinic_signals

#: Sent with ``session_ids`` after the claims of these sessions were created, changed status
#: or were deleted (by ``Claim.save``/``Claim.delete`` and by the coding service's bulk path).
claims_changed = Signal()


def on_sessions_recorded(sender: Any, sessions: Sequence[Any], user: Any, reason: str, **kwargs: Any) -> dict[int, str]:
    """Code what a person documented; answer each session's claim status in plain words."""
    from coolclaim.web.billing.coding_service import code_sessions
    from coolclaim.web.billing.models import Claim

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
