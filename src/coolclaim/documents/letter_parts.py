"""Pieces several documents share: the facility's letterhead, the payer as addressee, the
prescriber's signature, the patient and plan lines of a "Re:" block, the planned codes."""

from __future__ import annotations

from coolclaim.documents.display import long_date, payer_type_label
from coolclaim.documents.draft import Letterhead
from coolclaim.documents.facts import CaseFacts, CoursePlan, Facility, Payer, Prescriber

CONFIDENTIAL = "Confidential: protected health information, sent for the payer's coverage decision only."


def running_reference(title: str, facts: CaseFacts) -> str:
    """The page header after page 1: the document, the patient and member id when it carries them."""
    parts = [title]
    patient = facts.patient
    if patient is not None and patient.name:
        parts.append(patient.name)
    if patient is not None and patient.member_id:
        parts.append(f"Member ID {patient.member_id}")
    if len(parts) == 1 and facts.case_reference:
        parts.append(f"Case {facts.case_reference}")
    return " · ".join(parts)


def letterhead(facility: Facility | None) -> Letterhead:
    if facility is None:
        return Letterhead("", ())
    parts = (f"Phone {facility.phone}" if facility.phone else "", f"Fax {facility.fax}" if facility.fax else "")
    contact = " · ".join(part for part in parts if part)
    address = (", ".join(facility.address.lines()),) if facility.address is not None else ()
    lines = (*address, *((contact,) if contact else ()), f"NPI {facility.npi}")
    return Letterhead(facility.name, lines)


def addressee(payer: Payer, attention: str) -> tuple[str, ...]:
    lines = [payer.name, attention]
    if payer.address is not None:
        lines.extend(payer.address.lines())
    if payer.fax:
        lines.append(f"By fax: {payer.fax}")
    return tuple(lines)


def signature(prescriber: Prescriber, facility: Facility | None) -> tuple[str, ...]:
    lines = [prescriber_name(prescriber)]
    if prescriber.specialty:
        lines.append(prescriber.specialty)
    if prescriber.npi:
        lines.append(f"NPI {prescriber.npi}")
    if facility is not None:
        lines.append(facility.name)
    return tuple(lines)


def prescriber_name(prescriber: Prescriber) -> str:
    """ "Morgan Example, MD" (the name alone when the credentials are not on file)."""
    return f"{prescriber.name}, {prescriber.credentials}" if prescriber.credentials else prescriber.name


def patient_pairs(facts: CaseFacts) -> list[tuple[str, str]]:
    """Patient, date of birth, member id and plan, as far as the document may carry them."""
    pairs: list[tuple[str, str]] = []
    patient = facts.patient
    if patient is not None:
        if patient.name:
            pairs.append(("Patient", patient.name))
        if patient.birth_date:
            pairs.append(("Date of birth", long_date(patient.birth_date)))
        if patient.member_id:
            pairs.append(("Member ID", patient.member_id))
    pairs.extend(plan_pairs(facts))
    return pairs


def plan_pairs(facts: CaseFacts) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if facts.payer is not None:
        pairs.append(("Payer", f"{facts.payer.name} ({payer_type_label(facts.payer.payer_type)})"))
    if facts.plan is not None:
        plan = facts.plan.name + (f", group {facts.plan.group_number}" if facts.plan.group_number else "")
        pairs.append(("Plan", plan))
    return pairs


def planned_units(course: CoursePlan) -> list[tuple[str, str, int]]:
    """(code, description, units over the course) for every planned code."""
    out = []
    for planned in course.codes:
        total = planned.units * (course.planned_sessions if planned.per == "session" else 1)
        out.append((planned.code, planned.description, total))
    return out


def codes_sentence(course: CoursePlan) -> str:
    """97007 × 1, 97008 × 8 and 97009 × 24."""
    parts = [f"{code} × {units}" for code, _, units in planned_units(course)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def course_sentence(course: CoursePlan) -> str:
    return f"{course.planned_sessions} sessions from {long_date(course.first_infusion)}"
