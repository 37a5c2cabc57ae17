"""A hub case's facts as the documents adapter reads them (``coolclaim.documents.CaseFacts``).

Only what the case, its patient, coverage, BI, PA, appeal and the facility's fee schedule hold;
nothing is guessed. A part the case does not have stays empty, and drafting a document that
needs it fails naming it (``MissingFactsError``). The documents' PHI policy then keeps, per
kind, only what the recipient needs.

Seam for the patient estimate (branch hub2): ``estimate_inputs`` gives the Summary of Benefits
its benefit figures and fee lines from the case's latest BI and the facility's fee schedule.
When hub2's estimate service lands, that one function is where its figures come in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from coolclaim import bootstrap
from coolclaim.documents import CaseFacts
from coolclaim.documents import facts as d
from coolclaim.web.billing.models import FeeScheduleEntry
from coolclaim.web.clinic.models import Coverage as ClinicCoverage
from coolclaim.web.hub.choices import DENIAL_REASONS, Rail
from coolclaim.web.hub.models import BenefitsInvestigation, Case, PriorAuthorization
from coolclaim.web.hub.services.replay_case import replay_case
from coolclaim.web.hub.services.sob_estimate import estimate_for_case

#: The device the hub's facilities use (the seed's manufacturer); the facility model has no device yet.
DEFAULT_DEVICE = "paxman"
#: Category I codes from 2026-01-01 (domain notes §1); Category III before.
CATEGORY_I_FROM = dt.date(2026, 1, 1)
DEFAULT_POST_COOLING_MINUTES = 90  # domain notes §5

_PAYER_TYPES: dict[str, d.PayerType] = {
    "medicare": "medicare",
    "medicare_advantage": "medicare_advantage",
    "medicaid_ffs": "medicaid",
    "medicaid_managed_care": "medicaid_managed_care",
    "chip": "chip",
    "exchange_qhp": "commercial",
    "commercial": "commercial",
    "none": "self_pay",
}
#: The hub's payer types in the fee schedule's words (clinic PayerType).
_FEE_PAYER_TYPES = {
    "medicaid_ffs": "medicaid",
    "medicaid_managed_care": "medicaid",
    "chip": "medicaid",
    "exchange_qhp": "commercial",
    "none": "self_pay",
}
_DENIAL_TEXT = {code: label.split(": ", 1)[1] for code, label in DENIAL_REASONS}


def case_reference(case: Case) -> str:
    return f"HUB-{case.pk}"


def facts_for(case: Case) -> CaseFacts:
    """Everything the case knows, typed for the documents (the policy trims it per kind)."""
    zone = ZoneInfo(case.timezone)
    coverage = _coverage(case)
    bi = case.benefits.order_by("-completed_at").first()
    benefits, fees = estimate_inputs(case, bi)
    regimen = _regimen(case)
    return CaseFacts(
        case_reference=case_reference(case),
        patient=_patient(case, coverage),
        payer=_payer(case, coverage),
        plan=_plan(case, coverage, bi),
        prescriber=d.Prescriber(name=case.prescriber, credentials="", specialty="", npi="")
        if case.prescriber
        else None,
        facility=d.Facility(
            name=case.facility.name,
            npi=case.facility.npi,
            address=None,
            setting="hospital_outpatient" if case.facility.setting == "hospital_outpatient" else "office",
        ),
        diagnoses=_diagnoses(case),
        regimen=regimen,
        course=_course(case, regimen),
        device=bootstrap.document_refdata().devices.get(DEFAULT_DEVICE),
        coverage=d.Coverage(mandate_id=bi.mandate or None) if bi is not None and bi.mandate else None,
        denial=_denial(case, zone),
        benefits=benefits,
        fees=fees,
        authorization=_authorization(case, bi),
        consent=_consent(case, zone),
        # The patient's estimate of the whole course, as the case page shows it (hub2's service).
        estimate=estimate_for_case(case, bi).estimate,
    )


def _consent(case: Case, zone: ZoneInfo) -> d.Consent | None:
    """Consent comes with the enrollment form: dated the day the form was received."""
    if not case.consent:
        return None
    enrolled = case.events.filter(type="enrolled").order_by("seq").first()
    return d.Consent(given=True, on=enrolled.at.astimezone(zone).date() if enrolled is not None else None)


def _prescriber(case: Case) -> d.Prescriber | None:
    """The name as enrolled; credentials, specialty and NPI are not on the case (left out)."""
    return d.Prescriber(name=case.prescriber, credentials="", specialty="", npi="") if case.prescriber else None


def estimate_inputs(case: Case, bi: BenefitsInvestigation | None) -> tuple[d.Benefits | None, tuple[d.FeeLine, ...]]:
    """SEAM (hub2's patient estimate): the Summary of Benefits' benefit figures and fee lines.

    Today: the latest BI's figures (None when a figure the estimate needs was not recorded) and
    the facility's fee schedule in force on the first infusion date.
    """
    return _benefits(case, bi), _fees(case)


def _coverage(case: Case) -> ClinicCoverage | None:
    day = case.first_infusion_date
    for coverage in ClinicCoverage.objects.filter(patient_id=case.patient_id).order_by("priority", "-start_date"):
        if coverage.is_active_on(day):
            return coverage
    return None


def _patient(case: Case, coverage: ClinicCoverage | None) -> d.Patient:
    p = case.patient
    address = None
    if p.address_line1 and p.city and p.state and p.postal_code:
        address = d.Address(p.address_line1, p.city, p.state, p.postal_code, line2=p.address_line2 or None)
    member_id = coverage.member_id if coverage is not None and coverage.member_id else None
    return d.Patient(
        name=f"{p.given_name} {p.family_name}", birth_date=p.birth_date, member_id=member_id, address=address
    )


def _payer(case: Case, coverage: ClinicCoverage | None) -> d.Payer | None:
    if case.payer_type == "none":
        return None
    name = case.payer_name or (coverage.payer_name if coverage is not None else "")
    return d.Payer(name=name, payer_type=_PAYER_TYPES[case.payer_type]) if name else None


def _plan(case: Case, coverage: ClinicCoverage | None, bi: BenefitsInvestigation | None) -> d.Plan | None:
    if coverage is None or not coverage.plan_name:
        return None
    funding: d.Funding = "unknown"
    source = (bi.plan_funding if bi is not None else "") or (coverage.funding or "")
    if source in ("fully_insured", "self_funded"):
        funding = "fully_insured" if source == "fully_insured" else "self_funded"
    size = (bi.group_size if bi is not None else "") or (coverage.group_size or "")
    group_size: d.GroupSize | None = None
    if size in ("individual", "small", "large"):
        group_size = "individual" if size == "individual" else "small" if size == "small" else "large"
    return d.Plan(
        name=coverage.plan_name,
        funding=funding,
        group_size=group_size,
        state=(bi.plan_state if bi is not None and bi.plan_state else coverage.plan_state) or case.facility.state,
    )


def _diagnoses(case: Case) -> tuple[d.Diagnosis, ...]:
    code = case.diagnosis.strip().upper()
    if not code:
        return ()
    day = case.first_infusion_date
    fiscal_year = day.year + 1 if day.month >= 10 else day.year
    # The code set of the fiscal year, else the latest loaded before it (descriptions rarely change).
    years = [y for y in bootstrap.refdata().icd10cm_years if y <= fiscal_year]
    icd = bootstrap.icd10cm(max(years)) if years else None
    description = icd.description(code.replace(".", "")) if icd is not None else ""
    return (d.Diagnosis(code, description),)


def _regimen(case: Case) -> d.Regimen | None:
    name = case.regimen or (case.course.regimen if case.course is not None else "")
    if not name:
        return None
    refdata = bootstrap.refdata()
    key = name.strip().casefold()
    regimen_id = key if key in refdata.regimens else refdata.regimen_aliases.get(key)
    return d.Regimen(name=name, regimen_id=regimen_id)


def _course(case: Case, regimen: d.Regimen | None) -> d.CoursePlan:
    refdata = bootstrap.refdata()
    minutes = DEFAULT_POST_COOLING_MINUTES
    if regimen is not None and regimen.regimen_id is not None and regimen.regimen_id in refdata.regimens:
        minutes = refdata.regimens[regimen.regimen_id].post_cooling_minutes
    plan: list[tuple[str, d.Per, int]]
    if case.first_infusion_date >= CATEGORY_I_FROM:
        plan = [("97007", "course", 1), ("97008", "session", 1), ("97009", "session", max(1, minutes // 30))]
    else:
        plan = [("0662T", "course", 1), ("0663T", "session", 1)]
    codes = tuple(
        d.PlannedCode(code, refdata.codes[code].description if code in refdata.codes else code, per, units)
        for code, per, units in plan
    )
    return d.CoursePlan(
        planned_sessions=case.planned_sessions,
        first_infusion=case.first_infusion_date,
        codes=codes,
        post_cooling_minutes=minutes,
    )


def _reason_code(code: str) -> str:
    return f"CARC {code}" if code.isdigit() else f"RARC {code}"


def _denied(case: Case) -> PriorAuthorization | None:
    auth: PriorAuthorization | None = case.authorizations.filter(decision="denied").order_by("-decided_at").first()
    return auth


def _denial(case: Case, zone: ZoneInfo) -> d.Denial | None:
    auth = _denied(case)
    if auth is None or auth.decided_at is None:
        return None
    reasons = tuple(d.DenialReason(_reason_code(c), _DENIAL_TEXT.get(c, "")) for c in auth.denial_reasons)
    deadline = next(
        (x for x in replay_case(case).deadlines if str(x.kind) == "appeal_filing" and x.due is not None), None
    )
    return d.Denial(
        decided_on=auth.decided_at.astimezone(zone).date(),
        reasons=reasons,
        reference=auth.reference_number or None,
        # the hub core's appeal-filing clock (payer type's rule, reference data) with its basis
        appeal_deadline=deadline.due.astimezone(zone).date() if deadline is not None and deadline.due else None,
        deadline_source=deadline.basis if deadline is not None else None,
    )


def _benefits(case: Case, bi: BenefitsInvestigation | None) -> d.Benefits | None:
    if bi is None:
        return None
    needed = (bi.deductible, bi.deductible_met, bi.coinsurance_percent, bi.copay)
    if any(v is None for v in needed) or (bi.oop_max is not None and bi.oop_met is None):
        return None
    assert bi.deductible is not None
    assert bi.deductible_met is not None
    assert bi.coinsurance_percent is not None
    assert bi.copay is not None
    return d.Benefits(
        verified_on=bi.completed_at.astimezone(ZoneInfo(case.timezone)).date(),
        covered=bi.coverage == "covered",
        in_network=bi.network == "in",
        deductible=bi.deductible,
        deductible_met=bi.deductible_met,
        coinsurance=(bi.coinsurance_percent / Decimal(100)).quantize(Decimal("0.0001")),
        copay_per_session=bi.copay,
        oop_max=bi.oop_max,
        oop_met=bi.oop_met if bi.oop_met is not None else Decimal("0.00"),
        prior_authorization_required=bi.pa_required,
    )


def _fees(case: Case) -> tuple[d.FeeLine, ...]:
    day = case.first_infusion_date
    entries = FeeScheduleEntry.objects.filter(facility_id=case.facility_id, effective_from__lte=day).order_by(
        "code", "-effective_from"
    )
    chosen: dict[str, FeeScheduleEntry] = {}
    for entry in entries:
        if entry.effective_to is not None and entry.effective_to < day:
            continue
        if entry.payer_type not in ("", _FEE_PAYER_TYPES.get(case.payer_type, case.payer_type)):
            continue
        current = chosen.get(entry.code)
        if current is None or (current.payer_type == "" and entry.payer_type != ""):
            chosen[entry.code] = entry
    return tuple(
        d.FeeLine(
            code=e.code,
            unit_charge=e.charge,
            unit_allowed=e.expected_allowed,
            source=f"{case.facility.name} fee schedule, in force from {e.effective_from:%m/%d/%Y}",
        )
        for e in chosen.values()
    )


def _authorization(case: Case, bi: BenefitsInvestigation | None) -> d.Authorization | None:
    if bi is None:
        return None
    latest = case.authorizations.order_by("-submitted_at").first()
    approved = case.authorizations.filter(decision__in=("approved", "modified")).order_by("-decided_at").first()
    return d.Authorization(
        required=bi.pa_required,
        submit_by=Rail(latest.rail).label if latest is not None else None,
        number=approved.reference_number or None if approved is not None else None,
        valid_from=approved.valid_from if approved is not None else None,
        valid_to=approved.valid_to if approved is not None else None,
    )
