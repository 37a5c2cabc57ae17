"""Plain statements for a page's small, fixed-shape reads of rows it already holds the keys of.

Building and compiling an ORM query costs about a millisecond of Python per query on the busiest
pages, ten times the statement's own cost; a read by ids of rows the page got through
``for_user`` needs none of the ORM's work (the scoping was done by that read, as a prefetch
would). :func:`read` runs a statement written with the model's field names in braces
(``{version_id}``, ``{table}``): the names are put in quoted from the model, every value is a
parameter, and the rows come back as tuples (of the database's values, or converted as the
ORM converts a field's: dates and decimals come back as text and floats from SQLite).
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


@functools.cache
def _converters(model: type[models.Model], alias: str, name: str) -> tuple[Any, tuple[Any, ...]]:
    """The column expression of field ``name`` and the ORM's converters of its values."""
    connection = connections[alias]
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    column = field.get_col(model._meta.db_table)
    return column, (*connection.ops.get_db_converters(column), *column.get_db_converters(connection))


def read(
    model: type[models.Model],
    statement: str,
    params: Sequence[Any],
    typed: Sequence[str | None] = (),
    **parts: str,
) -> list[tuple[Any, ...]]:
    """The rows of ``statement`` (``{field}`` and ``{table}`` of ``model``; ``parts``: more
    pieces put in as they are, e.g. parameter marks from :func:`marks`). ``typed``: per column
    of the result, the field whose type it has (its value converted as the ORM converts that
    field's, e.g. a date or a decimal on SQLite), or None for a value taken as it comes."""
    alias = router.db_for_read(model)
    sql = statement.format(**_names(model, alias), **parts)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    conversions = [(index, *_converters(model, alias, name)) for index, name in enumerate(typed) if name is not None]
    conversions = [conversion for conversion in conversions if conversion[2]]
    if not conversions:
        return list(rows)
    connection = connections[alias]
    converted = []
    for row in rows:
        values = list(row)
        for index, column, converters in conversions:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        converted.append(tuple(values))
    return converted


def like_prefix(prefix: str, model: type[models.Model]) -> str:
    """The ``LIKE`` pattern (with ``ESCAPE '\\'``) of values starting with ``prefix``, as the
    ORM's ``startswith`` writes it."""
    return connections[router.db_for_read(model)].ops.prep_for_like_query(prefix) + "%"
