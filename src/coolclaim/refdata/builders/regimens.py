"""regimens.yaml: chemotherapy regimens by name and alias."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coolclaim.refdata.model import Regimen

NAME = "regimens"


@dataclass(frozen=True, slots=True)
class RegimenTable:
    regimens: dict[str, Regimen]
    aliases: dict[str, str]  # normalised alias -> regimen id


def regimen_key(name: str) -> str:
    """Normalise a regimen name for alias lookup."""
    return "".join(ch for ch in name.casefold() if ch.isalnum() or ch == "/")


def build(document: dict[str, Any]) -> RegimenTable:
    regimens: dict[str, Regimen] = {}
    aliases: dict[str, str] = {}
    for r in document["regimens"]:
        regimens[r["id"]] = Regimen(
            id=r["id"],
            name=r["name"],
            aliases=tuple(r["aliases"]),
            taxane_anthracycline_same_day=r["taxane_anthracycline_same_day"],
            post_cooling_minutes=r["post_cooling_minutes"],
            source=r["source"],
            confidence=r["confidence"],
        )
        for alias in r["aliases"]:
            aliases[regimen_key(alias)] = r["id"]
    return RegimenTable(regimens, aliases)


def load(directory: Path | None = None) -> RegimenTable:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
