"""The `settings` block some reference files carry (key, value, allowed values, source)."""

from __future__ import annotations

from typing import Any

from coolclaim.refdata.assistance_model import RuleSetting
from coolclaim.refdata.errors import RefDataError


def build_settings(file: str, rows: list[dict[str, Any]]) -> dict[str, RuleSetting]:
    settings: dict[str, RuleSetting] = {}
    for i, row in enumerate(rows):
        where = f"settings[{i}]"
        if row["key"] in settings:
            raise RefDataError(file, [f"{where}.key: duplicate setting {row['key']}"])
        allowed = tuple(row["allowed"]) if row["allowed"] is not None else None
        if allowed is not None and row["value"] not in allowed:
            raise RefDataError(file, [f"{where}.value: {row['value']!r} not in {list(allowed)}"])
        settings[row["key"]] = RuleSetting(
            key=row["key"],
            value=row["value"],
            allowed=allowed,
            description=row["description"],
            source=row["source"],
            confidence=row["confidence"],
        )
    return settings
