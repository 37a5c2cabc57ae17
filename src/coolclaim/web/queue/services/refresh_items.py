"""Bring the queue items of some sessions up to date with their session and claim, and the
badge counts with them.

Per chunk of sessions: lock the items there are (PostgreSQL: a concurrent refresh of the same
sessions waits, then reads what that one committed), read what each session needs, then delete,
update and insert only the items that change, and record the change of the counts (one row per
facility, :mod:`.badge_counts`). An item another transaction inserted meanwhile is not
overwritten: it is read and refreshed like one that was there, so the counts stay exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q

from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.bulk_rows import insert_missing, update_rows
from coolclaim.web.clinic.models import Session
from coolclaim.web.queue.models import QueueItem
from coolclaim.web.queue.services.badge_counts import Changes, item_counts, record_changes

#: Ids per statement (SQLite limits the number of parameters of one statement).
CHUNK = 5000
_FIELDS = ("facility_id", "service_date", "held", "documentation_incomplete", "uncoded", "denied", "correction")
#: A claim the payer denied (whole, or lines of it) or rejected in an acknowledgment of its current version.
_PAYER_REFUSED = (
    Q(status=ClaimStatus.DENIED)
    | Q(line_payments__denied=True)
    | Q(submissions__ack_status="rejected", submissions__version=F("current_version"))
)
#: (facility, date of service, held, documentation incomplete, uncoded, denied)
Item = tuple[int, dt.date | None, bool, bool, bool, bool, bool]


def refresh_items(session_ids: Iterable[int]) -> int:
    """Recompute the items of ``session_ids``; returns how many of the sessions need attention."""
    ids = sorted(set(session_ids))
    needing = 0
    changes = Changes()
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            needing += _refresh(ids[start : start + CHUNK], changes)
        record_changes(changes)
    return needing


def _needed(session_ids: list[int]) -> dict[int, Item]:
    """What each session needs now (sessions needing nothing are left out)."""
    claims = Claim.objects.filter(session_id=OuterRef("pk"))
    rows = (
        Session.objects.filter(pk__in=session_ids)
        .annotate(
            is_held=Exists(claims.filter(status=ClaimStatus.HOLD)),
            is_coded=Exists(claims),
            is_denied=Exists(claims.filter(_PAYER_REFUSED)),
            is_correction=Exists(claims.filter(status=ClaimStatus.CORRECTION)),
        )
        .values_list(
            "pk",
            "facility_id",
            "service_date",
            "documentation_incomplete",
            "is_held",
            "is_coded",
            "is_denied",
            "is_correction",
        )
        .order_by()
    )
    return {
        pk: (facility_id, service_date, held, incomplete, not coded, denied, correction)
        for pk, facility_id, service_date, incomplete, held, coded, denied, correction in rows
        if held or incomplete or not coded or denied or correction
    }


def _refresh(session_ids: list[int], changes: Changes, attempts: int = 3) -> int:
    locked = (
        QueueItem.objects.filter(session_id__in=session_ids)
        .select_for_update()
        .order_by("session_id")
        .values_list("pk", "session_id", *_FIELDS)
    )
    stored: dict[int, tuple[int, Item]] = {
        session_id: (pk, (facility_id, service_date, held, incomplete, uncoded, denied, correction))
        for pk, session_id, facility_id, service_date, held, incomplete, uncoded, denied, correction in locked
    }
    wanted = _needed(session_ids)
    gone = [pk for session_id, (pk, _) in stored.items() if session_id not in wanted]
    changed: list[QueueItem] = []
    for session_id, (pk, before) in stored.items():
        after = wanted.get(session_id)
        if after is None:
            changes.add(before[0], item_counts(*before[2:]), -1)
        elif after != before:
            changes.add(before[0], item_counts(*before[2:]), -1)
            changes.add(after[0], item_counts(*after[2:]))
            changed.append(QueueItem(pk=pk, session_id=session_id, **dict(zip(_FIELDS, after, strict=True))))
    if gone:
        QueueItem.objects.filter(pk__in=gone).delete()
    update_rows(changed, _FIELDS)
    new = {session_id: item for session_id, item in wanted.items() if session_id not in stored}
    inserted = insert_missing(
        QueueItem, ("session_id", *_FIELDS), [(session_id, *item) for session_id, item in new.items()], "session_id"
    )
    for session_id in inserted:
        item = new[session_id]
        changes.add(item[0], item_counts(*item[2:]))
    raced = sorted(new.keys() - inserted)
    if raced and attempts > 1:  # inserted by another transaction since: refresh them as stored items
        _refresh(raced, changes, attempts - 1)
    elif raced:
        raise RuntimeError(f"queue items of {len(raced)} sessions kept changing under the refresh")
    return len(wanted)
