"""jurisdictions.yaml: states and territories → Medicare A/B jurisdiction, county exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import CountyException, Jurisdiction, State

NAME = "jurisdictions"


@dataclass(frozen=True, slots=True)
class JurisdictionTable:
    jurisdictions: dict[str, Jurisdiction]
    states: dict[str, State]
    county_exceptions: tuple[CountyException, ...]


def build(document: dict[str, Any]) -> JurisdictionTable:
    jurisdictions = {r["id"]: Jurisdiction(r["id"], r["contractor"], r["source"]) for r in document["jurisdictions"]}
    states: dict[str, State] = {}
    for i, r in enumerate(document["states"]):
        if r["jurisdiction"] not in jurisdictions:
            raise RefDataError(
                "jurisdictions.yaml",
                [f"states[{i}].jurisdiction: unknown jurisdiction {r['jurisdiction']}"],
            )
        if r["code"] in states:
            raise RefDataError("jurisdictions.yaml", [f"states[{i}].code: duplicate {r['code']}"])
        zones = tuple(r.get("time_zones") or ())
        states[r["code"]] = State(r["code"], r["name"], r["jurisdiction"], r["source"], zones)
    counties = []
    for i, r in enumerate(document["county_exceptions"]):
        if r["jurisdiction"] not in jurisdictions or r["state"] not in states:
            raise RefDataError("jurisdictions.yaml", [f"county_exceptions[{i}]: unknown state or jurisdiction"])
        counties.append(CountyException(r["state"], r["county"], r["jurisdiction"], r["part"], r["source"]))
    return JurisdictionTable(jurisdictions, states, tuple(counties))


def load(directory: Path | None = None) -> JurisdictionTable:
    from coolclaim.refdata.loader import read_validated

    return build(read_validated(NAME, directory))
