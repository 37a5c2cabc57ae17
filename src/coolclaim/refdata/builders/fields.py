"""Converting validated YAML values into typed ones, naming the file, row and field on error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import CodeRange


def optional_date(file: str, where: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RefDataError(f"{file}.yaml", [f"{where}: {value!r} is not a real date"]) from None


def required_date(file: str, where: str, value: str) -> date:
    parsed = optional_date(file, where, value)
    assert parsed is not None
    return parsed


def code_ranges(rows: Iterable[Mapping[str, str]]) -> tuple[CodeRange, ...]:
    return tuple(CodeRange(prefix=r.get("prefix"), first=r.get("from"), last=r.get("to")) for r in rows)
