"""Every integer the API reads is bounded to what a database column can hold.

A client may send any integer (``offset=9223372036854775808``); unchecked it reaches the
database, which cannot compare or store it (SQLite: ``OverflowError``, PostgreSQL: out of
range) and the request fails with 500. :func:`bound_integers` walks every operation of the API
once, at start-up, and gives each ``int`` field of its parameters and bodies (nested schemas
too) the range of a 64-bit column (``BigAutoField``, ``BigIntegerField``) unless it declares a
narrower one — so a value out of range is a 422 naming the field, and the OpenAPI document
states the range. Fields whose column is narrower declare it themselves (``SMALL``, ``INT``).
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from ninja import NinjaAPI, Router
from pydantic import BaseModel

BIG_MIN = -(2**63)
BIG_MAX = 2**63 - 1
#: PositiveSmallIntegerField / SmallIntegerField upper bound (PostgreSQL smallint).
SMALL_MAX = 32_767
#: IntegerField / PositiveIntegerField upper bound (PostgreSQL integer).
INT_MAX = 2_147_483_647


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
            metadata.append(Le(BIG_MAX))
        if not any(isinstance(item, Ge | Gt) for item in metadata):
            metadata.append(Ge(BIG_MIN))
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
