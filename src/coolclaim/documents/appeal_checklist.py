"""Appeal checklist for the provider: every denial reason answered, the deadline, the enclosures."""

from __future__ import annotations

from coolclaim.documents.checklist_parts import WORK_NOTE, case_pairs
from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Block, Checklist, Citations, Draft, Facts, FormField, FormGroup, Section
from coolclaim.documents.letter_parts import running_reference


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    assert facts.denial is not None
    denial = facts.denial
    cite = Citations()
    pairs = case_pairs(ctx)
    pairs.append(("Denial dated", long_date(denial.decided_on)))
    if denial.appeal_deadline is not None:
        source = f" {cite.cite(denial.deadline_source)}" if denial.deadline_source else ""
        pairs.append(("Appeal by", f"{long_date(denial.appeal_deadline)}{source}"))
    else:
        pairs.append(("Appeal by", "unknown: read the deadline on the denial notice"))

    reasons = []
    for reason in denial.reasons:
        known = ctx.docref.denial_codes.get(reason.code)
        wording = known.text if known is not None else "reason not in coolclaim's list: read the notice"
        reasons.append(f"{reason.code}: {wording} — answered in the letter of appeal.")
    enclose = (
        "Letter of appeal signed by the prescriber (coolclaim drafts it from the case).",
        "A copy of the denial notice.",
        "The letter of medical necessity, the order and the treatment plan.",
        "The device's FDA clearance and the guideline page for this cancer.",
        "Where a state law requires coverage, the law's citation (the letter of appeal names it).",
    )
    after = (
        "Sent to the payer's appeals address or fax; the confirmation kept.",
        "Only one appeal is assisted by the hub: if it is denied, screen the patient for patient assistance.",
        "Decision recorded on the case with its date.",
    )
    blocks: list[Block] = [
        Facts("case", None, tuple(pairs)),
        Checklist("reasons", "Every reason answered", tuple(reasons)),
        Checklist("enclose", "Enclosures", enclose),
        Checklist("after", "Sending and after", after),
        Section("notes", "Notes", "No notes yet."),
        FormGroup("signoff", "Sent", (FormField("By", None), FormField("Date", None), FormField("How", None))),
    ]
    return ctx.make(blocks, running_reference(ctx.policy.title, facts), cite, footer_note=WORK_NOTE)
