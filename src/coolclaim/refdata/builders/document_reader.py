"""Reads one reference YAML file and validates it against its JSON Schema (the builders' shared step)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from coolclaim.refdata.assistance_model import RuleSetting
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import package_dir, validate_document
from coolclaim.refdata.yaml_source import read_yaml


def read_validated(name: str, directory: Path | None = None) -> Any:
    """The document of `<name>.yaml`, schema-checked; a RefDataError names file, row and field."""
    path = (directory or package_dir() / "data") / f"{name}.yaml"
    if not path.exists():
        raise RefDataError(f"{name}.yaml", [f"file missing in {path.parent}"])
    try:
        document = read_yaml(path)
    except Exception as exc:  # a YAML syntax error names line and column
        raise RefDataError(f"{name}.yaml", [f"not valid YAML: {exc}"]) from None
    schema = json.loads((package_dir() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    validate_document(name, document, schema)
    return document


def real_date(file: str, where: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RefDataError(file, [f"{where}: {value!r} is not a real date"]) from None


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
