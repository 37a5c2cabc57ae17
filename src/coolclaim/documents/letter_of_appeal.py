"""Letter of appeal: the prescriber answers the payer's denial reasons one by one."""

from __future__ import annotations

from coolclaim.documents import clinical_case
from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Block, Citations, Draft, Facts, LetterFrame, Section
from coolclaim.documents.facts import DenialReason
from coolclaim.documents.letter_of_medical_necessity import contact
from coolclaim.documents.letter_parts import (
    CONFIDENTIAL,
    addressee,
    codes_sentence,
    course_sentence,
    patient_pairs,
    running_reference,
    signature,
)

_LEVEL = {"prior_authorization": "prior authorization", "claim": "payment"}


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    assert facts.payer is not None
    assert facts.prescriber is not None
    assert facts.course is not None
    assert facts.denial is not None
    denial = facts.denial
    cite = Citations()
    name = clinical_case.patient_label(ctx)
    pairs = patient_pairs(facts)
    pairs.append(("Decision appealed", f"denial of {_LEVEL[denial.level]} dated {long_date(denial.decided_on)}"))
    if denial.reference:
        pairs.append(("Payer's reference", denial.reference))
    pairs.append(("Services", f"Scalp cooling during chemotherapy: {codes_sentence(facts.course)}"))
    if facts.case_reference:
        pairs.append(("Our reference", facts.case_reference))

    reference = f" (reference {denial.reference})" if denial.reference else ""
    count = len(denial.reasons)
    blocks: list[Block | None] = [
        Facts("re", "Re: appeal of a denial of scalp cooling", tuple(pairs)),
        Section(
            "opening",
            None,
            f"I am appealing your decision of {long_date(denial.decided_on)}{reference} to deny "
            f"{_LEVEL[denial.level]} for scalp cooling for my patient, {name}. Your notice gave "
            f"{count} reason{'s' if count != 1 else ''}; I answer each one below, then set out the clinical case. "
            "I ask you to reverse the decision.",
        ),
    ]
    # The answers cite first: the reference numbers follow the reading order.
    for i, reason in enumerate(denial.reasons, start=1):
        blocks.append(_answer(ctx, cite, i, reason))
    blocks += [
        clinical_case.diagnoses_table(ctx),
        clinical_case.treatment_plan(ctx),
        clinical_case.device(ctx, cite),
        clinical_case.safety(ctx),
        clinical_case.guidelines(ctx, cite),
        clinical_case.coverage(ctx, cite),
        clinical_case.evidence(ctx, cite),
        Section(
            "request",
            "Request",
            f"Please reverse the denial and approve scalp cooling for the planned course "
            f"({course_sentence(facts.course)}): {codes_sentence(facts.course)}. Chemotherapy starts on "
            f"{long_date(facts.course.first_infusion)}; scalp cooling only helps if it is given from the first "
            "infusion, so I ask for a decision before that date. " + contact(ctx),
        ),
    ]
    letter = LetterFrame(
        addressee=addressee(facts.payer, "Attn: Appeals"),
        salutation="Dear Appeals Reviewer:",
        closing="Sincerely,",
        signature=signature(facts.prescriber, facts.facility),
        enclosures=(
            "Copy of the denial notice",
            "Letter of medical necessity",
            "Order for scalp cooling, treatment plan and recent clinical note",
            "Device FDA clearance",
        ),
    )
    running = running_reference(ctx.policy.title, facts)
    return ctx.make([b for b in blocks if b is not None], running, cite, letter, footer_note=CONFIDENTIAL)


def _answer(ctx: Context, cite: Citations, number: int, reason: DenialReason) -> Section:
    known = ctx.docref.denial_codes.get(reason.code)
    category = known.category if known is not None else "other"
    wording = reason.text or (known.text if known is not None else "")
    heading = f"Reason {number}: {reason.code}" + (f" — {wording}" if wording else "")
    return Section(f"reason_{number}", heading, _ANSWERS[category](ctx, cite))


def _indication(ctx: Context, cite: Citations) -> str:
    clearance = ctx.evidence.clearance
    device = ctx.facts.device
    if clearance is None or device is None:
        return ""
    return (
        f"The {device.model} is FDA-authorised ({clearance.pathway} {clearance.number}, "
        f"{long_date(clearance.decided)}) {clearance.indication} {cite.cite(clearance.source, clearance.confidence)}, "
        "and the diagnosis is within that indication. "
    )


def _guideline(ctx: Context, cite: Citations) -> str:
    found = ctx.evidence.guidelines
    if not found:
        return ""
    g = found[0]
    return f"The {g.title} {g.statement} {cite.cite(g.source, g.confidence)}. "


def _mandate(ctx: Context, cite: Citations) -> str:
    mandate = ctx.evidence.mandate
    if mandate is None or mandate.status != "enacted" or mandate.effective_from is None:
        return ""
    return (
        f"Moreover, {mandate.title} requires plans like this one to cover scalp cooling "
        f"{cite.cite(mandate.source, mandate.confidence)}. "
    )


def _medical_necessity(ctx: Context, cite: Citations) -> str:
    primary = ctx.facts.diagnoses[0]
    return (
        f"Scalp cooling is medically necessary for {clinical_case.patient_label(ctx)}. The diagnosis, "
        f"{primary.description.lower()} ({primary.code}), is treated with chemotherapy that can cause hair loss. "
        + _indication(ctx, cite)
        + _guideline(ctx, cite)
        + "The studies of this kind of regimen are set out below; the order and treatment plan are enclosed."
    ).strip()


def _experimental(ctx: Context, cite: Citations) -> str:
    text = "Scalp cooling is not experimental or investigational. " + _indication(ctx, cite)
    codes = ctx.evidence.category_one_codes
    starts = [c.effective_from for c in codes if c.effective_from is not None]
    if codes and starts:
        first = min(starts)
        listed = ", ".join(sorted(c.code for c in codes))
        text += (
            f"The service has its own Category I CPT codes ({listed}) from {long_date(first)} "
            f"{cite.cite(codes[0].source, codes[0].confidence)}. "
        )
    text += _guideline(ctx, cite)
    text += "Randomised and registry studies of its benefit are listed below."
    return text.strip()


def _not_covered(ctx: Context, cite: Citations) -> str:
    text = _mandate(ctx, cite).replace("Moreover, ", "", 1)
    if text:
        text = text[0].upper() + text[1:]
    text += (
        "If the plan documents exclude scalp cooling by name, please send me the exact provision. Otherwise, "
        "scalp cooling is part of the chemotherapy visit the plan covers and reduces a known effect of that "
        "treatment. "
    )
    return (text + _indication(ctx, cite)).strip()


def _diagnosis(ctx: Context, cite: Citations) -> str:
    codes = ", ".join(f"{d.code} ({d.description})" for d in ctx.facts.diagnoses)
    text = f"The diagnoses on the request are {codes}. " + _indication(ctx, cite)
    policy = ctx.evidence.policy
    if policy is not None and policy.determination == "covered":
        marker = cite.cite(policy.source, policy.confidence)
        text += f"{policy.title} covers scalp cooling for this diagnosis {marker}. "
    return text.strip()


def _missing_information(ctx: Context, cite: Citations) -> str:
    return (
        "The enclosures supply what the request lacked: the order for scalp cooling, the treatment plan with the "
        "regimen and infusion dates, the diagnosis codes, the device's FDA clearance and this letter. "
        + _indication(ctx, cite)
    ).strip()


def _authorization(ctx: Context, cite: Citations) -> str:
    auth = ctx.facts.authorization
    number = f" (authorization {auth.number})" if auth is not None and auth.number else ""
    return (
        f"Prior authorization was requested before the first infusion{number}. Please review this request on its "
        "merits; the clinical case follows."
    )


def _other(ctx: Context, cite: Citations) -> str:
    return (
        "This reason is answered by the clinical case below: " + _indication(ctx, cite) + _guideline(ctx, cite)
    ).strip()


_ANSWERS = {
    "medical_necessity": _medical_necessity,
    "experimental": _experimental,
    "not_covered": _not_covered,
    "diagnosis": _diagnosis,
    "missing_information": _missing_information,
    "authorization": _authorization,
    "other": _other,
}
