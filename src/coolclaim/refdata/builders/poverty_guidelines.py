"""Builds `PovertyGuidelines` from `data/poverty_guidelines.yaml` (HHS guidelines by year and region)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from coolclaim.refdata.assistance_model import GuidelineTable, GuidelineYear, PovertyGuidelines
from coolclaim.refdata.builders.fields import optional_date
from coolclaim.refdata.builders.rule_settings import build_settings
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated

NAME = "poverty_guidelines"
FILE = f"{NAME}.yaml"
TABLES = ("contiguous", "alaska", "hawaii")
REQUIRED_SETTINGS = ("fpl_table_territories", "fpl_switch_when_effective_date_unknown")


def _year(i: int, row: dict[str, Any]) -> GuidelineYear:
    where = f"years[{i}]"
    tables: dict[str, GuidelineTable] = {}
    for j, t in enumerate(row["tables"]):
        if t["region"] in tables:
            raise RefDataError(FILE, [f"{where}.tables[{j}].region: duplicate {t['region']}"])
        tables[t["region"]] = GuidelineTable(
            region=t["region"],
            base=Decimal(t["base"]),
            increment=Decimal(t["increment"]),
            source=t["source"],
            confidence=t["confidence"],
            increment_confidence=t["increment_confidence"],
        )
    effective = optional_date(NAME, f"{where}.effective", row["effective"])
    published = optional_date(NAME, f"{where}.published", row["published"])
    for label, value in (("effective", effective), ("published", published)):
        if value is not None and value.year != row["year"]:
            raise RefDataError(FILE, [f"{where}.{label}: {value} is not in {row['year']}"])
    if effective is None and row["effective_confidence"] != "U":
        raise RefDataError(FILE, [f"{where}.effective_confidence: an unknown effective date must be marked U"])
    return GuidelineYear(
        year=row["year"],
        document=row["document"],
        citation=row["citation"],
        published=published,
        published_source=row["published_source"],
        effective=effective,
        effective_source=row["effective_source"],
        effective_confidence=row["effective_confidence"],
        tables=tables,
    )


def build(document: dict[str, Any]) -> PovertyGuidelines:
    """Typed guidelines from a schema-valid document; raises RefDataError on a cross-row problem."""
    years = tuple(_year(i, row) for i, row in enumerate(document["years"]))
    numbers = [y.year for y in years]
    if numbers != sorted(set(numbers)):
        raise RefDataError(FILE, [f"years: must be in ascending order without repeats, got {numbers}"])
    regions: dict[str, str] = {}
    for i, row in enumerate(document["regions"]):
        for state in row["states"]:
            if state in regions:
                raise RefDataError(FILE, [f"regions[{i}].states: {state} is already in table {regions[state]}"])
            regions[state] = row["table"]
    settings = build_settings(FILE, document["settings"])
    for key in REQUIRED_SETTINGS:
        if key not in settings:
            raise RefDataError(FILE, [f"settings: {key} is required"])
    territory = settings["fpl_table_territories"]
    if territory.allowed is None or any(v not in TABLES for v in territory.allowed):
        raise RefDataError(FILE, [f"settings.fpl_table_territories.allowed: must be a subset of {list(TABLES)}"])
    return PovertyGuidelines(version=str(document["version"]), years=years, regions=regions, settings=settings)


def load(directory: Path | None = None) -> PovertyGuidelines:
    """Read, validate and build `poverty_guidelines.yaml` (from `directory` when given)."""
    return build(read_validated(NAME, directory))
