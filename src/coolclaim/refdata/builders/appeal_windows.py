"""Builds `appeal_windows.yaml`: how long a denied PA can be appealed, by payer type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import optional_date
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated
from coolclaim.refdata.payer_clock_model import AppealWindow, AppealWindows

NAME = "appeal_windows"


def build(document: dict[str, Any]) -> AppealWindows:
    """Typed windows from a schema-valid document; overlapping periods for a payer type are refused."""
    rows: list[AppealWindow] = []
    for i, raw in enumerate(document["windows"]):
        where = f"windows[{i}]"
        start = optional_date(NAME, f"{where}.effective_from", raw["effective_from"])
        end = optional_date(NAME, f"{where}.effective_to", raw["effective_to"])
        if start is not None and end is not None and end < start:
            raise RefDataError(f"{NAME}.yaml", [f"{where}.effective_to: before effective_from"])
        row = AppealWindow(
            payer_type=raw["payer_type"],
            days=raw["window_days"],
            counted_from=raw["counted_from"],
            effective_from=start,
            effective_to=end,
            basis=raw["basis"],
            source=raw["source"],
            confidence=raw["confidence"],
        )
        for j, other in enumerate(rows):
            if other.payer_type == row.payer_type and _overlap(other, row):
                raise RefDataError(
                    f"{NAME}.yaml",
                    [f"{where}.effective_from: overlaps windows[{j}] for payer type {row.payer_type}"],
                )
        rows.append(row)
    return AppealWindows(version=str(document["version"]), windows=tuple(rows))


def _overlap(a: AppealWindow, b: AppealWindow) -> bool:
    a_starts_before_b_ends = a.effective_from is None or b.effective_to is None or a.effective_from <= b.effective_to
    b_starts_before_a_ends = b.effective_from is None or a.effective_to is None or b.effective_from <= a.effective_to
    return a_starts_before_b_ends and b_starts_before_a_ends


def load(directory: Path | None = None) -> AppealWindows:
    """Read, validate and build `appeal_windows.yaml` (uncached)."""
    return build(read_validated(NAME, directory))
