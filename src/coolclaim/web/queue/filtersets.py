"""The work queue's list: queue items scoped to the user, filtered by the filter form and
sorted by one of its sortable columns (oldest date of service first by default).

A session is in the queue when its claim is on hold, its documentation is incomplete, or it
has no claim yet — that is, when it has a :class:`~coolclaim.web.queue.models.QueueItem`.
The page costs a fixed number of queries whatever the number of rows, and counts nothing: its
badges and its total come from the badge counts kept by the refreshes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from coolclaim.web.billing.models import ClaimEdit
from coolclaim.web.billing.tables import with_payer_and_amount
from coolclaim.web.clinic.choices import DOCUMENTATION_FIELDS
from coolclaim.web.list_sorting import Column, SortableColumns
from coolclaim.web.queue.choices import Kind
from coolclaim.web.queue.models import QueueItem
from coolclaim.web.queue.services.badge_counts import badge_counts

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
    "session__id",
    "session__session_id",
    "session__facility_id",
    "session__course_id",
    "session__coverage_id",
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


#: The queue's sortable columns (``?sort=key``, ``-key`` for the opposite direction). Ties are
#: broken by the date of service, then the session (unique): the order is stable. The default is
#: the order of the item indexes (no sort on PostgreSQL, as before columns were sortable);
#: payer and amount are computed per item (subqueries) when the queue is sorted by them.
QUEUE_SORTS = SortableColumns(
    columns={
        "dos": Column("Date of service", ("service_date", "session_id")),
        "patient": Column(
            "Patient",
            (
                "session__course__patient__family_name",
                "session__course__patient__given_name",
                "service_date",
                "session_id",
            ),
        ),
        "payer": Column("Payer", ("payer_name", "service_date", "session_id")),
        "amount": Column("Amount", ("amount", "service_date", "session_id")),
    },
    default="dos",
    blanks_last=frozenset({"payer_name", "amount"}),
)


def _unresolved_edit(**filters: Any) -> Exists:
    return Exists(
        ClaimEdit.objects.filter(
            version_id=OuterRef("session__claim__current_version_id"), overridden_at__isnull=True, **filters
        )
    )


def known_total(filters: dict[str, Any], counts: dict[str, int]) -> int | None:
    """The number of items ``filters`` select when the badge counts already say it (no filter,
    or only a kind; ``counts`` of the facility filtered on, if any), else None."""
    if any(filters.get(name) for name in ("severity", "edit_code", "date_from", "date_to")):
        return None
    kind = filters.get("kind")
    if not kind:
        return counts["total"]
    return counts.get(_COUNT_OF_KIND.get(kind, ""))


_COUNT_OF_KIND = {
    Kind.HELD: "held",
    Kind.DOCUMENTATION: "documentation",
    Kind.UNCODED: "uncoded",
    Kind.DENIED: "denied",
}


def _filtered(user: Any, filters: dict[str, Any], among: Collection[int] | None = None) -> QuerySet[QueueItem]:
    # ``among``: the ids of the user's facilities (visible_facilities), read by the caller in
    # this request: the same scope as for_user's subquery, planned in a third of the time
    qs = QueueItem.objects.for_user(user) if among is None else QueueItem.objects.filter(facility_id__in=sorted(among))
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
    return qs


def _with_payer_and_amount(qs: QuerySet[QueueItem]) -> QuerySet[QueueItem]:
    return with_payer_and_amount(
        qs,
        patient="session__course__patient_id",
        service_date="service_date",
        coverage="session__coverage_id",
        version="session__claim__current_version_id",
    )


def queue_queryset(
    user: Any, filters: dict[str, Any] | None = None, sort: str | None = None, among: Collection[int] | None = None
) -> QuerySet[QueueItem]:
    """Items needing attention (scoped to ``user``; ``among``: the ids of the user's
    facilities, already read this request), sorted by
    ``sort`` (a key of :data:`QUEUE_SORTS`; oldest date of service first when none or unknown)."""
    qs = _filtered(user, filters or {}, among)
    # the facility comes from the user's facilities the page has in hand (QueueTable): one
    # join less halves the planning of this query on PostgreSQL
    qs = qs.select_related("session__course__patient", "session__claim").only(*ROW_FIELDS)
    # The rows' payer and amount are read for the page's rows alone (QueueTable); the query
    # computes them only to sort by them.
    if _sorts_by_payer_or_amount(sort):
        qs = _with_payer_and_amount(qs)
    return qs.order_by(*QUEUE_SORTS.ordering(sort))


def _sorts_by_payer_or_amount(sort: str | None) -> bool:
    return QUEUE_SORTS.chosen(sort).removeprefix("-") in ("payer", "amount")


def queue_keys(
    user: Any, filters: dict[str, Any] | None = None, sort: str | None = None, among: Collection[int] | None = None
) -> QuerySet[QueueItem]:
    """The items :func:`queue_queryset` lists, in its order, with nothing joined but what the
    filters and the sort need (payer and amount only when sorted by them): the query a page's
    keys are chosen from (:class:`~coolclaim.web.paging.KeysFirstPaginator`)."""
    qs = _filtered(user, filters or {}, among)
    if _sorts_by_payer_or_amount(sort):
        qs = _with_payer_and_amount(qs)
    return qs.order_by(*QUEUE_SORTS.ordering(sort))


#: The counts the queue's badges show (the hub's two are shown with the hub cases).
QUEUE_COUNTS = ("held", "documentation", "uncoded", "denied", "correction", "total")


def queue_counts(
    user: Any,
    facility_id: int | None = None,
    counts: dict[str, int] | None = None,
    among: Collection[int] | None = None,
) -> dict[str, int]:
    """How many sessions of each kind, and in all, in the user's facilities (or one of them):
    the badge counts the refreshes keep (a sum over a few rows per facility, not a count of
    the items; see :mod:`coolclaim.web.queue.services.badge_counts`); ``counts``: those
    already read; ``among``: the ids of the user's facilities, already read."""
    counts = counts if counts is not None else badge_counts(user, facility_id, among=among)
    return {name: counts[name] for name in QUEUE_COUNTS}
