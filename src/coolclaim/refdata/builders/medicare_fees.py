"""Builds `medicare_fees.yaml`: Medicare's national payment per code, setting and year, where known."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated

NAME = "medicare_fees"


@dataclass(frozen=True, slots=True)
class MedicareFee:
    code: str
    setting: str
    year: int
    amount: Decimal | None  # None: no final figure found ("unknown")
    basis: str
    note: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class MedicareFees:
    version: str
    fees: tuple[MedicareFee, ...]

    def find(self, code: str, setting: str, year: int) -> MedicareFee | None:
        """The row for ``code`` in ``setting`` and ``year`` (known or not), if the file has one."""
        return next((f for f in self.fees if (f.code, f.setting, f.year) == (code, setting, year)), None)


def build(document: dict[str, Any]) -> MedicareFees:
    fees: list[MedicareFee] = []
    seen: set[tuple[str, str, int]] = set()
    for i, raw in enumerate(document["fees"]):
        key = (raw["code"], raw["setting"], raw["year"])
        if key in seen:
            raise RefDataError(f"{NAME}.yaml", [f"fees[{i}]: {key} is listed twice"])
        seen.add(key)
        amount = None if raw["amount"] == "unknown" else Decimal(raw["amount"])
        fees.append(
            MedicareFee(
                raw["code"], raw["setting"], raw["year"], amount, raw["basis"], raw.get("note", ""),
                raw["source"], raw["confidence"],
            )
        )  # fmt: skip
    return MedicareFees(str(document["version"]), tuple(fees))


def load(directory: Path | None = None) -> MedicareFees:
    """Read, validate and build `medicare_fees.yaml` (uncached)."""
    return build(read_validated(NAME, directory))
