"""Builds the remittance code tables (group codes, CARCs, RARCs) from `remittance_codes.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coolclaim.refdata.errors import RefDataError
from coolclaim.refdata.loader import read_validated

NAME = "remittance_codes"


@dataclass(frozen=True, slots=True)
class RemittanceCode:
    code: str
    description: str
    source: str
    confidence: str
    needs_rarc: bool = False


@dataclass(frozen=True, slots=True)
class RemittanceCodes:
    version: str
    group_codes: dict[str, RemittanceCode]
    carc: dict[str, RemittanceCode]
    rarc: dict[str, RemittanceCode]

    def carc_descriptions(self) -> dict[str, str]:
        return {code: row.description for code, row in self.carc.items()}

    def rarc_descriptions(self) -> dict[str, str]:
        return {code: row.description for code, row in self.rarc.items()}

    def group_descriptions(self) -> dict[str, str]:
        return {code: row.description for code, row in self.group_codes.items()}


def _table(document: dict[str, Any], key: str) -> dict[str, RemittanceCode]:
    table: dict[str, RemittanceCode] = {}
    for index, row in enumerate(document[key]):
        if row["code"] in table:
            raise RefDataError(f"{NAME}.yaml", [f"{key}[{index}].code: duplicate code {row['code']}"])
        table[row["code"]] = RemittanceCode(
            row["code"], row["description"], row["source"], row["confidence"], row.get("needs_rarc", False)
        )
    return table


def build(document: dict[str, Any]) -> RemittanceCodes:
    """Turn a schema-valid document into the tables; duplicate codes stop with row and field."""
    return RemittanceCodes(
        version=str(document["version"]),
        group_codes=_table(document, "group_codes"),
        carc=_table(document, "carc"),
        rarc=_table(document, "rarc"),
    )


def load(directory: Path | None = None) -> RemittanceCodes:
    """Read, validate against the schema and build; `directory` replaces the packaged `data/`."""
    return build(read_validated(NAME, directory))
