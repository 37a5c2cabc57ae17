"""Redaction-safe by default: a document receives only the facts its recipient needs.

`minimum_necessary` applies a kind's `allowed` list (documents.yaml) to the case's facts;
`missing` names the required facts that are not known; `withheld_values` lists what was taken
away, so text a user edits cannot bring it back; `forbidden` finds what no document may carry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from coolclaim.documents.facts import PATIENT_FIELDS, TOP_FIELDS, CaseFacts, DenialReason, Patient
from coolclaim.refdata.documents_data import DocumentRefData, KindPolicy


class MissingFactsError(ValueError):
    """A document cannot be drafted: `missing` names every required fact that is not known."""

    def __init__(self, kind: str, missing: list[str]) -> None:
        self.kind = kind
        self.missing = missing
        super().__init__(f"{kind}: missing " + ", ".join(missing))


class PhiPolicyError(ValueError):
    """Text would carry patient information the document's recipient must not receive."""

    def __init__(self, kind: str, problems: list[str]) -> None:
        self.kind = kind
        self.problems = problems
        super().__init__(f"{kind}: " + "; ".join(problems))


_EMPTY: dict[str, Any] = {"diagnoses": (), "fees": ()}


def minimum_necessary(facts: CaseFacts, policy: KindPolicy) -> CaseFacts:
    """The facts with every part the policy does not allow removed."""
    allowed = policy.allowed
    changes: dict[str, Any] = {}
    for name in TOP_FIELDS:
        if name not in allowed:
            changes[name] = _EMPTY.get(name)
    if facts.denial is not None and "denial" not in allowed and "denial.codes" in allowed:
        changes["denial"] = replace(
            facts.denial,
            reference=None,
            reasons=tuple(DenialReason(r.code, "") for r in facts.denial.reasons),
        )
    patient = facts.patient
    if patient is not None:
        kept = {name: getattr(patient, name) if f"patient.{name}" in allowed else None for name in PATIENT_FIELDS}
        changes["patient"] = Patient(**kept) if any(v is not None for v in kept.values()) else None
    return replace(facts, **changes)


def missing(facts: CaseFacts, policy: KindPolicy) -> list[str]:
    """Every required fact (by its policy name) that the facts do not hold."""
    out = []
    for name in policy.required:
        if name.startswith("patient."):
            value = None if facts.patient is None else getattr(facts.patient, name.split(".", 1)[1])
        elif name == "denial.codes":
            value = facts.denial.reasons if facts.denial is not None else None
        else:
            value = getattr(facts, name)
        if value is None or value == () or value == "":
            out.append(name)
    return out


def withheld_values(full: CaseFacts, kept: CaseFacts) -> tuple[tuple[str, str], ...]:
    """(what, text) pairs of patient information the document was not given.

    A user's edit that contains one of them is refused: the name, the birth date, the member
    id, the diagnosis codes and descriptions when the document must not carry them.
    """
    out: list[tuple[str, str]] = []
    if full.patient is not None:
        kept_patient = kept.patient or Patient(None, None, None)
        if full.patient.name and not kept_patient.name:
            out.append(("the patient's name", full.patient.name))
        if full.patient.member_id and not kept_patient.member_id:
            out.append(("the member id", full.patient.member_id))
        if full.patient.birth_date and not kept_patient.birth_date:
            born = full.patient.birth_date
            out.append(("the birth date", born.isoformat()))
            out.append(("the birth date", f"{born.month}/{born.day}/{born.year}"))
            out.append(("the birth date", f"{born.month:02d}/{born.day:02d}/{born.year}"))
    if full.diagnoses and not kept.diagnoses:
        for diagnosis in full.diagnoses:
            out.append(("a diagnosis", diagnosis.code))
            out.append(("a diagnosis", diagnosis.description))
    return tuple(out)


def check_text(kind: str, where: str, text: str, ref: DocumentRefData, withheld: tuple[tuple[str, str], ...]) -> None:
    """Raise PhiPolicyError when the text carries a forbidden pattern or a withheld value."""
    problems = []
    for pattern in ref.forbidden_patterns:
        if pattern.pattern.search(text):
            problems.append(f"{where}: contains {pattern.description}, which no document may carry")
    folded = text.casefold()
    for what, value in withheld:
        if value and value.casefold() in folded:
            problems.append(f"{where}: contains {what}, which this document's recipient must not receive")
    if problems:
        raise PhiPolicyError(kind, sorted(set(problems), key=problems.index))
