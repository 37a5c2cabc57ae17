"""codes.yaml: billing codes with effective dates, roles, add-on primaries and OPPS indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import optional_date
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import CodeInfo, OppsStatus

NAME = "codes"


def build(document: dict[str, Any]) -> dict[str, CodeInfo]:
    codes: dict[str, CodeInfo] = {}
    for i, row in enumerate(document["codes"]):
        where = f"codes[{i}]"
        if row["code"] in codes:
            raise RefDataError("codes.yaml", [f"{where}.code: duplicate code {row['code']}"])
        start = optional_date(NAME, f"{where}.effective_from", row["effective_from"])
        if start is None and not row.get("effective_from_note"):
            raise RefDataError("codes.yaml", [f"{where}.effective_from: null needs effective_from_note (date unknown)"])
        end = optional_date(NAME, f"{where}.effective_to", row["effective_to"])
        if end is not None and start is not None and end < start:
            raise RefDataError("codes.yaml", [f"{where}.effective_to: before effective_from"])
        codes[row["code"]] = CodeInfo(
            code=row["code"],
            kind=row["kind"],
            role=row["role"],
            family=row.get("family"),
            description=row["description"],
            effective_from=start,
            effective_to=end,
            frequency=row["frequency"],
            addon_primaries=tuple(row["addon_primaries"]),
            default_units=row["default_units"],
            mue=row.get("mue"),
            opps_status=tuple(OppsStatus(**s) for s in row.get("opps_status", [])),
            replacement=row.get("replacement"),
            source=row["source"],
            confidence=row["confidence"],
            effective_to_confidence=row.get("effective_to_confidence"),
        )
    for i, row in enumerate(document["codes"]):
        for primary in row["addon_primaries"]:
            if primary not in codes:
                raise RefDataError("codes.yaml", [f"codes[{i}].addon_primaries: unknown code {primary}"])
    return codes


def load(directory: Path | None = None) -> dict[str, CodeInfo]:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
