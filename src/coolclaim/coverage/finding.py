"""The coverage finding of one coded session (a typed part of the engine's result)."""

from __future__ import annotations

from dataclasses import dataclass

from coolclaim.coding.edits import Edit
from coolclaim.coding.quick_init import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class CoverageFinding:
    determination: str  # a coolclaim.vocabulary.Determination value
    basis: str | None  # the policy or mandate id that decided it
    jurisdiction: str | None
    source: str | None
    edits: tuple[Edit, ...]

    def as_dict(self) -> dict[str, str | None]:
        return {
            "determination": self.determination,
            "basis": self.basis,
            "jurisdiction": self.jurisdiction,
            "source": self.source,
        }
