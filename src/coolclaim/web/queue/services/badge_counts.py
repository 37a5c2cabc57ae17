"""The queue's badge counts: changes recorded by the refreshes, read by the pages.

- :class:`Changes`: what one refresh changed, per facility (added up in memory, written as one
  row per facility by :func:`record_changes`).
- :func:`badge_counts`: the counts of the user's facilities (a sum over a few rows per
  facility, whatever the number of items: each write folds the rows it can into one).
- :func:`recount`: the counts rebuilt from the items (a repair); :func:`kept_counts` and
  :func:`counted_from_items` side by side show they agree (the web tests check it after each test).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Count, Q, Sum

from coolclaim.web.queue.models import COUNTED, BadgeCount, HubItem, QueueItem


class Changes:
    """Per facility, the change of each count (:data:`COUNTED` order)."""

    __slots__ = ("by_facility",)

    def __init__(self) -> None:
        self.by_facility: dict[int, list[int]] = {}

    def add(self, facility_id: int, values: Sequence[int], sign: int = 1) -> None:
        row = self.by_facility.setdefault(facility_id, [0] * len(COUNTED))
        for index, value in enumerate(values):
            row[index] += sign * value

    def rows(self) -> list[BadgeCount]:
        return [
            BadgeCount(facility_id=facility_id, **dict(zip(COUNTED, values, strict=True)))
            for facility_id, values in sorted(self.by_facility.items())
            if any(values)
        ]


def item_counts(held: bool, documentation: bool, uncoded: bool, denied: bool, correction: bool) -> tuple[int, ...]:
    """What one queue item adds to the counts."""
    return (int(held), int(documentation), int(uncoded), int(denied), 1, 0, 0, int(correction))


def hub_counts(overdue: bool) -> tuple[int, ...]:
    """What one open hub case adds to the counts."""
    return (0, 0, 0, 0, 0, 1, int(overdue), 0)


def record_changes(changes: Changes) -> int:
    """Write the changes of a refresh, folded with the facilities' rows no one else holds: those
    rows are locked and deleted (``SKIP LOCKED`` on PostgreSQL: rows another transaction is
    folding are left to it, never waited for) and one row per facility holds their sum and the
    changes. So a facility keeps about one row per writer running at the same time, and a
    writer never waits for another: a nurse's save goes on while an import holds its rows
    until it commits. Returns the number of rows written."""
    if not changes.rows():
        return 0
    taken = list(
        BadgeCount.objects.select_for_update(skip_locked=True)
        .filter(facility_id__in=sorted(changes.by_facility))
        .order_by("pk")
        .values_list("pk", "facility_id", *COUNTED)
    )
    for _pk, facility, *values in taken:
        changes.add(facility, values)
    if taken:
        BadgeCount.objects.filter(pk__in=[row[0] for row in taken]).delete()
    rows = changes.rows()
    BadgeCount.objects.bulk_create(rows)
    return len(rows)


def badge_counts(user: Any, facility_id: int | None = None, *, among: Collection[int] | None = None) -> dict[str, int]:
    """The counts of the facilities ``user`` sees (or of one of them): held, documentation,
    uncoded, denied, total, hub_open, hub_overdue, correction (one query over a few rows per facility).

    ``among``: the ids of the user's facilities when the caller has just read them
    (``visible_facilities(user)``, same request): the rows are then read by those ids in one
    plain statement (about a tenth of the ORM's aggregate, which builds and compiles eight sums
    and the scoping subquery each time)."""
    if among is not None:
        ids = sorted(among) if facility_id is None else ([facility_id] if facility_id in among else [])
        return _summed(ids)
    rows = BadgeCount.objects.for_user(user)
    if facility_id is not None:
        rows = rows.filter(facility_id=facility_id)
    sums = rows.order_by().aggregate(**{name: Sum(name) for name in COUNTED})
    return {name: int(sums[name] or 0) for name in COUNTED}


def _summed(facility_ids: Sequence[int]) -> dict[str, int]:
    """The sums of the counts of ``facility_ids`` (one statement; none for no facility)."""
    if not facility_ids:
        return dict.fromkeys(COUNTED, 0)
    connection = connections[router.db_for_read(BadgeCount)]
    quote = connection.ops.quote_name
    meta = BadgeCount._meta
    column = {field.name: str(field.column) for field in meta.concrete_fields}
    sums = ", ".join(f"SUM({quote(column[name])})" for name in COUNTED)
    marks = ", ".join(["%s"] * len(facility_ids))
    # names from the model, values as parameters
    statement = f"SELECT {sums} FROM {quote(meta.db_table)} WHERE {quote(column['facility'])} IN ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, list(facility_ids))
        row = cursor.fetchone()  # an aggregate: one row, NULL sums when no row matched
    return {name: int(value or 0) for name, value in zip(COUNTED, row, strict=True)}


def kept_counts() -> dict[int, tuple[int, ...]]:
    """Per facility, the counts the rows add up to (facilities whose counts are all zero left out)."""
    sums = (
        BadgeCount.objects.order_by()
        .values("facility_id")
        .annotate(**{f"{n}_sum": Sum(n) for n in COUNTED})
        .values_list("facility_id", *(f"{n}_sum" for n in COUNTED))
    )
    kept = {facility: tuple(int(value or 0) for value in values) for facility, *values in sums}
    return {facility: values for facility, values in kept.items() if any(values)}


def counted_from_items() -> dict[int, tuple[int, ...]]:
    """Per facility, the counts as counting the items gives them (what :func:`kept_counts` must equal)."""
    changes = _counted(QueueItem.objects.order_by(), HubItem.objects.order_by())
    return {facility: tuple(values) for facility, values in changes.by_facility.items() if any(values)}


def _counted(items: Any, hub: Any) -> Changes:
    changes = Changes()
    for row in items.values("facility_id").annotate(
        held_n=Count("pk", filter=Q(held=True)),
        documentation_n=Count("pk", filter=Q(documentation_incomplete=True)),
        uncoded_n=Count("pk", filter=Q(uncoded=True)),
        denied_n=Count("pk", filter=Q(denied=True)),
        total_n=Count("pk"),
        correction_n=Count("pk", filter=Q(correction=True)),
    ):
        changes.add(
            row["facility_id"],
            (
                row["held_n"],
                row["documentation_n"],
                row["uncoded_n"],
                row["denied_n"],
                row["total_n"],
                0,
                0,
                row["correction_n"],
            ),
        )
    for row in hub.values("facility_id").annotate(open_n=Count("pk"), overdue_n=Count("pk", filter=Q(overdue=True))):
        changes.add(row["facility_id"], (0, 0, 0, 0, 0, row["open_n"], row["overdue_n"], 0))
    return changes


def recount(facility_ids: Iterable[int] | None = None) -> None:
    """Rebuild the counts (all facilities, or some) from the items themselves (a repair; run
    it while nothing else writes those facilities' items)."""
    items = QueueItem.objects.order_by()
    hub = HubItem.objects.order_by()
    counts = BadgeCount.objects.all()
    if facility_ids is not None:
        chosen = list(facility_ids)
        items, hub, counts = (
            items.filter(facility_id__in=chosen),
            hub.filter(facility_id__in=chosen),
            counts.filter(facility_id__in=chosen),
        )
    changes = _counted(items, hub)
    with transaction.atomic():
        counts.delete()
        BadgeCount.objects.bulk_create(changes.rows())
