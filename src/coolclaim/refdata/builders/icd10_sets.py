"""icd10_sets.yaml: ICD-10-CM code sets (malignant, encounter, sites) and contraindications."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import code_ranges
from coolclaim.refdata.model import CodeSet

NAME = "icd10_sets"


@dataclass(frozen=True, slots=True)
class IcdSets:
    code_sets: dict[str, CodeSet]
    contraindications: tuple[CodeSet, ...]
    code_set_year: str


def build(document: dict[str, Any]) -> IcdSets:
    code_sets = {
        row["id"]: CodeSet(
            id=row["id"],
            description=row["description"],
            include=code_ranges(row["include"]),
            exclude=code_ranges(row["exclude"]),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in document["sets"]
    }
    contraindications = tuple(
        CodeSet(
            id=row["id"],
            description=row["description"],
            include=code_ranges(row["include"]),
            exclude=(),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in document["contraindications"]
    )
    return IcdSets(code_sets, contraindications, str(document["code_set_year"]))


def load(directory: Path | None = None) -> IcdSets:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
