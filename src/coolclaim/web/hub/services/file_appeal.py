"""File the one appeal the hub assists with (the core refuses a second)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.models import Appeal, Case
from coolclaim.web.hub.services.record_event import record_event


def file_appeal(case: Case, *, filed_at: dt.datetime, actor: Any, grounds: str = "", reason: str = "") -> Appeal:
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    with transaction.atomic():
        record_event(case, "appeal_filed", filed_at, actor=actor, reason=reason or "Appeal filed")
        denied = case.authorizations.filter(decision="denied").order_by("-decided_at").first()
        return Appeal.objects.create(case=case, authorization=denied, filed_at=filed_at, grounds=grounds)
