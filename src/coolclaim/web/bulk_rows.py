"""Set-based writes for bulk paths (imports, the coding service, audit entries).

Django's ``bulk_create`` prepares every value of every row through the field API and sends one
huge parameterised statement; its ``bulk_update`` builds a ``CASE WHEN`` per field and row. On
the import path those two were 60 % of the time. Here:

- :func:`create_rows` inserts model instances (like ``bulk_create``, no signals): their ids are
  taken from the table's sequence first (PostgreSQL ``nextval``; SQLite: the next free
  ``AUTOINCREMENT`` id, safe because SQLite transactions here take the write lock at ``BEGIN``)
  and the rows go in by ``COPY`` (PostgreSQL) or ``executemany`` (SQLite). Instances get their
  ``pk`` set, so rows that point at each other can be created in any order inside one
  transaction (Django creates foreign keys ``DEFERRABLE INITIALLY DEFERRED``).
- :func:`create_like` inserts rows given as values (no instance), ids from the database unless
  given: claim lines, edits and audit entries, which nothing points at.
- :func:`update_rows` writes some columns of many instances in one ``UPDATE ... FROM (VALUES
  ...)`` statement per part.

Values are prepared once per column kind: JSON as text, dates and times as the backend wants
them; ``auto_now``/``auto_now_add`` columns get one timestamp for the call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

#: Rows per ``executemany``/``VALUES`` statement (SQLite limits parameters per statement).
PART = 500

Convert = Callable[[Any], Any]


def _json(value: Any) -> Any:
    return None if value is None else orjson.dumps(value).decode()


def _converter(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Convert | None:
    """How a Python value of ``field`` becomes a value the driver takes (None: as it is)."""
    if isinstance(field, models.JSONField):
        return _json
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places

        def decimal(value: Any) -> Any:
            return connection.ops.adapt_decimalfield_value(value, digits, places)

        return decimal
    return None


def _writing(connection: BaseDatabaseWrapper) -> contextlib.AbstractContextManager[Any]:
    """Ids and rows in one write transaction: the caller's, else a new one (no savepoint)."""
    if connection.in_atomic_block:
        return contextlib.nullcontext()
    return transaction.atomic(using=connection.alias)


def _connection(model: type[models.Model]) -> BaseDatabaseWrapper:
    return connections[router.db_for_write(model) or "default"]


def _columns(model: type[models.Model], fields: Sequence[models.Field[Any, Any]]) -> str:
    quote = _connection(model).ops.quote_name
    return ", ".join(quote(str(f.column)) for f in fields)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model``'s table (call inside the writing transaction)."""
    if count <= 0:
        return []
    connection = _connection(model)
    table = model._meta.db_table
    assert model._meta.pk is not None
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT max({quote(str(pk_column))}) FROM {quote(table)}), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def _stamp(objects: Sequence[models.Model], fields: Sequence[models.Field[Any, Any]], adding: bool) -> None:
    now = timezone.now()
    for field in fields:
        if isinstance(field, models.DateField) and (field.auto_now or (adding and field.auto_now_add)):
            for obj in objects:
                setattr(obj, field.attname, now)


def create_rows(objects: Sequence[models.Model], *, keep_ids: bool = False) -> int:
    """Insert ``objects`` (all of one model; no signals, no ``save()``); sets their ``pk``
    (``keep_ids``: they have ids from :func:`allocate_ids` already)."""
    if not objects:
        return 0
    model = type(objects[0])
    connection = _connection(model)
    with _writing(connection):
        return _create_rows(objects, keep_ids, connection)


def _create_rows(objects: Sequence[models.Model], keep_ids: bool, connection: BaseDatabaseWrapper) -> int:
    model = type(objects[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    _stamp(objects, fields, adding=True)
    if not keep_ids:
        for obj, new_id in zip(objects, allocate_ids(model, len(objects)), strict=True):
            obj.pk = new_id
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    names = [f.attname for f in (pk, *fields)]
    _insert(model, [pk, *fields], ([getattr(obj, name) for name in names] for obj in objects))
    return len(objects)


def _template_columns(
    template: models.Model, columns: Sequence[str]
) -> tuple[list[str], list[Any], dict[str, int]]:
    """The given columns, the fields inserted (the primary key only when given) with the
    template's automatic values stamped, and each given column's position."""
    meta = type(template)._meta
    pk = meta.pk
    assert pk is not None
    given = list(columns)
    fields = [f for f in meta.concrete_fields if f is not pk or pk.attname in given]
    _stamp([template], fields, adding=True)
    return given, fields, {name: i for i, name in enumerate(given)}


def create_like(template: models.Model, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows of ``template``'s model that differ from ``template`` only in ``columns``
    (attnames, e.g. ``version_id``; include the primary key to give ids, else the database
    gives them, as it does to any insert): the set-based path for many small rows, no model
    instance per row."""
    model = type(template)
    meta = model._meta
    given, fields, position = _template_columns(template, columns)
    base = [getattr(template, f.attname) for f in fields]
    slots = [(i, position[f.attname]) for i, f in enumerate(fields) if f.attname in position]
    if len(slots) != len(given):
        raise ValueError(f"unknown columns of {meta.label}: {sorted(set(given) - {f.attname for f in fields})}")

    def full(row: Sequence[Any]) -> list[Any]:
        values = list(base)
        for target, source in slots:
            values[target] = row[source]
        return values

    with _writing(_connection(model)):
        return _insert(model, fields, (full(row) for row in rows))


def create_like_in_one_statement(
    template: models.Model,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    local_settings: Sequence[tuple[str, str]] = (),
) -> int:
    """PostgreSQL: :func:`create_like`'s rows in one ``INSERT … SELECT … FROM unnest(…)``
    statement, one round trip. ``local_settings`` (name, value) are set for the statement's
    transaction alone (``set_config(name, value, true)``, as ``SET LOCAL``); in autocommit
    the statement is its own transaction, so they hold for its commit too. No transaction is
    opened here: inside the caller's, the rows are part of it (and the settings last to its end)."""
    model = type(template)
    connection = _connection(model)
    if connection.vendor != "postgresql":
        raise ValueError("create_like_in_one_statement is for PostgreSQL")
    if not rows:
        return 0
    meta = model._meta
    given, fields, position = _template_columns(template, columns)
    if len(position) != len(given) or not set(given) <= {f.attname for f in fields}:
        raise ValueError(f"unknown columns of {meta.label}: {sorted(set(given) - {f.attname for f in fields})}")
    quote = connection.ops.quote_name
    arrays: list[Any] = [[] for _ in given]
    converters = {name: _converter(meta.get_field(name), connection) for name in given}  # type: ignore[arg-type]
    for row in rows:
        for i, name in enumerate(given):
            convert = converters[name]
            arrays[i].append(row[i] if convert is None else convert(row[i]))
    selected: list[str] = []
    constants: list[Any] = []
    for field in fields:
        if field.attname in position:
            selected.append(f"v.c{position[field.attname]}")
            continue
        convert = _converter(field, connection)
        value = getattr(template, field.attname)
        constants.append(value if convert is None else convert(value))
        selected.append(f"%s::{field.db_type(connection)}")
    unnest = ", ".join(f"%s::{meta.get_field(name).db_type(connection)}[]" for name in given)
    alias = "v(" + ", ".join(f"c{i}" for i in range(len(given))) + ")"
    settings_sql = ""
    settings_params: list[Any] = []
    if local_settings:
        calls = ", ".join("set_config(%s, %s, true)" for _ in local_settings)
        settings_sql = f"WITH s AS MATERIALIZED (SELECT {calls}) "
        settings_params = [part for pair in local_settings for part in pair]
    source = f"unnest({unnest}) AS {alias}" + (" CROSS JOIN s" if local_settings else "")
    statement = (
        f"{settings_sql}INSERT INTO {quote(meta.db_table)} ({_columns(model, fields)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*settings_params, *constants, *arrays])
    return len(rows)


def _insert(model: type[models.Model], fields: Sequence[models.Field[Any, Any]], rows: Iterable[list[Any]]) -> int:
    connection = _connection(model)
    converters = [(i, c) for i, c in enumerate(_converter(f, connection) for f in fields) if c is not None]
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = _columns(model, fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            statement = f"COPY {table} ({column_list}) FROM STDIN"
            # logged like any statement when Django logs queries (debug, tests' query counts)
            logged = cursor.debug_sql(statement) if hasattr(cursor, "debug_sql") else contextlib.nullcontext()
            with logged, raw.copy(statement) as copy:
                for row in rows:
                    for i, convert in converters:
                        row[i] = convert(row[i])
                    copy.write_row(row)
                    count += 1
        else:
            prepared = []
            for row in rows:
                for i, convert in converters:
                    row[i] = convert(row[i])
                prepared.append(row)
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({marks})", prepared)  # noqa: S608
            count = len(prepared)
    return count


def update_rows(objects: Sequence[models.Model], field_names: Iterable[str]) -> int:
    """Write ``field_names`` of ``objects`` (saved instances of one model) in few statements."""
    if not objects:
        return 0
    model = type(objects[0])
    connection = _connection(model)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [meta.get_field(name) for name in field_names]
    concrete = [f for f in fields if isinstance(f, models.Field) and f.concrete]
    if len(concrete) != len(fields):
        raise ValueError("update_rows writes concrete columns only")
    _stamp(objects, concrete, adding=False)
    columns = [pk, *concrete]
    converters = [_converter(f, connection) for f in columns]
    names = [f.attname for f in columns]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    # VALUES columns: named by the alias list on PostgreSQL, column1.. on SQLite
    if connection.vendor == "postgresql":
        names_of = [f"c{i}" for i in range(len(columns))]
        alias = "v(" + ", ".join(names_of) + ")"
    else:
        names_of = [f"column{i + 1}" for i in range(len(columns))]
        alias = "v"
    assignments = ", ".join(f"{quote(str(f.column))} = v.{names_of[i]}" for i, f in enumerate(concrete, start=1))
    done = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), PART):
            part = objects[start : start + PART]
            values: list[Any] = []
            for obj in part:
                for name, convert in zip(names, converters, strict=True):
                    value = getattr(obj, name)
                    values.append(value if convert is None else convert(value))
            if connection.vendor == "postgresql":
                casts = [f.db_type(connection) for f in columns]
                first = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
                rest = "(" + ", ".join(["%s"] * len(columns)) + ")"
                rows_sql = ", ".join([first, *([rest] * (len(part) - 1))])
            else:
                row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                rows_sql = ", ".join([row] * len(part))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {rows_sql}) AS {alias} "  # noqa: S608
                f"WHERE {table}.{quote(str(pk.column))} = v.{names_of[0]}",
                values,
            )
            done += len(part)
    return done


def insert_missing(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], unique: str
) -> set[Any]:
    """Insert ``rows`` (values of ``columns``, attnames) unless a row with the same ``unique``
    column (one of ``columns``) is there already; returns the ``unique`` values inserted. A
    row another transaction inserted first is skipped (``ON CONFLICT DO NOTHING``), not
    overwritten: the caller sees which ones and can read them."""
    if not rows:
        return set()
    connection = _connection(model)
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    concrete = [f for f in fields if isinstance(f, models.Field) and f.concrete]
    if len(concrete) != len(fields) or unique not in columns:
        raise ValueError(f"insert_missing writes concrete columns of {meta.label}, the unique one among them")
    converters = [_converter(f, connection) for f in concrete]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column_list = ", ".join(quote(str(f.column)) for f in concrete)
    key = quote(str(concrete[list(columns).index(unique)].column))
    mark = "(" + ", ".join(["%s"] * len(concrete)) + ")"
    inserted: set[Any] = set()
    with _writing(connection), connection.cursor() as cursor:
        for start in range(0, len(rows), PART):
            part = rows[start : start + PART]
            values = [
                value if convert is None else convert(value)
                for row in part
                for value, convert in zip(row, converters, strict=True)
            ]
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) VALUES {', '.join([mark] * len(part))} "  # noqa: S608
                f"ON CONFLICT ({key}) DO NOTHING RETURNING {key}",
                values,
            )
            inserted.update(row[0] for row in cursor.fetchall())
    return inserted
