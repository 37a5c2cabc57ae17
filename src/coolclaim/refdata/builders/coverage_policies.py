"""coverage_policies.yaml: effective-dated policies by Medicare jurisdiction and by payer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import optional_date, required_date
from coolclaim.refdata.model import CoveragePolicy, Note

NAME = "coverage_policies"


@dataclass(frozen=True, slots=True)
class CoverageDocument:
    policies: tuple[CoveragePolicy, ...]
    medicare_advantage_follows_jurisdiction: Note
    national_note: Note


def build(document: dict[str, Any]) -> CoverageDocument:
    policies = []
    for i, r in enumerate(document["policies"]):
        where = f"policies[{i}]"
        policies.append(
            CoveragePolicy(
                id=r["id"],
                title=r["title"],
                scope=r["scope"],
                jurisdictions=tuple(r["jurisdictions"]),
                payer_names=tuple(n.casefold() for n in r["payer_names"]),
                payer_types=tuple(r["payer_types"]),
                determination=r["determination"],
                covered_sets=tuple(r["covered_sets"]),
                course_review_after_sessions=r["course_review_after_sessions"],
                effective_from=required_date(NAME, f"{where}.effective_from", r["effective_from"]),
                effective_to=optional_date(NAME, f"{where}.effective_to", r["effective_to"]),
                source=r["source"],
                confidence=r["confidence"],
                note=r["note"],
                excluded_sets=tuple(r.get("excluded_sets") or ()),
                payer_ids=tuple(r.get("payer_ids") or ()),
            )
        )
    ma = document["medicare_advantage_follows_jurisdiction"]
    note = document["national_note"]
    return CoverageDocument(
        tuple(policies),
        Note("yes" if ma["value"] else "no", ma["source"], ma["confidence"]),
        Note(note["text"], note["source"], note["confidence"]),
    )


def load(directory: Path | None = None) -> CoverageDocument:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
