"""Pages of a long, joined list: the page's keys first, then its rows.

:class:`KeysFirstPaginator` reads a page in one query of the form ``… WHERE pk IN (SELECT pk
… ORDER BY … LIMIT n OFFSET m) ORDER BY …``: the inner select orders and cuts the list's keys
alone (from an index that holds the filter and the order, when there is one), and only the
page's rows are joined to the tables the page shows. A plain slice makes SQLite join every
row of the list before it sorts them (``facility_id IN (…)`` over several facilities cannot
give the index's order), so the page's cost grew with the list: 150 ms at 19,000 items, against
10 ms this way. PostgreSQL plans both shapes alike.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class KeysFirstPaginator(Paginator):  # type: ignore[type-arg]
    """A :class:`~django.core.paginator.Paginator` over an ordered queryset whose pages are
    chosen by their keys before their rows are joined (same pages, same order)."""

    object_list: QuerySet[Any]

    def page(self, number: int | str) -> Page:  # type: ignore[type-arg]
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return Page(self.object_list.filter(pk__in=keys), number, self)
