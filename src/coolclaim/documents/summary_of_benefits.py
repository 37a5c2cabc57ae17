"""Summary of Benefits for the patient, with the expected cost of the whole course.

The figures come from the pure `patient_estimate` core; this module only lays them out and
says every assumption in plain words.
"""

from __future__ import annotations

from coolclaim.documents.context import Context
from coolclaim.documents.display import long_date, money, money_or_none, percent, yes_no
from coolclaim.documents.draft import Block, Checklist, Citations, Draft, Facts, Section, Table
from coolclaim.documents.letter_parts import plan_pairs, running_reference
from coolclaim.documents.policy import MissingFactsError
from coolclaim.patient_estimate import CourseEstimate, PlanBenefits, PlannedService, estimate_course


def estimate_for(ctx: Context) -> CourseEstimate:
    """The course estimate from the case's plan, fees and benefits (EstimateInputError on bad input)."""
    facts = ctx.facts
    if facts.estimate is not None:
        return facts.estimate
    assert facts.course is not None
    assert facts.benefits is not None
    fees = {f.code: f for f in facts.fees}
    absent = [f"fees.{p.code}" for p in facts.course.codes if p.code not in fees]
    if absent:
        raise MissingFactsError(ctx.kind, absent)
    services = []
    for planned in facts.course.codes:
        fee = fees[planned.code]
        services.append(
            PlannedService(
                code=planned.code,
                description=planned.description,
                per=planned.per,
                units=planned.units,
                unit_charge=fee.unit_charge,
                unit_allowed=fee.unit_allowed,
                fee_source=fee.source,
            )
        )
    b = facts.benefits
    benefits = PlanBenefits(
        covered=b.covered,
        in_network=b.in_network,
        deductible=b.deductible,
        deductible_met=b.deductible_met,
        coinsurance=b.coinsurance,
        copay_per_session=b.copay_per_session,
        oop_max=b.oop_max,
        oop_met=b.oop_met,
    )
    return estimate_course(tuple(services), facts.course.planned_sessions, benefits)


def compose(ctx: Context) -> Draft:
    facts = ctx.facts
    assert facts.benefits is not None
    assert facts.course is not None
    b = facts.benefits
    result = estimate_for(ctx)
    cite = Citations()
    name = facts.patient.name if facts.patient is not None and facts.patient.name else None
    pairs: list[tuple[str, str]] = []
    if name:
        pairs.append(("Patient", name))
    if facts.patient is not None and facts.patient.member_id:
        pairs.append(("Member ID", facts.patient.member_id))
    pairs.extend(plan_pairs(facts))
    checked = long_date(b.verified_on) + (f" (reference {b.reference})" if b.reference else "")
    pairs.append(("Benefits checked on", checked))
    course = facts.course
    pairs.append(("Planned course", f"{course.planned_sessions} sessions from {long_date(course.first_infusion)}"))
    if facts.case_reference:
        pairs.append(("Our reference", facts.case_reference))

    deductible_left = b.deductible - b.deductible_met
    oop_left = None if b.oop_max is None else b.oop_max - b.oop_met
    benefits_table = Table(
        key="benefits",
        heading="What your plan told us",
        columns=("Benefit", "Amount"),
        rows=(
            ("Scalp cooling covered", yes_no(b.covered)),
            ("Facility in your plan's network", yes_no(b.in_network)),
            ("Prior authorization required", yes_no(b.prior_authorization_required)),
            ("Deductible", f"{money(b.deductible)} (met {money(b.deductible_met)}, {money(deductible_left)} left)"),
            ("Coinsurance (your share)", percent(b.coinsurance)),
            ("Copay per session", money(b.copay_per_session)),
            (
                "Out-of-pocket maximum",
                "none found"
                if b.oop_max is None or oop_left is None
                else f"{money(b.oop_max)} (met {money(b.oop_met)}, {money(oop_left)} left)",
            ),
        ),
        numeric=(),
    )
    course_rows = tuple(
        (
            f"{line.code} {cite.cite(line.fee_source)}",
            line.description,
            str(line.quantity),
            money(line.charges),
            money(line.allowed) + ("" if line.allowed_known else " *"),
        )
        for line in result.lines
    )
    course_table = Table(
        key="course",
        heading="The whole course",
        columns=("Code", "Service", "Units", "Charges", "Expected allowed"),
        rows=course_rows,
        total=("Total", "", "", money(result.charges_total), money(result.allowed_total)),
        numeric=(2, 3, 4),
        note=None if all(ln.allowed_known for ln in result.lines) else "* no allowed amount known: the charge is used.",
    )
    steps = _steps(result)
    blocks: list[Block] = [
        Facts("patient", None, tuple(pairs)),
        Section(
            "intro",
            None,
            (f"Dear {name},\n\n" if name else "")
            + "We checked your insurance benefits for scalp cooling (the cold cap worn during chemotherapy to reduce "
            "hair loss). This summary shows what your plan told us and what the whole planned course is expected to "
            "cost you.",
        ),
        Table(
            key="headline",
            heading=None,
            columns=("Your expected cost for the whole course", money(result.patient_total)),
            rows=(),
            numeric=(1,),
        ),
        benefits_table,
        course_table,
        steps,
        Checklist("assumptions", "What this estimate assumes", tuple(a.text for a in result.assumptions), boxes=False),
        Section(
            "help",
            "Questions and help",
            "Please call us with any question about this summary. If scalp cooling is not covered, or the cost "
            "would be a hardship, ask us about patient assistance: you may qualify for help with the cost.",
        ),
    ]
    contact = facts.facility.phone if facts.facility is not None and facts.facility.phone else None
    if contact:
        blocks[-1] = Section(
            "help",
            "Questions and help",
            f"Please call us at {contact} with any question about this summary. If scalp cooling is not covered, "
            "or the cost would be a hardship, ask us about patient assistance: you may qualify for help with the "
            "cost.",
        )
    return ctx.make(
        blocks,
        running_reference(ctx.policy.title, facts),
        cite,
        footer_note="An estimate, not a bill and not a guarantee of payment. Keep it for your records.",
    )


def _steps(result: CourseEstimate) -> Table:
    if not result.covered:
        rows: tuple[tuple[str, str], ...] = (
            ("Charges for the whole course (not covered by your plan)", money(result.charges_total)),
        )
    else:
        rows = (
            ("Expected allowed amount for the whole course", money(result.allowed_total)),
            ("Your copays", money(result.copays)),
            ("Deductible you pay", money(result.deductible_applied)),
            (
                f"Your coinsurance ({percent(result.coinsurance_rate)} of what is left)",
                money(result.coinsurance_amount),
            ),
            ("Subtotal", money(result.before_cap)),
        )
        if result.oop_left is not None:
            rows += (
                (
                    "Out-of-pocket maximum left" + (" (caps your cost)" if result.capped else ""),
                    money_or_none(result.oop_left),
                ),
            )
        rows += (("Your plan is expected to pay", money(result.plan_total)),)
    return Table(
        key="steps",
        heading="How your share is worked out",
        columns=("Step", "Amount"),
        rows=rows,
        total=("Your expected cost", money(result.patient_total)),
        numeric=(1,),
    )
