"""Bring the queue items of some sessions up to date with their session and claim, and the
per-facility counts with the items."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q

from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session
from coolclaim.web.queue.models import QueueCount, QueueItem

#: Ids per statement (SQLite limits the number of parameters of one statement).
CHUNK = 5000
_FIELDS = ["facility", "service_date", "held", "documentation_incomplete", "uncoded"]


def refresh_items(session_ids: Iterable[int]) -> int:
    """Recompute the items of ``session_ids`` in three statements per chunk (read, delete the
    ones no longer needed, upsert the others), then the counts of their facilities; returns how
    many of the sessions need attention."""
    ids = sorted(set(session_ids))
    needing = 0
    facilities: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        claims = Claim.objects.filter(session_id=OuterRef("pk"))
        rows = list(
            Session.objects.filter(pk__in=chunk)
            .annotate(is_held=Exists(claims.filter(status=ClaimStatus.HOLD)), is_coded=Exists(claims))
            .values_list("pk", "facility_id", "service_date", "documentation_incomplete", "is_held", "is_coded")
            .order_by()
        )
        facilities.update(row[1] for row in rows)
        wanted = [
            QueueItem(
                session_id=pk,
                facility_id=facility_id,
                service_date=service_date,
                held=held,
                documentation_incomplete=incomplete,
                uncoded=not coded,
            )
            for pk, facility_id, service_date, incomplete, held, coded in rows
            if held or incomplete or not coded
        ]
        keep = {item.session_id for item in wanted}
        QueueItem.objects.filter(session_id__in=[pk for pk in chunk if pk not in keep]).delete()
        if wanted:
            QueueItem.objects.bulk_create(
                wanted, update_conflicts=True, unique_fields=["session"], update_fields=_FIELDS
            )
        needing += len(wanted)
    recount(facilities)
    return needing


def recount(facility_ids: Iterable[int]) -> None:
    """Count the items of these facilities into their :class:`QueueCount` rows: make sure the
    rows exist, lock them (in facility order: no deadlock between two writers), then count —
    a writer that waited for the lock counts after the other one committed."""
    ids = sorted(set(facility_ids))
    if not ids:
        return
    QueueCount.objects.bulk_create([QueueCount(facility_id=pk) for pk in ids], ignore_conflicts=True)
    list(QueueCount.objects.select_for_update().filter(facility_id__in=ids).order_by("facility_id").values_list("pk"))
    counted = {
        row["facility_id"]: row
        for row in QueueItem.objects.filter(facility_id__in=ids)
        .order_by()
        .values("facility_id")
        .annotate(
            n_held=Count("pk", filter=Q(held=True)),
            n_documentation=Count("pk", filter=Q(documentation_incomplete=True)),
            n_uncoded=Count("pk", filter=Q(uncoded=True)),
            n_total=Count("pk"),
        )
    }
    zero = {"n_held": 0, "n_documentation": 0, "n_uncoded": 0, "n_total": 0}
    QueueCount.objects.bulk_create(
        [
            QueueCount(
                facility_id=pk,
                held=counted.get(pk, zero)["n_held"],
                documentation=counted.get(pk, zero)["n_documentation"],
                uncoded=counted.get(pk, zero)["n_uncoded"],
                total=counted.get(pk, zero)["n_total"],
            )
            for pk in ids
        ],
        update_conflicts=True,
        unique_fields=["facility"],
        update_fields=["held", "documentation", "uncoded", "total"],
    )
