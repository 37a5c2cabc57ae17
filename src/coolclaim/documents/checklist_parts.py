"""What the three checklists share: the case block (no name, no diagnosis) and the codes to bill."""

from __future__ import annotations

from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date
from coolclaim.documents.draft import Citations
from coolclaim.documents.letter_parts import plan_pairs, planned_units

_FREQUENCY = {
    "per_course": "once per course, on the claim of the first session",
    "per_session": "once per session",
    "per_30_minutes": "one unit for each full 30 minutes",
    "per_unit": "per unit",
}

WORK_NOTE = "A work checklist: it carries the case reference, never the patient's name or diagnosis."


def case_pairs(ctx: Context) -> list[tuple[str, str]]:
    facts = ctx.facts
    pairs: list[tuple[str, str]] = []
    if facts.case_reference:
        pairs.append(("Case", facts.case_reference))
    pairs.extend(plan_pairs(facts))
    if facts.facility is not None:
        pairs.append(("Facility", f"{facts.facility.name} (NPI {facts.facility.npi})"))
    if facts.course is not None:
        pairs.append(
            (
                "Planned course",
                f"{facts.course.planned_sessions} sessions from {long_date(facts.course.first_infusion)}",
            )
        )
    return pairs


def code_items(ctx: Context, cite: Citations) -> list[str]:
    """One item per planned code: units over the course, how often, add-on rule, with sources."""
    facts = ctx.facts
    assert facts.course is not None
    items = []
    for code, description, units in planned_units(facts.course):
        info = ctx.refdata.codes.get(code)
        if info is None:
            items.append(f"{code} × {units} for the course: {description}.")
            continue
        text = f"{code} × {units} for the course — {info.description}; {_FREQUENCY.get(info.frequency, info.frequency)}"
        if info.addon_primaries:
            text += f", billed with {', '.join(info.addon_primaries)} on the same date"
        if not info.in_force(facts.course.first_infusion):
            text += f". Not in force on {long_date(facts.course.first_infusion)}: check the code"
        items.append(f"{text} {cite.cite(info.source, info.confidence)}.")
    return items
