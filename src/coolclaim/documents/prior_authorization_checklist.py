"""Prior authorization checklist for the provider: what to send, where, and what to follow up."""

from __future__ import annotations

from coolclaim.documents.checklist_parts import WORK_NOTE, case_pairs, code_items
from coolclaim.documents.context import Context
from coolclaim.documents.display import yes_no
from coolclaim.documents.draft import Block, Checklist, Citations, Draft, Facts, FormField, FormGroup, Section
from coolclaim.documents.letter_parts import running_reference


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    cite = Citations()
    pairs = case_pairs(ctx)
    auth = facts.authorization
    pairs.append(("Prior authorization required", yes_no(auth.required if auth is not None else None)))
    how = auth.submit_by if auth is not None and auth.submit_by else "unknown: ask the payer"
    to = f" to {auth.submit_to}" if auth is not None and auth.submit_to else ""
    pairs.append(("How to submit", f"{how}{to}"))
    if auth is not None and auth.typical_turnaround:
        source = f" {cite.cite(auth.turnaround_source)}" if auth.turnaround_source else ""
        pairs.append(("Typical turnaround", f"{auth.typical_turnaround}{source}"))
    else:
        pairs.append(("Typical turnaround", "unknown"))

    send = (
        "Letter of medical necessity signed by the prescriber.",
        "The order for scalp cooling and the treatment plan (regimen, number of cycles, infusion dates).",
        "Diagnosis codes from the order, the most specific ICD-10-CM code first.",
        "The device's FDA clearance and the guideline page that supports scalp cooling for this cancer.",
    )
    follow = (
        "Submission date and the payer's reference number recorded on the case.",
        "Status checked with the payer if no decision arrives within the typical turnaround.",
        "Decision recorded: approved, approved for fewer sessions or units, or denied with its reasons.",
        "Approved: authorization number, valid dates and authorised units entered on the case.",
        "Denied: the denial notice kept and the appeal checklist started the same day.",
    )
    blocks: list[Block] = [
        Facts("case", None, tuple(pairs)),
        Checklist("request", "Codes and units to request", tuple(code_items(ctx, cite))),
        Checklist("send", "Send with the request", send),
        Checklist("follow", "After sending", follow),
        Section("notes", "Notes", "No notes yet."),
        FormGroup(
            "signoff",
            "Submitted",
            (FormField("By", None), FormField("Date", None), FormField("Payer reference", None)),
        ),
    ]
    return ctx.make(blocks, running_reference(ctx.policy.title, facts), cite, footer_note=WORK_NOTE)
