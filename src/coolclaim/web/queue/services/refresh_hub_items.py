"""Bring the queue's hub items up to date with their cases' snapshots (open cases, and closed
ones with a re-authorization or sessions beyond the authorization to settle)."""

from __future__ import annotations

from collections.abc import Iterable

from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.attention import ATTENTION_KINDS
from coolclaim.web.queue.models import HubItem

_FIELDS = ["facility", "owner", "state", "first_infusion_date", "due", "due_kind", "overdue", "waiting_on"]


def refresh_hub_items(case_ids: Iterable[int]) -> int:
    """Upsert the items of open cases, delete those of closed ones; returns how many are open."""
    ids = sorted(set(case_ids))
    rows = Case.objects.filter(pk__in=ids).values_list(
        "pk",
        "facility_id",
        "owner_id",
        "state",
        "first_infusion_date",
        "next_due",
        "next_due_kind",
        "overdue",
        "waiting_on",
    )
    wanted = [
        HubItem(
            case_id=pk,
            facility_id=facility_id,
            owner_id=owner_id,
            state=state,
            first_infusion_date=first,
            due=due,
            due_kind=kind,
            overdue=overdue,
            waiting_on=waiting_on,
        )
        for pk, facility_id, owner_id, state, first, due, kind, overdue, waiting_on in rows
        if state and (state != "closed" or kind in ATTENTION_KINDS)
    ]
    keep = {item.case_id for item in wanted}
    HubItem.objects.filter(case_id__in=[pk for pk in ids if pk not in keep]).delete()
    if wanted:
        HubItem.objects.bulk_create(wanted, update_conflicts=True, unique_fields=["case"], update_fields=_FIELDS)
    return len(wanted)
