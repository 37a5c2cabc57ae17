"""The claim line a session's draft builds (mutable until the result is made)."""

from __future__ import annotations

from dataclasses import dataclass, field

from coolclaim.coding.result import Line


@dataclass(slots=True)
class ClaimLine:
    code: str
    units: int
    diagnosis_pointers: tuple[int, ...]
    modifiers: list[str] = field(default_factory=list)
    revenue_code: str | None = None

    def freeze(self) -> Line:
        return Line(self.code, tuple(self.modifiers), self.units, self.diagnosis_pointers, self.revenue_code)
