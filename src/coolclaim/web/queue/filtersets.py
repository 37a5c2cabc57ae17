"""The work queue's list: queue items scoped to the user, filtered by the filter form.

A session is in the queue when its claim is on hold, its documentation is incomplete, or it
has no claim yet — that is, when it has a :class:`~coolclaim.web.queue.models.QueueItem`.
The page costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from coolclaim.web.billing.models import ClaimEdit
from coolclaim.web.clinic.choices import DOCUMENTATION_FIELDS
from coolclaim.web.queue.choices import Kind
from coolclaim.web.queue.models import QueueItem

KIND_FILTERS = {
    Kind.HELD: Q(held=True),
    Kind.DOCUMENTATION: Q(documentation_incomplete=True),
    Kind.UNCODED: Q(uncoded=True),
    Kind.DENIED: Q(denied=True),
    Kind.CORRECTION: Q(correction=True),
}

#: Columns the page shows (the rest of the session and patient rows stay in the database).
ROW_FIELDS = (
    "id",
    "session_id",
    "facility_id",
    "service_date",
    "held",
    "documentation_incomplete",
    "uncoded",
    "denied",
    "correction",
    "facility__name",
    "session__id",
    "session__session_id",
    "session__facility_id",
    "session__course_id",
    "session__device_serial",
    *(f"session__{name}" for name in DOCUMENTATION_FIELDS),
    "session__course__id",
    "session__course__patient_id",
    "session__course__patient__id",
    "session__course__patient__family_name",
    "session__course__patient__given_name",
    "session__course__patient__mrn",
    "session__claim__id",
    "session__claim__session_id",
    "session__claim__current_version_id",
)


def _unresolved_edit(**filters: Any) -> Exists:
    return Exists(
        ClaimEdit.objects.filter(
            version_id=OuterRef("session__claim__current_version_id"), overridden_at__isnull=True, **filters
        )
    )


def is_plain(filters: dict[str, Any]) -> bool:
    """No filter beyond facility scoping: the page's total is the counts' total."""
    return not any(filters.get(name) for name in ("facility", "kind", "severity", "edit_code", "date_from", "date_to"))


def queue_queryset(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[QueueItem]:
    """Items needing attention, oldest date of service first (scoped to ``user``)."""
    filters = filters or {}
    qs = QueueItem.objects.for_user(user)
    kind = filters.get("kind")
    if kind in KIND_FILTERS:
        qs = qs.filter(KIND_FILTERS[kind])
    if filters.get("facility") is not None:
        qs = qs.filter(facility_id=filters["facility"].pk)
    if filters.get("severity"):
        qs = qs.filter(_unresolved_edit(severity=filters["severity"]))
    if filters.get("edit_code"):
        qs = qs.filter(_unresolved_edit(code=filters["edit_code"]))
    if filters.get("date_from"):
        qs = qs.filter(service_date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(service_date__lte=filters["date_to"])
    return (
        qs.select_related("facility", "session__course__patient", "session__claim")
        .only(*ROW_FIELDS)
        .order_by("service_date", "session_id")
    )


def queue_counts(user: Any) -> dict[str, int]:
    """How many sessions of each kind, and in all: one aggregate over the queue's own narrow
    table (only what needs attention; on PostgreSQL an index-only scan of
    ``queue_item_facility_idx``, which includes the three flags). Counts kept in a shared row
    per facility were tried and dropped: that row's lock, held until commit, would make a
    nurse's save wait for a running import of the same facility."""
    counts = (
        QueueItem.objects.for_user(user)
        .order_by()
        .aggregate(
            held=Count("pk", filter=Q(held=True)),
            documentation=Count("pk", filter=Q(documentation_incomplete=True)),
            uncoded=Count("pk", filter=Q(uncoded=True)),
            denied=Count("pk", filter=Q(denied=True)),
            correction=Count("pk", filter=Q(correction=True)),
            total=Count("pk"),
        )
    )
    return {key: int(value or 0) for key, value in counts.items()}
