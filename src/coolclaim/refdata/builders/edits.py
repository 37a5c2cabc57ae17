"""edits.yaml: the edit catalogue (stable code, severity, message template, source)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.model import EditRule

NAME = "edits"


def build(document: dict[str, Any]) -> dict[str, EditRule]:
    return {r["code"]: EditRule(r["code"], r["severity"], r["message"], r["source"]) for r in document["edits"]}


def load(directory: Path | None = None) -> dict[str, EditRule]:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
