"""Reference data for the hub's documents: devices and their FDA authorisations, guidelines and
efficacy studies the letters cite, and the documents' minimum-necessary policy.

Three files (`devices.yaml`, `evidence.yaml`, `documents.yaml`), each checked against its JSON
Schema in `schemas/`, then cross-checked against the main reference data (code sets, regimens):
a bad file raises RefDataError naming the file, the row and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated
from coolclaim.refdata.model import RefData

DOCUMENT_FILES = ("devices", "evidence", "documents")


@dataclass(frozen=True, slots=True)
class FdaClearance:
    number: str
    pathway: str
    decided: date
    indication: str
    scope: str  # an icd10_sets id: the cancers the indication names
    regulation: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    model: str
    manufacturer: str
    clearances: tuple[FdaClearance, ...]


@dataclass(frozen=True, slots=True)
class Guideline:
    id: str
    title: str
    statement: str
    category: str
    listed_since: int
    code_sets: tuple[str, ...]
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class Study:
    id: str
    citation: str
    population: str
    result: str
    definition: str
    n: str
    regimens: tuple[str, ...]
    all_regimens: bool
    source: str
    confidence: str

    def applies_to(self, regimen_id: str | None) -> bool:
        return self.all_regimens or (regimen_id is not None and regimen_id in self.regimens)


@dataclass(frozen=True, slots=True)
class ForbiddenPattern:
    id: str
    description: str
    pattern: re.Pattern[str]
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class KindPolicy:
    """Who a kind of document is for and the facts it may (`allowed`) and must (`required`) carry."""

    kind: str
    title: str
    recipient: str
    allowed: frozenset[str]
    required: tuple[str, ...]
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class DenialCode:
    code: str
    category: str
    text: str
    source: str
    confidence: str


@dataclass(frozen=True)
class DocumentRefData:
    versions: Mapping[str, str]
    devices: Mapping[str, Device]
    guidelines: tuple[Guideline, ...]
    studies: tuple[Study, ...]
    policy_source: str
    fields: Mapping[str, str]
    forbidden_patterns: tuple[ForbiddenPattern, ...]
    kinds: Mapping[str, KindPolicy]
    denial_codes: Mapping[str, DenialCode]


def _day(file: str, where: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RefDataError(file, [f"{where}: {value!r} is not a real date"]) from None


def build_document_refdata(documents: Mapping[str, Any], refdata: RefData) -> DocumentRefData:
    """Typed rows from validated documents, with the cross-file checks."""
    problems: dict[str, list[str]] = {}

    def problem(file: str, text: str) -> None:
        problems.setdefault(file, []).append(text)

    devices: dict[str, Device] = {}
    for i, row in enumerate(documents["devices"]["devices"]):
        if row["id"] in devices:
            problem("devices.yaml", f"devices[{i}].id: duplicate {row['id']}")
        clearances = []
        for j, c in enumerate(row["clearances"]):
            where = f"devices[{i}].clearances[{j}]"
            if c["scope"] not in refdata.code_sets:
                problem("devices.yaml", f"{where}.scope: unknown code set {c['scope']}")
            clearances.append(
                FdaClearance(
                    number=c["number"],
                    pathway=c["pathway"],
                    decided=_day("devices.yaml", f"{where}.decided", c["decided"]),
                    indication=c["indication"],
                    scope=c["scope"],
                    regulation=c["regulation"],
                    source=c["source"],
                    confidence=c["confidence"],
                )
            )
        devices[row["id"]] = Device(row["id"], row["model"], row["manufacturer"], tuple(clearances))

    evidence = documents["evidence"]
    guidelines = []
    for i, g in enumerate(evidence["guidelines"]):
        for ref in g["code_sets"]:
            if ref not in refdata.code_sets:
                problem("evidence.yaml", f"guidelines[{i}].code_sets: unknown code set {ref}")
        guidelines.append(
            Guideline(
                g["id"],
                g["title"],
                g["statement"],
                g["category"],
                g["listed_since"],
                tuple(g["code_sets"]),
                g["source"],
                g["confidence"],
            )
        )
    studies = []
    for i, s in enumerate(evidence["studies"]):
        for ref in s["regimens"]:
            if ref not in refdata.regimens:
                problem("evidence.yaml", f"studies[{i}].regimens: unknown regimen {ref}")
        if not s["regimens"] and not s["all_regimens"]:
            problem("evidence.yaml", f"studies[{i}].regimens: empty while all_regimens is false")
        studies.append(
            Study(
                s["id"],
                s["citation"],
                s["population"],
                s["result"],
                s["definition"],
                s["n"],
                tuple(s["regimens"]),
                s["all_regimens"],
                s["source"],
                s["confidence"],
            )
        )

    doc = documents["documents"]
    fields = dict(doc["fields"])
    patterns = []
    for i, p in enumerate(doc["forbidden_patterns"]):
        try:
            compiled = re.compile(p["pattern"])
        except re.error as exc:
            problem("documents.yaml", f"forbidden_patterns[{i}].pattern: not a regular expression ({exc})")
            continue
        patterns.append(ForbiddenPattern(p["id"], p["description"], compiled, p["source"], p["confidence"]))
    kinds: dict[str, KindPolicy] = {}
    for i, k in enumerate(doc["kinds"]):
        where = f"kinds[{i}]"
        if k["kind"] in kinds:
            problem("documents.yaml", f"{where}.kind: duplicate {k['kind']}")
        for name in k["allowed"]:
            if name not in fields:
                problem("documents.yaml", f"{where}.allowed: unknown field {name}")
        for name in k["required"]:
            if name not in k["allowed"]:
                problem("documents.yaml", f"{where}.required: {name} is required but not allowed")
        kinds[k["kind"]] = KindPolicy(
            k["kind"],
            k["title"],
            k["recipient"],
            frozenset(k["allowed"]),
            tuple(k["required"]),
            k["source"],
            k["confidence"],
        )
    codes: dict[str, DenialCode] = {}
    for i, d in enumerate(doc["denial_codes"]):
        if d["code"] in codes:
            problem("documents.yaml", f"denial_codes[{i}].code: duplicate {d['code']}")
        codes[d["code"]] = DenialCode(d["code"], d["category"], d["text"], d["source"], d["confidence"])

    if problems:
        file, found = next(iter(problems.items()))
        raise RefDataError(file, found)
    return DocumentRefData(
        versions={name: str(documents[name]["version"]) for name in DOCUMENT_FILES},
        devices=devices,
        guidelines=tuple(guidelines),
        studies=tuple(studies),
        policy_source=doc["policy_source"],
        fields=fields,
        forbidden_patterns=tuple(patterns),
        kinds=kinds,
        denial_codes=codes,
    )


def load_document_refdata(refdata: RefData, directory: Path | None = None) -> DocumentRefData:
    """Load, validate and build the documents' reference data (uncached; the provider,
    `coolclaim.bootstrap.document_refdata()`, keeps the process's copy)."""
    documents = {name: read_validated(name, directory) for name in DOCUMENT_FILES}
    return build_document_refdata(documents, refdata)
