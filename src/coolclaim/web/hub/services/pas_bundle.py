"""A hub case's prior-authorization request as a Da Vinci PAS-shaped FHIR Bundle.

The request is the case's patient and coverage (the member id of the patient's coverage with
the case's payer, the payer id from the facility's trading-partner settings), the facility as
the requesting organisation, the attending provider of those settings as the ordering
clinician (the case keeps only the prescriber's name), the case's diagnosis with the
chemotherapy encounter (Z51.11), and the scalp-cooling services of the first infusion's era:
0662T once and 0663T per planned session before 2026, 97007 once, 97008 per planned session
and 97009 (``POST_INFUSION_UNITS_PER_SESSION`` per session, an estimate the payer may cut)
from 2026, over ``REQUEST_DAYS`` from the first infusion. Our PAS checks
(:func:`coolclaim.fhir.check_pas_bundle`) must pass before the bundle is handed out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from pydantic import ValidationError

from coolclaim.claims import model as out
from coolclaim.fhir import Clinician, PriorAuthRequest, RequestedService, check_pas_bundle, prior_auth_bundle
from coolclaim.web.billing.models import TradingPartner
from coolclaim.web.billing.services import outgoing
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Coverage
from coolclaim.web.hub.models import Case, PriorAuthorization

#: Whole 30-minute blocks of post-infusion cooling asked for per session (97009), an estimate.
POST_INFUSION_UNITS_PER_SESSION = 3
#: How long the requested authorization runs from the first infusion.
REQUEST_DAYS = 182
#: Z51.11, encounter for antineoplastic chemotherapy (without the dot).
CHEMOTHERAPY_ENCOUNTER = "Z5111"
CATEGORY_I_FROM = dt.date(2026, 1, 1)


class PasRefused(Exception):
    """The case lacks something the request needs (the message names it)."""


@dataclass(frozen=True)
class PasDocument:
    content: bytes
    file_name: str
    request_id: str


def request_id_of(case: Case, authorization: PriorAuthorization | None) -> str:
    return f"HUB{case.pk}-PA{authorization.pk}" if authorization is not None else f"HUB{case.pk}-PA"


def _services(case: Case, start: dt.date) -> tuple[RequestedService, ...]:
    end = start + dt.timedelta(days=REQUEST_DAYS)
    sessions = Decimal(max(case.planned_sessions, 1))
    if start < CATEGORY_I_FROM:
        return (
            RequestedService(1, "0662T", Decimal(1), start, end, (1, 2)),
            RequestedService(2, "0663T", sessions, start, end, (1, 2)),
        )
    return (
        RequestedService(1, "97007", Decimal(1), start, end, (1, 2)),
        RequestedService(2, "97008", sessions, start, end, (1, 2)),
        RequestedService(3, "97009", sessions * POST_INFUSION_UNITS_PER_SESSION, start, end, (1, 2)),
    )


def _coverage(case: Case) -> Coverage:
    coverages = [
        c
        for c in Coverage.objects.filter(patient_id=case.patient_id).order_by("priority", "-start_date")
        if c.payer_type != PayerType.SELF_PAY and c.is_active_on(case.first_infusion_date)
    ]
    named = [c for c in coverages if c.payer_name == case.payer_name]
    if not (named or coverages):
        raise PasRefused("the patient has no payer coverage on the first infusion date")
    chosen = (named or coverages)[0]
    if not chosen.member_id:
        raise PasRefused("the coverage has no member id")
    return chosen


def pas_request(case: Case, authorization: PriorAuthorization | None = None) -> PriorAuthRequest:
    """The case's PA request (raises :class:`PasRefused` naming what is missing)."""
    partner = TradingPartner.objects.filter(facility_id=case.facility_id).first()
    if partner is None:
        raise PasRefused(f"{case.facility.name} has no trading-partner settings (payer ids, address)")
    if not (partner.attending_npi and partner.attending_last_name):
        raise PasRefused("the ordering clinician's NPI is missing (attending provider of the trading-partner settings)")
    diagnosis = re.sub(r"[^0-9A-Z]", "", case.diagnosis.upper())
    if not diagnosis:
        raise PasRefused("the case has no diagnosis")
    coverage = _coverage(case)
    payer_id = (partner.payer_ids or {}).get(coverage.payer_name)
    if not payer_id:
        raise PasRefused("no payer id for the coverage's payer in the trading-partner settings")
    patient = case.patient
    if not (patient.address_line1 and patient.city and patient.state and patient.postal_code):
        raise PasRefused("the patient's address is incomplete")
    subscriber = outgoing.subscriber_of(patient, coverage, payer_id)
    created = (authorization.submitted_at if authorization is not None else timezone.now()).astimezone(
        ZoneInfo(case.timezone)
    )
    diagnoses = (diagnosis,) if diagnosis == CHEMOTHERAPY_ENCOUNTER else (diagnosis, CHEMOTHERAPY_ENCOUNTER)
    kind = outgoing.kind_of(case.facility)
    revenue = case.facility.revenue_code if kind is out.ClaimKind.INSTITUTIONAL else None
    services = tuple(
        RequestedService(
            s.sequence, s.code, s.units, s.start, s.end, s.diagnosis_pointers[: len(diagnoses)], revenue_code=revenue
        )
        for s in _services(case, case.first_infusion_date)
    )
    try:
        return PriorAuthRequest(
            request_id=request_id_of(case, authorization),
            kind=kind,
            subscriber=subscriber,
            provider=outgoing.billing_provider(case.facility, partner),
            ordering=Clinician(
                partner.attending_npi, partner.attending_last_name, partner.attending_first_name or None
            ),
            diagnoses=diagnoses,
            services=services,
            created=created,
        )
    except ValueError as exc:
        raise PasRefused(str(exc)) from None


def pas_document(case: Case, authorization: PriorAuthorization | None = None) -> PasDocument:
    """The PAS Bundle (JSON) of the case's PA request, checked against our PAS rules."""
    request = pas_request(case, authorization)
    try:
        bundle = prior_auth_bundle(request)
    except ValidationError as exc:  # names the FHIR paths only, never the values
        paths = sorted({".".join(str(part) for part in error["loc"]) for error in exc.errors()})
        raise PasRefused("the bundle is not valid FHIR at " + ", ".join(paths)) from None
    problems = check_pas_bundle(bundle)
    if problems:
        raise PasRefused("the bundle breaks the PAS rules: " + "; ".join(f"{p.path}: {p.message}" for p in problems))
    text = bundle.model_dump_json(indent=2) + "\n"
    return PasDocument(text.encode(), f"case-{case.pk}-pas-{request.request_id}.json", request.request_id)
