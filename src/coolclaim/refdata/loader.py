"""Loads and validates every reference-data file; a bad file stops start-up.

The loader only orchestrates: it reads each file in `data/`, validates it against its JSON
Schema in `schemas/` (`validate_document`, naming the row `codes[3]` and the field), calls the
file's builder (`refdata/builders/<file>.py`, `build(document)`) and runs the checks between
files (references from one file to another). `coolclaim.bootstrap.refdata()` caches the result.
"""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from coolclaim.refdata import builders
from coolclaim.refdata.builders import (
    codes,
    coverage_policies,
    edits,
    icd10_sets,
    icd10cm,
    jurisdictions,
    regimens,
    settings,
    state_mandates,
)
from coolclaim.refdata.builders.regimens import regimen_key
from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import RefData

FILES = (
    "codes",
    "icd10_sets",
    "jurisdictions",
    "coverage_policies",
    "state_mandates",
    "settings",
    "edits",
    "regimens",
)


def package_dir() -> Path:
    return Path(str(resources.files("coolclaim.refdata")))


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validate_document(name: str, document: Any, schema: dict[str, Any]) -> None:
    """Raise RefDataError listing every schema violation with its row and field."""
    validator = Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path))):
        problems.append(f"{_where(error.path)}: {error.message}")
    if problems:
        raise RefDataError(f"{name}.yaml", problems)


def read_validated(name: str, directory: Path | None = None) -> Any:
    """Read `<name>.yaml` from `directory` (the packaged data by default) and validate it
    against `schemas/<name>.schema.json`; returns the document."""
    from coolclaim.refdata.yaml_source import read_yaml

    base = directory or package_dir() / "data"
    path = base / f"{name}.yaml"
    if not path.exists():
        raise RefDataError(f"{name}.yaml", [f"file missing in {base}"])
    try:
        document = read_yaml(path)
    except Exception as exc:  # a YAML syntax error names line and column
        raise RefDataError(f"{name}.yaml", [f"not valid YAML: {exc}"]) from None
    schema = json.loads((package_dir() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    validate_document(name, document, schema)
    return document


def load_documents(directory: Path | None = None) -> dict[str, Any]:
    """Read and schema-validate every file; returns the raw documents by name."""
    return {name: read_validated(name, directory) for name in FILES}


def build(documents: dict[str, Any]) -> RefData:
    """Build every file with its builder, then run the checks between files."""
    codes = builders.codes.build(documents["codes"])
    icd = builders.icd10_sets.build(documents["icd10_sets"])
    places = builders.jurisdictions.build(documents["jurisdictions"])
    coverage = builders.coverage_policies.build(documents["coverage_policies"])
    mandates = builders.state_mandates.build(documents["state_mandates"])
    settings = builders.settings.build(documents["settings"])
    edits = builders.edits.build(documents["edits"])
    regimens = builders.regimens.build(documents["regimens"])

    known_sets = set(icd.code_sets) | {c.id for c in icd.contraindications}
    for i, policy in enumerate(coverage.policies):
        where = f"policies[{i}]"
        for ref in (*policy.covered_sets, *policy.excluded_sets):
            if ref not in known_sets:
                raise RefDataError("coverage_policies.yaml", [f"{where}.covered_sets: unknown code set {ref}"])
        for ref in policy.jurisdictions:
            if ref not in places.jurisdictions:
                raise RefDataError("coverage_policies.yaml", [f"{where}.jurisdictions: unknown {ref}"])
    for i, mandate in enumerate(mandates):
        where = f"mandates[{i}]"
        if mandate.state not in places.states:
            raise RefDataError("state_mandates.yaml", [f"{where}.state: unknown {mandate.state}"])
        for ref in mandate.covered_sets:
            if ref not in icd.code_sets:
                raise RefDataError("state_mandates.yaml", [f"{where}.covered_sets: unknown code set {ref}"])

    return RefData(
        versions={name: str(doc["version"]) for name, doc in documents.items()},
        codes=codes,
        code_sets=icd.code_sets,
        contraindications=icd.contraindications,
        icd_code_set_year=icd.code_set_year,
        jurisdictions=places.jurisdictions,
        states=places.states,
        county_exceptions=places.county_exceptions,
        policies=coverage.policies,
        medicare_advantage_follows_jurisdiction=coverage.medicare_advantage_follows_jurisdiction,
        national_note=coverage.national_note,
        mandates=mandates,
        settings=settings,
        edits=edits,
        regimens=regimens.regimens,
        regimen_aliases=regimens.aliases,
    )


def load_icd10cm(
    directory: Path | None = None, fiscal_year: int | None = None
) -> tuple[dict[str, bool], dict[str, str], dict[str, str]]:
    """One fiscal year's ICD-10-CM code set (the newest by default): billable flag and
    description by dotless code, and its source and confidence."""
    sets = builders.icd10cm.load(directory)
    chosen = next((s for s in sets if s.fiscal_year == fiscal_year), None) if fiscal_year else sets[0]
    if chosen is None:
        raise RefDataError("icd10cm", [f"no ICD-10-CM set for FY{fiscal_year}"])
    return chosen.billable, chosen.descriptions, {"source": chosen.source, "confidence": chosen.confidence}


def load(directory: Path | None = None) -> RefData:
    """Load, validate and build the reference data (uncached: `coolclaim.bootstrap` caches).

    Every fiscal year's ICD-10-CM file is read and checked here; the sets themselves are
    provided one year at a time (`coolclaim.bootstrap.icd10cm`)."""
    data = build(load_documents(directory))
    years = builders.icd10cm.load(directory)
    return replace(data, icd10cm_years=tuple(sorted(s.fiscal_year for s in years)))


__all__ = [
    "FILES",
    "build",
    "codes",
    "coverage_policies",
    "edits",
    "icd10_sets",
    "icd10cm",
    "jurisdictions",
    "load",
    "load_documents",
    "package_dir",
    "read_validated",
    "regimen_key",
    "regimens",
    "settings",
    "state_mandates",
    "validate_document",
]
