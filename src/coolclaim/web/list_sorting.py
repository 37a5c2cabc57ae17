"""Sortable columns of the list pages (the claims list, the work queue): which ``?sort=``
values a list accepts, the ordering each one gives, and the heading links with their
``aria-sort`` state.

- Only the list's own keys are accepted (a whitelist): anything else — an unknown key, a
  field name, ``--key`` — sorts by the list's default, never an error.
- ``?sort=key`` sorts ascending, ``?sort=-key`` descending: every field of the key is
  reversed, its unique tie-breaker last included, so a sort is stable from page to page and
  its reverse is exactly the reverse order.
- Fields named in ``blanks_last`` keep their empty values (NULL: no payer, no amount yet) after
  the others in both directions, on SQLite as on PostgreSQL (whose defaults differ).
- A heading's link keeps the page's filters and starts again at the first page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import QueryDict


@dataclass(frozen=True)
class Column:
    """A sortable column: its heading and the fields it orders by (a unique one last)."""

    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class SortLink:
    """A heading's link: where it goes and the column's ``aria-sort`` state now."""

    href: str
    state: str  # "ascending", "descending" or "none"


@dataclass(frozen=True)
class SortableColumns:
    """The sortable columns of one list (key → :class:`Column`) and its default sort key."""

    columns: Mapping[str, Column]
    default: str
    blanks_last: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.default not in self.columns:
            raise ValueError(f"default sort {self.default!r} is not one of the columns {sorted(self.columns)}")

    def chosen(self, raw: str | None) -> str:
        """The sort ``raw`` asks for when the list has it (``key`` or ``-key``), else the default."""
        if raw and raw.removeprefix("-") in self.columns:
            return raw
        return self.default

    def ordering(self, raw: str | None) -> tuple[str | OrderBy, ...]:
        """The ``order_by`` arguments of the sort ``raw`` asks for (the default when unknown)."""
        sort = self.chosen(raw)
        descending = sort.startswith("-")
        ordering: list[str | OrderBy] = []
        for spec in self.columns[sort.removeprefix("-")].fields:
            name = spec.removeprefix("-")
            down = descending != spec.startswith("-")
            if name in self.blanks_last:
                ordering.append(F(name).desc(nulls_last=True) if down else F(name).asc(nulls_last=True))
            else:
                ordering.append(f"-{name}" if down else name)
        return tuple(ordering)

    def caption(self, raw: str | None) -> str:
        """How the list is sorted now, in words (``Payer, descending``)."""
        sort = self.chosen(raw)
        direction = "descending" if sort.startswith("-") else "ascending"
        return f"{self.columns[sort.removeprefix('-')].label}, {direction}"

    def links(self, query: QueryDict, raw: str | None) -> dict[str, SortLink]:
        """For each column: the link that sorts by it — the opposite direction when it is the
        current sort — keeping ``query``'s other parameters but the page."""
        sort = self.chosen(raw)
        current, descending = sort.removeprefix("-"), sort.startswith("-")
        links: dict[str, SortLink] = {}
        for key in self.columns:
            params = query.copy()
            params.pop("page", None)
            params["sort"] = f"-{key}" if key == current and not descending else key
            state = ("descending" if descending else "ascending") if key == current else "none"
            links[key] = SortLink(href=f"?{params.urlencode()}", state=state)
        return links
