"""Audit of patient data: every create, change, delete *and read*, with who, what and when.

- Create/change/delete: django-auditlog signals on every patient-data model (registered by
  the apps' ``ready()`` through :func:`register_models`). The actor is the signed-in user
  (``AuditlogMiddleware``); outside a request, wrap work in ``acting_as(user)``.
- Read: views and the API call :func:`audit_read` for every patient-data object they show
  (or :func:`audit_reads` for a list page) — an auditlog entry with action ACCESS.
- Bulk paths (``bulk_create``/bulk updates) send no signals: they call :func:`audit_bulk_create`
  and :func:`audit_bulk_update`.

Entries hold the object's type and id; ``str()`` of patient models gives ids only. Every entry
holds the client's address: given by the caller, else the request's (``AuditlogMiddleware``
keeps it for the request; ``coolclaim.web.proxy`` makes it the real client's behind a trusted
proxy), so page reads record it as API reads do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from coolclaim.web.bulk_rows import create_like, create_like_in_one_statement

#: Models registered here; tests check every patient-data model is among them.
AUDITED_MODELS: list[type[models.Model]] = []


def register_models(*model_classes: type[models.Model]) -> None:
    """Register models with auditlog (create/change/delete/access)."""
    for model in model_classes:
        if not auditlog.contains(model):
            auditlog.register(model)
        if model not in AUDITED_MODELS:
            AUDITED_MODELS.append(model)


@contextlib.contextmanager
def acting_as(user: Any, remote_addr: str | None = None) -> Iterator[None]:
    """Attribute audit entries made inside the block to ``user`` (CLI, tasks, imports). On
    leaving, the acting context before it is back (auditlog's ``set_actor`` leaves its own in
    place, so entries made after the block took this block's address)."""
    before = auditlog_value.set({})
    try:
        with set_actor(user, remote_addr=remote_addr):
            yield
    finally:
        auditlog_value.reset(before)


def request_addr() -> str | None:
    """The client address of the request being served (``AuditlogMiddleware``), if any."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return None
    value = context.get("remote_addr") if isinstance(context, dict) else None
    return str(value) if value else None


def _actor_id(user: Any) -> int | None:
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def audit_read(user: Any, obj: models.Model, remote_addr: str | None = None) -> LogEntry:
    """Record that ``user`` read ``obj`` (auditlog action ACCESS)."""
    entry: LogEntry = LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor_id=_actor_id(user),
        remote_addr=remote_addr or request_addr(),
    )
    return entry


def audit_reads(user: Any, objects: Sequence[Any], remote_addr: str | None = None) -> int:
    """Record reads of many objects (a list page) in one insert; returns the count. The
    objects are model instances, or rows read as values that name their model in
    ``audited_model`` and give the model's ``pk`` and ``str()``. A page's
    reads are their own transaction: on PostgreSQL it commits without waiting for the disk
    flush (see :func:`_without_flush_wait`; outside a transaction, one statement does it all:
    ``synchronous_commit`` off for its own transaction by ``set_config(…, true)``)."""
    if not objects:
        return 0
    if connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit():
        # one statement, its own transaction, committed without the flush wait: one round
        # trip instead of BEGIN, SET LOCAL, COPY and COMMIT
        types = ContentType.objects.get_for_models(*{_model_of(obj) for obj in objects})
        return create_like_in_one_statement(
            _template(user, ContentType(), LogEntry.Action.ACCESS, remote_addr),
            ("content_type_id", "object_pk", "object_id", "object_repr"),
            [(types[_model_of(obj)].pk, str(obj.pk), _int(obj.pk), str(obj)) for obj in objects],
            local_settings=(("synchronous_commit", "off"),),
        )
    with _without_flush_wait():
        return _bulk_entries(user, objects, LogEntry.Action.ACCESS, remote_addr)


@contextlib.contextmanager
def _without_flush_wait() -> Iterator[None]:
    """A transaction of its own that commits without waiting for PostgreSQL to flush it to disk
    (``synchronous_commit`` off for it alone): a page view does not wait a disk flush (several
    ms on a busy disk) for its read entries. They reach the disk within a fraction of a second
    (the WAL writer's cycle) and are lost only if the database server crashes before that; they
    are never reordered or half-written. Inside a caller's transaction (which may hold writes)
    nothing changes: the caller's commit decides."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def audit_bulk_create(user: Any, objects: Iterable[models.Model], remote_addr: str | None = None) -> int:
    """Record creates done with ``bulk_create`` (which sends no signals)."""
    return _bulk_entries(user, list(objects), LogEntry.Action.CREATE, remote_addr)


def audit_bulk_update(
    user: Any, objects: Sequence[models.Model], changed: Mapping[int, Sequence[str]], remote_addr: str | None = None
) -> int:
    """Record changes done with a bulk update (which sends no signals): one entry per object
    naming its changed fields (``changed``: pk → field names), not their values."""
    return _bulk_entries(
        user,
        objects,
        LogEntry.Action.UPDATE,
        remote_addr,
        {obj.pk: {name: ["(bulk)", "(bulk)"] for name in changed.get(obj.pk, ())} for obj in objects},
    )


def _bulk_entries(
    user: Any,
    objects: Sequence[Any],
    action: int,
    remote_addr: str | None,
    changes: Mapping[Any, dict[str, list[str]]] | None = None,
) -> int:
    """One statement (``COPY`` on PostgreSQL) for every entry, whatever their number and models."""
    if not objects:
        return 0
    types = ContentType.objects.get_for_models(*{_model_of(obj) for obj in objects})
    rows = [(types[_model_of(obj)].pk, str(obj.pk), _int(obj.pk), str(obj)) for obj in objects]
    template = _template(user, ContentType(), action, remote_addr)
    if changes is None:
        return create_like(template, ("content_type_id", "object_pk", "object_id", "object_repr"), rows)
    return create_like(
        template,
        ("content_type_id", "object_pk", "object_id", "object_repr", "changes"),
        [(*row, changes.get(obj.pk)) for row, obj in zip(rows, objects, strict=True)],
    )


def _template(user: Any, content_type: ContentType, action: int, remote_addr: str | None) -> LogEntry:
    """What the entries of one call share."""
    return LogEntry(
        content_type=content_type,
        action=action,
        changes=None,
        actor_id=_actor_id(user),
        remote_addr=remote_addr or request_addr(),
        cid=get_cid(),
    )


def audit_rows(
    user: Any,
    model: type[models.Model],
    rows: Sequence[tuple[Any, str]],
    action: int = LogEntry.Action.CREATE,
    remote_addr: str | None = None,
    changes: Mapping[Any, dict[str, list[str]]] | None = None,
) -> int:
    """Entries for rows of ``model`` written set-based, given as ``(pk, str(obj))`` pairs (no
    instance needed), inserted set-based too (``coolclaim.web.bulk_rows``)."""
    if not rows:
        return 0
    template = _template(user, ContentType.objects.get_for_model(model), action, remote_addr)
    if changes is None:
        return create_like(
            template, ("object_pk", "object_id", "object_repr"), ((str(pk), _int(pk), text) for pk, text in rows)
        )
    return create_like(
        template,
        ("object_pk", "object_id", "object_repr", "changes"),
        ((str(pk), _int(pk), text, changes.get(pk)) for pk, text in rows),
    )


def _model_of(obj: Any) -> type[models.Model]:
    """The model an entry names: the object's class, or for a row read as values (e.g.
    :mod:`coolclaim.web.queue.tables.page_rows`) the model it declares as ``audited_model``."""
    model: type[models.Model] = getattr(obj, "audited_model", None) or type(obj)
    return model


def _int(pk: Any) -> int | None:
    return pk if isinstance(pk, int) else None
