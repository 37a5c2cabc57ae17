"""The payer decided the appeal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.choices import AppealDecision
from coolclaim.web.hub.models import Appeal
from coolclaim.web.hub.services.authorization_changed import authorization_changed
from coolclaim.web.hub.services.record_event import record_event


def decide_appeal(appeal: Appeal, *, decision: str, decided_at: dt.datetime, actor: Any, reason: str = "") -> Appeal:
    require(actor, Action.WORK_HUB_CASE, appeal.case.facility_id)
    decision = AppealDecision(decision)
    with transaction.atomic():
        record_event(
            appeal.case,
            "appeal_decided",
            decided_at,
            actor=actor,
            reason=reason or f"Appeal {decision.label.lower()}",
            payload={"decision": str(decision)},
        )
        appeal.decision = decision
        appeal.decided_at = decided_at
        appeal.save(update_fields=["decision", "decided_at"])
        authorization_changed(appeal.case, actor=actor, reason=f"hub: appeal {decision.label.lower()}")
    return appeal
