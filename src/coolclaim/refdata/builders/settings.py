"""settings.yaml: the unverified facts and tunable limits, each with its allowed values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import Setting

NAME = "settings"


def build(document: dict[str, Any]) -> dict[str, Setting]:
    settings: dict[str, Setting] = {}
    for i, r in enumerate(document["settings"]):
        allowed = tuple(r["allowed"]) if r["allowed"] is not None else None
        if allowed is not None and r["value"] not in allowed:
            raise RefDataError("settings.yaml", [f"settings[{i}].value: {r['value']!r} not in {list(allowed)}"])
        minimum, maximum = r.get("minimum"), r.get("maximum")
        if isinstance(r["value"], int) and (
            (minimum is not None and r["value"] < minimum) or (maximum is not None and r["value"] > maximum)
        ):
            raise RefDataError("settings.yaml", [f"settings[{i}].value: {r['value']} outside {minimum}..{maximum}"])
        settings[r["key"]] = Setting(
            r["key"], r["value"], allowed, r["description"], r["source"], r["confidence"], minimum, maximum
        )
    return settings


def load(directory: Path | None = None) -> dict[str, Setting]:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
