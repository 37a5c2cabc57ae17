"""Limit/offset pages over a scoped queryset, with the total, audited as reads by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import models
from ninja import Schema

from coolclaim.web.paging import keys_first

_M = TypeVar("_M", bound=models.Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: The last offset whose page end (offset + limit) a database can still count to (64-bit).
MAX_OFFSET = 2**63 - 1 - MAX_LIMIT


class PageMeta(Schema):
    count: int
    limit: int
    offset: int


@dataclass(frozen=True)
class Page(Generic[_M]):
    items: list[_M]
    count: int
    limit: int
    offset: int


def take(queryset: models.QuerySet[_M], limit: int, offset: int) -> Page[_M]:
    """One page of ``queryset`` (already scoped and ordered) and the total count."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    items = list(keys_first(queryset, offset, offset + limit))  # only the page's rows are joined
    count = offset + len(items) if len(items) < limit and (items or offset == 0) else queryset.count()
    return Page(items, count, limit, offset)
