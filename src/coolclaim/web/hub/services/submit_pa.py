"""The provider submitted the prior authorization; the hub starts tracking it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.models import Case, PriorAuthorization
from coolclaim.web.hub.services.record_event import record_event


def submit_pa(
    case: Case,
    *,
    rail: str,
    submitted_at: dt.datetime,
    actor: Any,
    reference_number: str = "",
    expedited: bool = False,
    reason: str = "",
) -> PriorAuthorization:
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    with transaction.atomic():
        record_event(
            case,
            "pa_submitted",
            submitted_at,
            actor=actor,
            reason=reason or f"PA submitted by {rail}",
            payload={"expedited": expedited},
        )
        return PriorAuthorization.objects.create(
            case=case,
            rail=rail,
            reference_number=reference_number,
            submitted_at=submitted_at,
            expedited=expedited,
            status_history=[{"at": submitted_at.isoformat(), "status": "submitted", "note": rail}],
        )
