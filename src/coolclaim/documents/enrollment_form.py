"""Hub enrollment form: blank for hand filling, or prefilled from the case's facts."""

from __future__ import annotations

from coolclaim.documents.clinical_case import regimen_text
from coolclaim.documents.context import Context
from coolclaim.documents.display import payer_type_label, short_date
from coolclaim.documents.draft import Draft, FormField, FormGroup, Section
from coolclaim.documents.letter_parts import prescriber_name, running_reference


def compose(ctx: Context) -> Draft:
    f = ctx.facts
    p = f.patient
    address = ", ".join(p.address.lines()) if p is not None and p.address is not None else None
    patient = FormGroup(
        "patient",
        "Patient",
        (
            FormField("Name", p.name if p else None, wide=True),
            FormField("Date of birth", short_date(p.birth_date) if p and p.birth_date else None),
            FormField("Phone", p.phone if p else None),
            FormField("Address", address, wide=True),
        ),
    )
    insurance = FormGroup(
        "insurance",
        "Insurance",
        (
            FormField("Payer", f.payer.name if f.payer else None),
            FormField("Payer type", payer_type_label(f.payer.payer_type) if f.payer else None),
            FormField("Member ID", p.member_id if p else None),
            FormField("Plan", f.plan.name if f.plan else None),
            FormField("Group number", f.plan.group_number if f.plan and f.plan.group_number else None),
            FormField("Plan funding", f.plan.funding.replace("_", " ") if f.plan else None),
        ),
    )
    prescriber = FormGroup(
        "prescriber",
        "Prescriber",
        (
            FormField("Name", prescriber_name(f.prescriber) if f.prescriber else None),
            FormField("NPI", f.prescriber.npi or None if f.prescriber else None),
            FormField("Phone", f.prescriber.phone if f.prescriber else None),
            FormField("Fax", f.prescriber.fax if f.prescriber else None),
        ),
    )
    facility = FormGroup(
        "facility",
        "Treating facility",
        (
            FormField("Name", f.facility.name if f.facility else None),
            FormField("NPI", f.facility.npi if f.facility else None),
            FormField(
                "Address",
                ", ".join(f.facility.address.lines()) if f.facility and f.facility.address else None,
                wide=True,
            ),
        ),
    )
    diagnoses = "; ".join(f"{d.code} {d.description}" for d in f.diagnoses) or None
    regimen = regimen_text(f.regimen) if f.regimen is not None else None
    clinical = FormGroup(
        "clinical",
        "Diagnosis and treatment",
        (
            FormField("Diagnoses (ICD-10-CM)", diagnoses, wide=True),
            FormField("Chemotherapy regimen", regimen, wide=True),
            FormField("First infusion", short_date(f.course.first_infusion) if f.course else None),
            FormField("Planned sessions", str(f.course.planned_sessions) if f.course else None),
        ),
    )
    consent_value = None
    if f.consent is not None and f.consent.given:
        consent_value = "given" + (f" on {short_date(f.consent.on)}" if f.consent.on else "")
    consent = FormGroup(
        "consent",
        "Consent",
        (
            FormField("Patient consent to the hub's services", consent_value, wide=True),
            FormField("Signature", None),
            FormField("Date", None),
        ),
    )
    blocks = (
        Section(
            "instructions",
            None,
            "Send this form to the hub to open a case for scalp cooling: benefits investigation, prior authorization "
            "support and, where needed, patient assistance. Do not write the patient's Social Security number "
            "anywhere on this form; the member ID identifies the patient to the plan.",
        ),
        patient,
        insurance,
        prescriber,
        facility,
        clinical,
        consent,
    )
    reference = running_reference(ctx.policy.title, f)
    return ctx.make(blocks, reference, footer_note="Confidential once filled in: protected health information.")
