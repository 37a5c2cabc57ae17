"""The range of an integer column, read from the model field; an id read from a page's query
string; a form field of objects chosen by id: what keeps a number a column cannot hold from
reaching the database (PostgreSQL: "integer out of range", SQLite: ``OverflowError``, a 500) or
``int()`` (``?facility=²``, a 5,000-digit number: ``ValueError``).

The ranges are those every database coolclaim runs on holds: Django's table of the standard
ones (PostgreSQL's; SQLite holds 64 bits in any integer column). Django itself answers a lookup
beyond a column's range with no rows, so an id too large for its column is simply not found.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import Http404

#: Each integer column type's range: ``{"PositiveSmallIntegerField": (0, 32767), ...}``.
COLUMN_RANGES: dict[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges


def column_range(model: type[models.Model], name: str) -> tuple[int, int]:
    """The range of the column holding ``model.name`` (a foreign key: its target's id)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    assert isinstance(field, models.Field)
    return COLUMN_RANGES[field.get_internal_type()]


def query_id(value: str | None, model: type[models.Model]) -> int | None:
    """A query-string parameter naming an object of ``model`` by id: None when it is absent or
    not written as a whole number, ASCII digits only (the page ignores it, as before); a 404 when
    it is one that no id of ``model`` can be (beyond its column)."""
    if not value or not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    low, high = column_range(model, model._meta.pk.name if model._meta.pk else "id")
    if len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise Http404(f"no such {model._meta.verbose_name}")
    return int(digits)


class ModelIdsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's ``ModelMultipleChoiceField`` for objects chosen by id, where an id beyond the id
    column is "not one of the available choices" like any other (Django would send it to the
    database in an ``IN`` list: ``OverflowError`` on SQLite, a 500)."""

    def clean(self, value: Any) -> Any:
        assert self.queryset is not None
        low, high = column_range(self.queryset.model, "id")
        for item in value if isinstance(value, list | tuple) else ():
            try:
                number = int(item)  # as Django reads an id (what int() refuses, Django refuses too)
            except (TypeError, ValueError):
                continue
            if not low <= number <= high:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super().clean(value)
