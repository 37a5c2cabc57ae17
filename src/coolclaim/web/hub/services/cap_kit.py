"""The cap-kit replacement a qualifying PAP decision promises, and its shipped/fulfilled steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.hub.choices import CapKitStatus
from coolclaim.web.hub.models import CapKitReplacement, PapDecision

#: Domain notes §2: the facility gives the kit free of charge and the manufacturer replaces it.
PROMISE = "Replacement cap kit from the manufacturer (the kit given free under the PAP)"

_ORDER = [CapKitStatus.PROMISED, CapKitStatus.SHIPPED, CapKitStatus.FULFILLED]


def promise_cap_kit(decision: PapDecision) -> CapKitReplacement | None:
    """Record the promise when the manufacturer PAP says eligible (once per case); else nothing."""
    if not decision.eligible:
        return None
    kit, _ = CapKitReplacement.objects.get_or_create(
        case=decision.case,
        defaults={"decision": decision, "what": PROMISE, "promised_at": decision.decided_at},
    )
    return kit


class CapKitStepRefused(ValueError):
    pass


def advance_cap_kit(
    kit: CapKitReplacement, status: str, *, at: dt.datetime, actor: Any, reference: str = ""
) -> CapKitReplacement:
    """Record the replacement shipped or received; steps only go forward, at or after the promise."""
    require(actor, Action.WORK_HUB_CASE, kit.case.facility_id)
    target = CapKitStatus(status)
    if _ORDER.index(target) <= _ORDER.index(CapKitStatus(kit.status)):
        raise CapKitStepRefused(f"status: the kit is already {kit.get_status_display().lower()}")
    if at < kit.promised_at:
        raise CapKitStepRefused("at: before the kit was promised")
    if target == CapKitStatus.SHIPPED or kit.shipped_at is None:
        kit.shipped_at = at
    if target == CapKitStatus.FULFILLED:
        kit.fulfilled_at = at
    kit.status = target
    kit.reference = reference or kit.reference
    kit.updated_by = actor
    kit.save()
    return kit
