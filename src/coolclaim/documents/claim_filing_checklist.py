"""Claim-filing checklist for the billing staff: codes, units, documentation, authorization."""

from __future__ import annotations

from coolclaim.documents.checklist_parts import WORK_NOTE, case_pairs, code_items
from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Block, Checklist, Citations, Draft, Facts, FormField, FormGroup, Section
from coolclaim.documents.letter_parts import running_reference


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    assert facts.facility is not None
    cite = Citations()
    pairs = case_pairs(ctx)
    hospital = facts.facility.setting == "hospital_outpatient"
    pairs.append(
        (
            "Claim form",
            "UB-04 / X12 837I, type of bill 0131" if hospital else "CMS-1500 / X12 837P, place of service 11",
        )
    )
    auth = facts.authorization
    if auth is not None and auth.number:
        valid = ""
        if auth.valid_from and auth.valid_to:
            valid = f", valid {long_date(auth.valid_from)} to {long_date(auth.valid_to)}"
        pairs.append(("Prior authorization", f"{auth.number}{valid}"))
    else:
        pairs.append(("Prior authorization", "none on file"))

    codes = code_items(ctx, cite)
    units = ctx.refdata.settings.get("units_97009")
    lines = list(codes)
    if units is not None:
        lines.append(
            f"97009 units follow the setting units_97009 = '{units.value}' (each whole 30 minutes after the "
            f"infusion ends when 'full') {cite.cite(units.source, units.confidence)}."
        )
    if hospital:
        revenue = ctx.refdata.settings.get("revenue_code_scalp_cooling")
        if revenue is not None:
            lines.append(
                f"Revenue code {revenue.value} on every scalp-cooling line (a facility setting) "
                f"{cite.cite(revenue.source, revenue.confidence)}."
            )
    lines.append("A chemotherapy administration code (96409-96417) on the same date of service.")
    lines.append("Diagnoses: the cancer code first, the chemotherapy encounter code Z51.11 as a secondary code.")
    documentation = (
        "The physician order verified and the contraindication screen documented.",
        "Consent on file; head measurement and cap size recorded at the first session.",
        "Start and stop times of pre-cooling, infusion and post-infusion cooling.",
        "Patient tolerance, the scalp assessment at removal, and the device serial or cap lot.",
    )
    filing = [
        "The authorization number on the claim (and the dates of service within its valid dates)."
        if auth is not None and auth.number
        else "Prior authorization: confirm none is required, or file none until it is approved.",
        "Filed within the payer's timely filing limit; the clearinghouse acknowledgement kept.",
        "A rejected or denied line worked the same week; a denial reviewed for appeal.",
    ]
    blocks: list[Block] = [
        Facts("case", None, tuple(pairs)),
        Checklist("codes", "Codes and units", tuple(lines)),
        Checklist("documentation", "Documentation behind every session's claim", documentation),
        Checklist("filing", "Filing", tuple(filing)),
        Section("notes", "Notes", "No notes yet."),
        FormGroup(
            "signoff",
            "Checked by",
            (FormField("Name", None), FormField("Date", None), FormField("Claim number", None)),
        ),
    ]
    return ctx.make(blocks, running_reference(ctx.policy.title, facts), cite, footer_note=WORK_NOTE)
