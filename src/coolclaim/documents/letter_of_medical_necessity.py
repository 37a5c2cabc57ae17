"""Letter of medical necessity: the prescriber asks the payer to cover scalp cooling."""

from __future__ import annotations

from coolclaim.documents import clinical_case
from coolclaim.documents.context import Context
from coolclaim.documents.draft import Block, Citations, Draft, Facts, LetterFrame, Section
from coolclaim.documents.letter_parts import (
    CONFIDENTIAL,
    addressee,
    codes_sentence,
    course_sentence,
    patient_pairs,
    running_reference,
    signature,
)


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    assert facts.payer is not None
    assert facts.prescriber is not None
    assert facts.course is not None
    cite = Citations()
    name = clinical_case.patient_label(ctx)
    pairs = patient_pairs(facts)
    pairs.append(("Services", f"Scalp cooling during chemotherapy: {codes_sentence(facts.course)}"))
    pairs.append(("Planned course", course_sentence(facts.course)))
    if facts.case_reference:
        pairs.append(("Our reference", facts.case_reference))

    blocks: list[Block | None] = [
        Facts("re", "Re: request for coverage of scalp cooling", tuple(pairs)),
        Section(
            "opening",
            None,
            f"I am writing to ask you to cover scalp cooling for my patient, {name}, during the chemotherapy I have "
            "prescribed. Scalp cooling lowers the temperature of the scalp before, during and after each infusion to "
            "reduce the likelihood of chemotherapy-induced hair loss. This letter sets out the diagnosis, the "
            "treatment plan, the device, and the guideline and study evidence that support the request.",
        ),
        clinical_case.diagnoses_table(ctx),
        clinical_case.treatment_plan(ctx),
        clinical_case.device(ctx, cite),
        clinical_case.safety(ctx),
        clinical_case.guidelines(ctx, cite),
        clinical_case.evidence(ctx, cite),
        clinical_case.coverage(ctx, cite),
        Section(
            "necessity",
            "Why scalp cooling is necessary for this patient",
            f"Hair loss is a common and distressing effect of chemotherapy, and the regimen I have prescribed "
            f"for {name} can cause it. Scalp cooling is the treatment I recommend to reduce that "
            "risk. It is given only on infusion days, by the infusion nurses, as part of the chemotherapy visit.",
        ),
        Section(
            "request",
            "Request",
            f"I ask you to approve scalp cooling for the planned course ({course_sentence(facts.course)}): "
            f"{codes_sentence(facts.course)}. " + contact(ctx),
        ),
    ]
    letter = LetterFrame(
        addressee=addressee(facts.payer, "Attn: Utilization Management / Prior Authorization"),
        salutation="Dear Medical Director:",
        closing="Sincerely,",
        signature=signature(facts.prescriber, facts.facility),
        enclosures=("Order for scalp cooling", "Treatment plan and recent clinical note", "Device FDA clearance"),
    )
    running = running_reference(ctx.policy.title, facts)
    return ctx.make([b for b in blocks if b is not None], running, cite, letter, footer_note=CONFIDENTIAL)


def contact(ctx: Context) -> str:
    prescriber = ctx.facts.prescriber
    assert prescriber is not None
    ways = []
    if prescriber.phone:
        ways.append(f"by phone at {prescriber.phone}")
    if prescriber.fax:
        ways.append(f"by fax at {prescriber.fax}")
    if not ways:
        return "Please contact my office with any question."
    return "Please contact my office " + " or ".join(ways) + " with any question or for a peer-to-peer review."
