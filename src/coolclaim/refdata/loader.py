"""Loads and validates every reference-data file; a bad file stops start-up.

Each file in `data/` has a JSON Schema in `schemas/`. Validation reports the file, the row
(`codes[3]`) and the field, then cross-file checks run (references between files, date order,
settings within their allowed values).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.model import (
    CodeInfo,
    CodeRange,
    CodeSet,
    CountyException,
    CoveragePolicy,
    EditRule,
    Jurisdiction,
    Note,
    OppsStatus,
    RefData,
    Regimen,
    Setting,
    State,
    StateMandate,
)

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


def _date(name: str, where: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RefDataError(f"{name}.yaml", [f"{where}: {value!r} is not a real date"]) from None


def _req_date(name: str, where: str, value: str) -> date:
    parsed = _date(name, where, value)
    assert parsed is not None
    return parsed


def _ranges(rows: list[dict[str, str]]) -> tuple[CodeRange, ...]:
    return tuple(CodeRange(prefix=r.get("prefix"), first=r.get("from"), last=r.get("to")) for r in rows)


def load_documents(directory: Path | None = None) -> dict[str, Any]:
    """Read and schema-validate every file; returns the raw documents by name."""
    from coolclaim.refdata.yaml_source import read_yaml

    base = directory or package_dir() / "data"
    schemas = package_dir() / "schemas"
    documents: dict[str, Any] = {}
    for name in FILES:
        path = base / f"{name}.yaml"
        if not path.exists():
            raise RefDataError(f"{name}.yaml", [f"file missing in {base}"])
        try:
            document = read_yaml(path)
        except Exception as exc:  # a YAML syntax error names line and column
            raise RefDataError(f"{name}.yaml", [f"not valid YAML: {exc}"]) from None
        schema = json.loads((schemas / f"{name}.schema.json").read_text(encoding="utf-8"))
        validate_document(name, document, schema)
        documents[name] = document
    return documents


def build(documents: dict[str, Any]) -> RefData:
    """Turn validated documents into RefData, running the cross-file checks."""
    codes: dict[str, CodeInfo] = {}
    for i, row in enumerate(documents["codes"]["codes"]):
        where = f"codes[{i}]"
        if row["code"] in codes:
            raise RefDataError("codes.yaml", [f"{where}.code: duplicate code {row['code']}"])
        start = _req_date("codes", f"{where}.effective_from", row["effective_from"])
        end = _date("codes", f"{where}.effective_to", row["effective_to"])
        if end is not None and end < start:
            raise RefDataError("codes.yaml", [f"{where}.effective_to: before effective_from"])
        codes[row["code"]] = CodeInfo(
            code=row["code"],
            kind=row["kind"],
            role=row["role"],
            family=row.get("family"),
            description=row["description"],
            effective_from=start,
            effective_to=end,
            frequency=row["frequency"],
            addon_primaries=tuple(row["addon_primaries"]),
            default_units=row["default_units"],
            mue=row.get("mue"),
            opps_status=tuple(OppsStatus(**s) for s in row.get("opps_status", [])),
            replacement=row.get("replacement"),
            source=row["source"],
            confidence=row["confidence"],
            effective_to_confidence=row.get("effective_to_confidence"),
        )
    for i, row in enumerate(documents["codes"]["codes"]):
        for primary in row["addon_primaries"]:
            if primary not in codes:
                raise RefDataError("codes.yaml", [f"codes[{i}].addon_primaries: unknown code {primary}"])

    icd = documents["icd10_sets"]
    code_sets = {
        row["id"]: CodeSet(
            id=row["id"],
            description=row["description"],
            include=_ranges(row["include"]),
            exclude=_ranges(row["exclude"]),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in icd["sets"]
    }
    contraindications = tuple(
        CodeSet(
            id=row["id"],
            description=row["description"],
            include=_ranges(row["include"]),
            exclude=(),
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in icd["contraindications"]
    )

    jur_doc = documents["jurisdictions"]
    jurisdictions = {r["id"]: Jurisdiction(r["id"], r["contractor"], r["source"]) for r in jur_doc["jurisdictions"]}
    states: dict[str, State] = {}
    for i, r in enumerate(jur_doc["states"]):
        if r["jurisdiction"] not in jurisdictions:
            raise RefDataError(
                "jurisdictions.yaml",
                [f"states[{i}].jurisdiction: unknown jurisdiction {r['jurisdiction']}"],
            )
        if r["code"] in states:
            raise RefDataError("jurisdictions.yaml", [f"states[{i}].code: duplicate {r['code']}"])
        states[r["code"]] = State(r["code"], r["name"], r["jurisdiction"], r["source"])
    counties = []
    for i, r in enumerate(jur_doc["county_exceptions"]):
        if r["jurisdiction"] not in jurisdictions or r["state"] not in states:
            raise RefDataError("jurisdictions.yaml", [f"county_exceptions[{i}]: unknown state or jurisdiction"])
        counties.append(CountyException(r["state"], r["county"], r["jurisdiction"], r["part"], r["source"]))

    cov = documents["coverage_policies"]
    policies = []
    for i, r in enumerate(cov["policies"]):
        where = f"policies[{i}]"
        for ref in r["covered_sets"]:
            if ref not in code_sets:
                raise RefDataError("coverage_policies.yaml", [f"{where}.covered_sets: unknown code set {ref}"])
        for ref in r["jurisdictions"]:
            if ref not in jurisdictions:
                raise RefDataError("coverage_policies.yaml", [f"{where}.jurisdictions: unknown {ref}"])
        start = _req_date("coverage_policies", f"{where}.effective_from", r["effective_from"])
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
                effective_from=start,
                effective_to=_date("coverage_policies", f"{where}.effective_to", r["effective_to"]),
                source=r["source"],
                confidence=r["confidence"],
                note=r["note"],
            )
        )

    mandates = []
    for i, r in enumerate(documents["state_mandates"]["mandates"]):
        where = f"mandates[{i}]"
        if r["state"] not in states:
            raise RefDataError("state_mandates.yaml", [f"{where}.state: unknown {r['state']}"])
        for ref in r["covered_sets"]:
            if ref not in code_sets:
                raise RefDataError("state_mandates.yaml", [f"{where}.covered_sets: unknown code set {ref}"])
        if r["status"] == "enacted" and r["effective_from"] is None:
            raise RefDataError("state_mandates.yaml", [f"{where}.effective_from: required when enacted"])
        mandates.append(
            StateMandate(
                id=r["id"],
                state=r["state"],
                title=r["title"],
                status=r["status"],
                group_sizes=tuple(r["group_sizes"]),
                includes_medicaid=r["includes_medicaid"],
                covered_sets=tuple(r["covered_sets"]),
                effective_from=_date("state_mandates", f"{where}.effective_from", r["effective_from"]),
                all_plans_from=_date("state_mandates", f"{where}.all_plans_from", r["all_plans_from"]),
                effective_basis=r["effective_basis"],
                prior_authorization_allowed=r["prior_authorization_allowed"],
                source=r["source"],
                confidence=r["confidence"],
            )
        )

    settings: dict[str, Setting] = {}
    for i, r in enumerate(documents["settings"]["settings"]):
        allowed = tuple(r["allowed"]) if r["allowed"] is not None else None
        if allowed is not None and r["value"] not in allowed:
            raise RefDataError("settings.yaml", [f"settings[{i}].value: {r['value']!r} not in {list(allowed)}"])
        settings[r["key"]] = Setting(r["key"], r["value"], allowed, r["description"], r["source"], r["confidence"])

    edits = {
        r["code"]: EditRule(r["code"], r["severity"], r["message"], r["source"]) for r in documents["edits"]["edits"]
    }

    regimens: dict[str, Regimen] = {}
    aliases: dict[str, str] = {}
    for r in documents["regimens"]["regimens"]:
        regimens[r["id"]] = Regimen(
            id=r["id"],
            name=r["name"],
            aliases=tuple(r["aliases"]),
            taxane_anthracycline_same_day=r["taxane_anthracycline_same_day"],
            post_cooling_minutes=r["post_cooling_minutes"],
            source=r["source"],
            confidence=r["confidence"],
        )
        for alias in r["aliases"]:
            aliases[regimen_key(alias)] = r["id"]

    versions = {name: str(doc["version"]) for name, doc in documents.items()}
    ma = cov["medicare_advantage_follows_jurisdiction"]
    note = cov["national_note"]
    return RefData(
        versions=versions,
        codes=codes,
        code_sets=code_sets,
        contraindications=contraindications,
        icd_code_set_year=str(icd["code_set_year"]),
        jurisdictions=jurisdictions,
        states=states,
        county_exceptions=tuple(counties),
        policies=tuple(policies),
        medicare_advantage_follows_jurisdiction=Note("yes" if ma["value"] else "no", ma["source"], ma["confidence"]),
        national_note=Note(note["text"], note["source"], note["confidence"]),
        mandates=tuple(mandates),
        settings=settings,
        edits=edits,
        regimens=regimens,
        regimen_aliases=aliases,
    )


def regimen_key(name: str) -> str:
    """Normalise a regimen name for alias lookup."""
    return "".join(ch for ch in name.casefold() if ch.isalnum() or ch == "/")


ICD10CM_FILE = "icd10cm.tsv.gz"
_ICD_CODE = re.compile(r"[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}")


def load_icd10cm(directory: Path | None = None) -> tuple[dict[str, bool], dict[str, str], dict[str, str]]:
    """The ICD-10-CM code set: billable flag and description by dotless code, and the header.

    The file is tab-separated `code, billable (1/0), description` after `# key: value` lines
    naming its source and confidence; a bad row stops start-up naming the row and field.
    """
    path = (directory or package_dir() / "data") / ICD10CM_FILE
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise RefDataError(ICD10CM_FILE, [f"cannot be read: {exc}"]) from None
    billable: dict[str, bool] = {}
    descriptions: dict[str, str] = {}
    header: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise RefDataError(ICD10CM_FILE, [f"row {number}: expected 3 tab-separated fields, got {len(parts)}"])
        code, flag, description = parts
        if not _ICD_CODE.fullmatch(code):
            raise RefDataError(ICD10CM_FILE, [f"row {number}.code: {code!r} is not an ICD-10-CM code"])
        if flag not in ("0", "1"):
            raise RefDataError(ICD10CM_FILE, [f"row {number}.billable: {flag!r} is not 0 or 1"])
        if not description:
            raise RefDataError(ICD10CM_FILE, [f"row {number}.description: empty"])
        billable[code] = flag == "1"
        descriptions[code] = description
    for key in ("source", "confidence"):
        if key not in header:
            raise RefDataError(ICD10CM_FILE, [f"header: no '# {key}:' line"])
    return billable, descriptions, header


def load(directory: Path | None = None) -> RefData:
    """Load, validate and build the reference data (uncached)."""
    data = build(load_documents(directory))
    billable, descriptions, header = load_icd10cm(directory)
    return replace(data, icd10cm_billable=billable, icd10cm_descriptions=descriptions, icd10cm_source=header["source"])


@cache
def get_refdata() -> RefData:
    """The reference data of this process, loaded once.

    `COOLCLAIM_REFDATA_DIR` points at a reviewed copy of `data/` (for a hub that keeps its own).
    """
    override = os.environ.get("COOLCLAIM_REFDATA_DIR")
    return load(Path(override) if override else None)
