"""Claim lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ClaimLine:
    code: str
    units: int
    diagnosis_pointers: tuple[int, ...]
    modifiers: list[str] = field(default_factory=list)
    revenue_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "modifiers": self.modifiers,
            "units": self.units,
            "diagnosis_pointers": list(self.diagnosis_pointers),
        }
        if self.revenue_code is not None:
            out["revenue_code"] = self.revenue_code
        return out
