"""Stored claims as the pure outgoing claims of ``coolclaim.claims`` (what the 837 writers format).

Office facilities send professional claims (837P, place of service 11); hospital outpatient
facilities institutional ones (837I, type of bill 0131, a revenue code on every line). A claim
that cannot be sent says why (:class:`NotSendable`) instead of producing a file a payer rejects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from coolclaim.claims import model as out
from coolclaim.web.accounts.choices import Setting
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import AckStatus, Claim, ClaimLine, SubmittedClaim, TradingPartner
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Coverage, Patient

#: SBR09 claim filing indicator by payer type.
FILING_INDICATOR = {
    PayerType.MEDICARE: "MB",
    PayerType.MEDICARE_ADVANTAGE: "16",
    PayerType.MEDICAID: "MC",
    PayerType.COMMERCIAL: "CI",
}


class NotSendable(ValueError):
    """The stored claim lacks something the 837 needs (the message names it)."""


def claim_id_sent(claim: Claim) -> str:
    """CLM01: the claim and its version, e.g. ``C412V2`` (the payer echoes it in the 835)."""
    version = claim.current_version
    number = version.number if version is not None else 0
    return f"C{claim.pk}V{number}"


def partners(partner: TradingPartner) -> out.TradingPartners:
    return out.TradingPartners(
        sender_qualifier=partner.sender_qualifier,
        sender_id=partner.sender_id,
        receiver_qualifier=partner.receiver_qualifier,
        receiver_id=partner.receiver_id,
        application_sender=partner.sender_id,
        application_receiver=partner.receiver_id,
        submitter_name=partner.submitter_name,
        submitter_id=partner.submitter_id,
        submitter_contact=out.Contact(partner.contact_name, partner.contact_phone),
        receiver_name=partner.receiver_name,
        receiver_id_code=partner.receiver_id_code,
        production=partner.production,
    )


def billing_provider(facility: Facility, partner: TradingPartner) -> out.BillingProvider:
    return out.BillingProvider(
        name=facility.name,
        npi=facility.npi,
        tin=re.sub(r"\D", "", facility.tin),
        taxonomy=partner.taxonomy,
        address=out.Address(partner.address_line1, partner.city, partner.state, partner.postal_code),
    )


def kind_of(facility: Facility) -> out.ClaimKind:
    if facility.setting == Setting.HOSPITAL_OUTPATIENT:
        return out.ClaimKind.INSTITUTIONAL
    return out.ClaimKind.PROFESSIONAL


def _coverage(claim: Claim) -> Coverage:
    session = claim.session
    if session.coverage_id is not None and session.coverage is not None:
        return session.coverage
    day = claim.date_of_service
    active = [c for c in claim.patient.coverages.all() if day is None or c.is_active_on(day)]
    if not active:
        raise NotSendable(f"claim {claim.pk}: the patient has no coverage on the date of service")
    return min(active, key=lambda c: (c.priority, -c.start_date.toordinal()))


#: CLM05-3 claim frequency codes.
ORIGINAL = "1"
REPLACEMENT = "7"


def frequency_of(earlier: Sequence[SubmittedClaim]) -> str:
    """An original claim (1) unless an earlier version reached the payer: then a replacement (7).

    A version the receiver rejected in an acknowledgment (999 or 277CA) never entered
    adjudication, so a claim all of whose earlier versions were rejected goes out as an original."""
    reached = [s for s in earlier if s.ack_status != AckStatus.REJECTED]
    return REPLACEMENT if reached else ORIGINAL


def outgoing_claim(
    claim: Claim,
    lines: Sequence[ClaimLine],
    partner: TradingPartner,
    *,
    frequency: str = ORIGINAL,
    payer_claim_number: str | None = None,
) -> out.Claim:
    """The claim as it leaves the building; raises :class:`NotSendable` naming what is missing.

    ``frequency`` 7 sends a corrected claim as the replacement of the one the payer holds,
    with its claim number (``payer_claim_number``, REF*F8) when an 835 told us it."""
    patient = claim.patient
    day = claim.date_of_service
    if day is None:
        raise NotSendable(f"claim {claim.pk}: no date of service")
    coverage = _coverage(claim)
    if coverage.payer_type == PayerType.SELF_PAY:
        raise NotSendable(f"claim {claim.pk}: self-pay, nothing to send to a payer")
    if not coverage.member_id:
        raise NotSendable(f"claim {claim.pk}: the coverage has no member id")
    payer_id = (partner.payer_ids or {}).get(coverage.payer_name)
    if not payer_id:
        raise NotSendable(
            f"claim {claim.pk}: no payer id for {coverage.payer_name!r} in the facility's trading-partner settings"
        )
    if not (patient.address_line1 and patient.city and patient.state and patient.postal_code):
        raise NotSendable(f"claim {claim.pk}: the patient's address is incomplete")
    diagnoses = tuple(code.replace(".", "").upper() for code in (claim.session.diagnoses or []))
    if not diagnoses:
        raise NotSendable(f"claim {claim.pk}: no diagnoses")
    kind = kind_of(claim.facility)
    sent = claim_id_sent(claim)
    out_lines = []
    for line in lines:
        if line.charge is None:
            raise NotSendable(f"claim {claim.pk} line {line.position}: no charge for {line.code} (fee schedule)")
        pointers = tuple(int(p) for p in line.diagnosis_pointers)[:4] or (1,)
        out_lines.append(
            out.ClaimLine(
                line_number=line.position,
                code=line.code,
                charge=Decimal(line.charge),
                units=Decimal(line.units),
                service_date=day,
                diagnosis_pointers=pointers,
                modifiers=tuple(line.modifiers),
                revenue_code=(line.revenue_code or claim.facility.revenue_code)
                if kind is out.ClaimKind.INSTITUTIONAL
                else None,
            )
        )
    if not out_lines:
        raise NotSendable(f"claim {claim.pk}: no lines")
    subscriber = subscriber_of(patient, coverage, payer_id)
    attending: dict[str, object] = {}
    if kind is out.ClaimKind.INSTITUTIONAL:
        if not (partner.attending_npi and partner.attending_last_name):
            raise NotSendable(f"claim {claim.pk}: the 837I needs the attending provider (trading-partner settings)")
        attending = {
            "attending_npi": partner.attending_npi,
            "attending_name": (partner.attending_last_name, partner.attending_first_name),
        }
    try:
        return out.Claim(
            claim_id=sent,
            kind=kind,
            subscriber=subscriber,
            diagnoses=diagnoses,
            lines=tuple(out_lines),
            place_of_service="11",
            type_of_bill=f"013{frequency}",
            frequency=frequency,
            payer_claim_number=payer_claim_number if frequency != ORIGINAL else None,
            prior_authorization=claim.prior_authorization_number or None,
            **attending,  # type: ignore[arg-type]
        )
    except ValueError as exc:
        raise NotSendable(str(exc)) from None


def subscriber_of(patient: Patient, coverage: Coverage, payer_id: str) -> out.Subscriber:
    """The patient as the subscriber of ``coverage`` (the patient is the insured), as every
    outgoing exchange (the 837, the PAS request) names them."""
    return out.Subscriber(
        member_id=coverage.member_id,
        person=out.Person(
            last_name=patient.family_name,
            first_name=patient.given_name,
            birth_date=patient.birth_date,
            sex=patient.sex or "U",
            address=out.Address(
                patient.address_line1, patient.city, patient.state, re.sub(r"\D", "", patient.postal_code)
            ),
        ),
        payer=out.Payer(
            name=coverage.payer_name[:60],
            payer_id=payer_id,
            claim_filing_indicator=FILING_INDICATOR.get(PayerType(coverage.payer_type), "CI"),
        ),
        payer_responsibility={1: "P", 2: "S", 3: "T"}.get(coverage.priority, "P"),
    )
