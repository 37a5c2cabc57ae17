"""Small code translations between our claim values and FHIR codings (both directions)."""

from __future__ import annotations

import re

from coolclaim.fhir import systems

_HCPCS_LEVEL_II = re.compile(r"^[A-V][0-9]{4}$")

GENDER_BY_SEX = {"F": "female", "M": "male", "U": "unknown"}
SEX_BY_GENDER = {gender: sex for sex, gender in GENDER_BY_SEX.items()}

# X12 individual relationship code (PAT01) -> HL7 subscriber-relationship
RELATIONSHIP_BY_X12 = {
    "01": "spouse",
    "19": "child",
    "20": "other",
    "21": "other",
    "39": "other",
    "53": "other",
    "G8": "other",
    "18": "self",
}

CLAIM_TYPE_BY_KIND = {"professional": "professional", "institutional": "institutional"}

COVERAGE_ORDER = {"P": 1, "S": 2, "T": 3}
RESPONSIBILITY_BY_ORDER = {order: code for code, order in COVERAGE_ORDER.items()}


def procedure_system(code: str) -> str:
    """CPT for five-digit codes and Category II/III (…F, …T); HCPCS Level II for a letter and four digits."""
    return systems.HCPCS if _HCPCS_LEVEL_II.match(code) else systems.CPT


def modifier_system(modifier: str) -> str:
    """Two-digit modifiers are CPT's (25, 59); letter modifiers are HCPCS Level II's (GA, KX)."""
    return systems.CPT if modifier.isdigit() else systems.HCPCS


def icd10cm_dotted(code: str) -> str:
    """`C50911` -> `C50.911`: the FHIR ICD-10-CM system writes the dot; our claims keep it off (as X12 does)."""
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def icd10cm_undotted(code: str) -> str:
    return code.replace(".", "")
