"""Plain statements for a page's small, fixed-shape reads of rows it already holds the keys of.

Building and compiling an ORM query costs about a millisecond of Python per query on the busiest
pages, ten times the statement's own cost; a read by ids of rows the page got through
``for_user`` needs none of the ORM's work (the scoping was done by that read, as a prefetch
would). :func:`read` runs a statement written with the model's field names in braces
(``{version_id}``, ``{table}``): the names are put in quoted from the model, every value is a
parameter, and the rows come back as tuples of the database's values (use it for text, integer
and boolean columns: dates and decimals come back typed differently by SQLite).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import Any

from django.db import connections, models, router


@functools.cache
def _names(model: type[models.Model], alias: str) -> dict[str, str]:
    quote = connections[alias].ops.quote_name
    names = {"table": quote(model._meta.db_table)}
    for field in model._meta.concrete_fields:
        names[field.name] = names[field.attname] = quote(str(field.column))
    return names


def marks(values: Collection[Any]) -> str:
    """``%s, %s, …``: one parameter mark per value (for ``IN (…)``)."""
    return ", ".join(["%s"] * len(values))


def read(model: type[models.Model], statement: str, params: Sequence[Any], **parts: str) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` (``{field}`` and ``{table}`` of ``model``; ``parts``: more
    pieces put in as they are, e.g. parameter marks from :func:`marks`)."""
    alias = router.db_for_read(model)
    sql = statement.format(**_names(model, alias), **parts)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def like_prefix(prefix: str, model: type[models.Model]) -> str:
    """The ``LIKE`` pattern (with ``ESCAPE '\\'``) of values starting with ``prefix``, as the
    ORM's ``startswith`` writes it."""
    return connections[router.db_for_read(model)].ops.prep_for_like_query(prefix) + "%"
