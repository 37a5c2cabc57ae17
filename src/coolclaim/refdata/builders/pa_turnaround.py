"""Builds `pa_turnaround.yaml`: PA decision timeframes that bind payers (CMS-0057-F) and typical turnaround."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coolclaim.refdata.builders.fields import required_date
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated
from coolclaim.refdata.payer_clock_model import PaTurnaround, PaTurnaroundRule, TypicalTurnaround

NAME = "pa_turnaround"


def build(document: dict[str, Any]) -> PaTurnaround:
    """Typed rules from a schema-valid document; a payer type bound by two rules is refused."""
    rules: list[PaTurnaroundRule] = []
    for i, raw in enumerate(document["rules"]):
        where = f"rules[{i}]"
        rule = PaTurnaroundRule(
            id=raw["id"],
            name=raw["name"],
            payer_types=frozenset(raw["payer_types"]),
            requests_from=required_date(NAME, f"{where}.requests_from", raw["requests_from"]),
            standard_calendar_days=raw["standard"]["calendar_days"],
            standard_basis=raw["standard"]["basis"],
            expedited_hours=raw["expedited"]["hours"],
            expedited_basis=raw["expedited"]["basis"],
            excluded=raw["excluded"],
            source=raw["source"],
            confidence=raw["confidence"],
        )
        for j, other in enumerate(rules):
            shared = sorted(other.payer_types & rule.payer_types)
            if shared:
                raise RefDataError(f"{NAME}.yaml", [f"{where}.payer_types: {shared} already bound by rules[{j}]"])
        rules.append(rule)
    typical = tuple(
        TypicalTurnaround(r["payer_type"], r["standard_days"], r["source"], r["confidence"])
        for r in document["typical"]
    )
    return PaTurnaround(version=str(document["version"]), rules=tuple(rules), typical=typical)


def load(directory: Path | None = None) -> PaTurnaround:
    """Read, validate and build `pa_turnaround.yaml` (uncached)."""
    return build(read_validated(NAME, directory))
