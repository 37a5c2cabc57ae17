"""Bring the queue's hub items up to date with their cases' snapshots (open cases, and closed
ones with a re-authorization or sessions beyond the authorization to settle), and the badge
counts with them (locked, compared, written and counted as ``refresh_items`` does)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from coolclaim.web.bulk_rows import insert_missing, update_rows
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.attention import ATTENTION_KINDS
from coolclaim.web.queue.models import HubItem
from coolclaim.web.queue.services.badge_counts import Changes, hub_counts, record_changes

_FIELDS = ("facility_id", "owner_id", "state", "first_infusion_date", "due", "due_kind", "overdue", "waiting_on")
_FACILITY, _OVERDUE = _FIELDS.index("facility_id"), _FIELDS.index("overdue")


def refresh_hub_items(case_ids: Iterable[int]) -> int:
    """Upsert the items of open cases, delete those of closed ones; returns how many are open."""
    ids = sorted(set(case_ids))
    changes = Changes()
    with transaction.atomic():
        open_cases = _refresh(ids, changes)
        record_changes(changes)
    return open_cases


def _counts(item: tuple[Any, ...]) -> tuple[int, ...]:
    return hub_counts(bool(item[_OVERDUE]))


def _facility(item: tuple[Any, ...]) -> int:
    return int(item[_FACILITY])


def _refresh(ids: list[int], changes: Changes, attempts: int = 3) -> int:
    stored = {
        case_id: (pk, tuple(values))
        for pk, case_id, *values in HubItem.objects.filter(case_id__in=ids)
        .select_for_update()
        .order_by("case_id")
        .values_list("pk", "case_id", *_FIELDS)
    }
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
    wanted = {
        pk: tuple(values)
        for pk, *values in rows
        if values[2] and (values[2] != "closed" or values[5] in ATTENTION_KINDS)
    }
    gone = []
    changed = []
    for case_id, (pk, before) in stored.items():
        after = wanted.get(case_id)
        if after is None:
            gone.append(pk)
            changes.add(_facility(before), _counts(before), -1)
        elif after != before:
            changes.add(_facility(before), _counts(before), -1)
            changes.add(_facility(after), _counts(after))
            changed.append(HubItem(pk=pk, case_id=case_id, **dict(zip(_FIELDS, after, strict=True))))
    if gone:
        HubItem.objects.filter(pk__in=gone).delete()
    update_rows(changed, _FIELDS)
    new = {case_id: item for case_id, item in wanted.items() if case_id not in stored}
    inserted = insert_missing(
        HubItem, ("case_id", *_FIELDS), [(case_id, *item) for case_id, item in new.items()], "case_id"
    )
    for case_id in inserted:
        changes.add(_facility(new[case_id]), _counts(new[case_id]))
    raced = sorted(new.keys() - inserted)
    if raced and attempts > 1:
        _refresh(raced, changes, attempts - 1)
    elif raced:
        raise RuntimeError(f"hub items of {len(raced)} cases kept changing under the refresh")
    return len(wanted)
