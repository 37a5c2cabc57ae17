"""The clinical argument the two payer letters share, paragraph by paragraph, with citations.

Each function returns an editable Section, or None when the case has nothing to say there
(no guideline for the cancer, no state law that applies): a letter never claims support it
does not have.
"""

from __future__ import annotations

from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Citations, Section, Table
from coolclaim.documents.facts import Regimen
from coolclaim.documents.letter_parts import codes_sentence, course_sentence


def patient_label(ctx: Context) -> str:
    patient = ctx.facts.patient
    return patient.name if patient is not None and patient.name else "the patient"


def regimen_text(regimen: Regimen) -> str:
    """docetaxel and cyclophosphamide (TC), 6 cycles every 3 weeks."""
    details = " ".join(x for x in (f"{regimen.cycles} cycles" if regimen.cycles else "", regimen.schedule or "") if x)
    return regimen.name + (f", {details}" if details else "")


def diagnoses_table(ctx: Context) -> Table:
    return Table(
        key="diagnoses",
        heading="Diagnoses (ICD-10-CM)",
        columns=("Code", "Description"),
        rows=tuple((d.code, d.description) for d in ctx.facts.diagnoses),
    )


def treatment_plan(ctx: Context) -> Section:
    facts = ctx.facts
    assert facts.regimen is not None
    assert facts.course is not None
    regimen = facts.regimen
    primary = facts.diagnoses[0]
    plan = regimen_text(regimen)
    text = (
        f"{patient_label(ctx)} is under my care for {primary.description.lower()} ({primary.code}). "
        f"I have prescribed {plan}, starting on {long_date(facts.course.first_infusion)}."
        f"\n\nI have ordered scalp cooling at every infusion of this course: {course_sentence(facts.course)}, "
        f"billed as {codes_sentence(facts.course)}."
    )
    if facts.course.post_cooling_minutes:
        text += (
            f" Each session includes {facts.course.post_cooling_minutes} minutes of cooling after the infusion ends, "
            "as the protocol for this regimen calls for."
        )
    return Section("treatment_plan", "Diagnosis and treatment plan", text)


def device(ctx: Context, cite: Citations) -> Section | None:
    dev = ctx.facts.device
    clearance = ctx.evidence.clearance
    if dev is None:
        return None
    if clearance is None:
        text = (
            f"The scalp-cooling system used is the {dev.model} ({dev.manufacturer}). coolclaim found no FDA "
            "authorisation of this device whose indication names this diagnosis: please check the device labelling "
            "before sending this letter."
        )
        return Section("device", "The device and its FDA clearance", text)
    text = (
        f"Scalp cooling will be given with the {dev.model}, made by {dev.manufacturer}. The U.S. Food and Drug "
        f"Administration authorised this device ({clearance.pathway} {clearance.number}, "
        f"{long_date(clearance.decided)}; {clearance.regulation}) {clearance.indication} "
        f"{cite.cite(clearance.source, clearance.confidence)}. {patient_label(ctx)}'s diagnosis is within this "
        "indication, and the device will be used as labelled."
    )
    return Section("device", "The device and its FDA clearance", text)


def safety(ctx: Context) -> Section:
    found = ctx.evidence.contraindications
    if found:
        names = ", ".join(s.description.lower() for s in found)
        text = (
            f"The diagnoses on record include {names}, which the device labelling lists among the conditions where "
            "scalp cooling is not recommended. [Prescriber: explain here why scalp cooling is still appropriate, "
            "or do not send this letter.]"
        )
    else:
        text = (
            "None of the diagnoses on record is among the conditions where the device labelling advises against "
            "scalp cooling (for example haematological malignancies treated with curative intent, tumours of the "
            "central nervous system, or cold agglutinin disease). I have screened the patient for these conditions "
            "before ordering it."
        )
    return Section("safety", "Contraindications screened", text)


def guidelines(ctx: Context, cite: Citations) -> Section | None:
    found = ctx.evidence.guidelines
    if not found:
        return None
    sentences = [
        f"The {g.title} {g.statement} (category {g.category}, since {g.listed_since}) "
        f"{cite.cite(g.source, g.confidence)}."
        for g in found
    ]
    return Section("guidelines", "Guideline support", " ".join(sentences))


def evidence(ctx: Context, cite: Citations) -> Section | None:
    studies = ctx.evidence.studies
    if not studies:
        return None
    lines = [
        f"In {s.population}: {s.result} ({s.definition}; {s.n}) {cite.cite(s.source, s.confidence)}." for s in studies
    ]
    text = (
        "Published studies report these results for this kind of chemotherapy:\n\n"
        + "\n\n".join(lines)
        + "\n\nEach study defines success in its own way, so the figures are not added together and are not a "
        "prediction for one patient."
    )
    return Section("evidence", "Evidence of benefit", text)


def coverage(ctx: Context, cite: Citations) -> Section | None:
    policy = ctx.evidence.policy
    mandate = ctx.evidence.mandate
    sentences = []
    if policy is not None and policy.determination == "covered":
        sentences.append(
            f"{policy.title} provides for coverage of scalp cooling {cite.cite(policy.source, policy.confidence)}."
        )
    if mandate is not None and mandate.status == "enacted" and mandate.effective_from is not None:
        basis = f" ({mandate.effective_basis})" if mandate.effective_basis else ""
        sentences.append(
            f"This plan is subject to {mandate.title}, which requires coverage of scalp cooling from "
            f"{long_date(mandate.effective_from)}{basis} {cite.cite(mandate.source, mandate.confidence)}."
        )
        if mandate.prior_authorization_allowed:
            sentences.append("The law allows the plan to require prior authorization, which this letter supports.")
    if not sentences:
        return None
    heading = "State law that applies" if mandate is not None else "Coverage policy"
    return Section("coverage", heading, " ".join(sentences))
