"""Reading one reference-data file and validating it against its schema (shared by the builders)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import package_dir, validate_document
from coolclaim.refdata.yaml_source import read_yaml


def read_document(name: str, directory: Path | None = None) -> Any:
    """The validated document `name.yaml` from `directory` (default: the package's data/)."""
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
