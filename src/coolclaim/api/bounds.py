"""Every integer the API reads is bounded to what its database column can hold.

A client may send any integer (``offset=9223372036854775808``, ``planned_sessions=40000``);
unchecked it reaches the database, which cannot compare or store it (SQLite: ``OverflowError``,
PostgreSQL: "integer out of range", "smallint out of range") and the request fails with 500.

- A field stored in (or compared with) a narrower column declares that column's range, taken
  from the model field (``coolclaim.web.columns.column_range(Case, "planned_sessions")``: 0
  to 32,767) as ``Field(6, ge=..., le=...)``.
  The ranges are those every supported database holds (``coolclaim.web.columns``), so the API
  and its OpenAPI document are the same on SQLite and PostgreSQL.
- :func:`bound_integers` walks every operation of the API once, at start-up, and gives each
  other ``int`` field of its parameters and bodies (nested schemas too) the range of an id
  column (``DEFAULT_AUTO_FIELD``: every model's id, and what the id filters compare with).

A value out of range is a 422 naming the field, and the OpenAPI document states the range. An
id in the path is left unbounded: one beyond any row is "no such object" (404; Django answers
a lookup beyond the column's range with no rows).
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from ninja import NinjaAPI, Router
from pydantic import BaseModel

from coolclaim.web.columns import COLUMN_RANGES


def _id_range() -> tuple[int, int]:
    auto_field: type[models.Field[int, int]] = import_string(settings.DEFAULT_AUTO_FIELD)
    return COLUMN_RANGES[auto_field().get_internal_type()]


#: The range of an id column (``DEFAULT_AUTO_FIELD``): the bound of an ``int`` that declares none.
ID_MIN, ID_MAX = _id_range()


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(arg is int for arg in get_args(annotation))
    return False


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _models(arg)


def bound_model(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    """Bound the ``int`` fields of ``model`` and of the models it nests (each once)."""
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for nested in _models(field.annotation):
            bound_model(nested, seen)
        if not _is_int(field.annotation):
            continue
        metadata = field.metadata
        if not any(isinstance(item, Le | Lt) for item in metadata):
            metadata.append(Le(ID_MAX))
        if not any(isinstance(item, Ge | Gt) for item in metadata):
            metadata.append(Ge(ID_MIN))
    # Rebuilt also when only a nested model changed: the outer schema embeds the inner one.
    model.model_rebuild(force=True)


def _routers(mounted: Iterable[tuple[Any, ...]]) -> Iterator[Router]:
    """The routers mounted on the API and, depth first, the ones mounted on them (ninja keeps
    ``(prefix, router)`` on the API and ``(prefix, router, tags)`` on a router)."""
    for entry in mounted:
        router = entry[1]
        yield router
        yield from _routers(router._routers)


def bound_integers(api: NinjaAPI) -> int:
    """Bound every ``int`` of every operation of ``api`` (see the module doc); returns how many
    parameter models were looked at."""
    seen: set[type[BaseModel]] = set()
    for router in _routers(api._routers):
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    # an id in the path beyond any row is "no such object" (404), not a bad field
                    if getattr(model, "__ninja_param_source__", None) != "path":
                        bound_model(model, seen)
    return len(seen)
