"""Remittances that answer the claims of `claim_factories`: paid, underpaid, denied, unknown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from coolclaim.claims.matching import line_control_number
from coolclaim.claims.model import Address, Claim, ClaimLine, ControlNumbers
from coolclaim.claims.remittance import Adjustment, ClaimPayment, Remittance, ServicePayment
from coolclaim.x12.writing import EnvelopeParties
from coolclaim.x12.x12_835_005010X221A1 import PayerDetails, write_835

REMIT_CREATED = datetime(2026, 3, 20, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
REMIT_CONTROL = ControlNumbers(interchange=5001, group=6001)
PAYER_PARTIES = EnvelopeParties("ZZ", "EXAMPLEPAYER", "ZZ", "COOLCLAIMDEMO", "EXAMPLEPAYER", "COOLCLAIMDEMO")
PAYER = PayerDetails(Address("1 PAYER PLAZA", "CHICAGO", "IL", "60601"), "PROVIDER SERVICES", "8005550199")


def paid_line(claim: Claim, line: ClaimLine, ratio: str = "0.8", *, coinsurance: str = "0") -> ServicePayment:
    """The payer allows `ratio` of the charge, the patient owes `coinsurance` of it, the rest is CO-45."""
    allowed = (line.charge * Decimal(ratio)).quantize(Decimal("0.01"))
    patient = Decimal(coinsurance)
    adjustments = []
    if line.charge - allowed:
        adjustments.append(Adjustment("CO", "45", line.charge - allowed))
    if patient:
        adjustments.append(Adjustment("PR", "2", patient))
    return ServicePayment(
        code=line.code,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=allowed - patient,
        units=line.units,
        service_date=line.service_date,
        adjustments=tuple(adjustments),
        remarks=(),
        position=0,
        line_control=line_control_number(claim.claim_id, line.line_number),
    )


def denied_line(claim: Claim, line: ClaimLine, carc: str, *rarcs: str) -> ServicePayment:
    return ServicePayment(
        code=line.code,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=Decimal(0),
        units=line.units,
        service_date=line.service_date,
        adjustments=(Adjustment("CO", carc, line.charge),),
        remarks=tuple(rarcs),
        position=0,
        line_control=line_control_number(claim.claim_id, line.line_number),
    )


def claim_payment(claim: Claim, services: tuple[ServicePayment, ...], status: str = "1") -> ClaimPayment:
    person = claim.patient.person if claim.patient else claim.subscriber.person
    return ClaimPayment(
        claim_id=claim.claim_id,
        status=status,
        charge=sum((s.charge for s in services), Decimal(0)),
        paid=sum((s.paid for s in services), Decimal(0)),
        patient_responsibility=sum((s.patient_responsibility for s in services), Decimal(0)),
        payer_claim_number=f"PCN{claim.claim_id[-4:]}",
        adjustments=(),
        services=services,
        position=0,
        patient_last_name=person.last_name,
        patient_first_name=person.first_name,
        member_id=claim.subscriber.member_id,
    )


def remittance(claims: tuple[ClaimPayment, ...], trace: str = "EFT20260320001") -> Remittance:
    return Remittance(
        payment_amount=sum((c.paid for c in claims), Decimal(0)),
        credit_debit="C",
        payment_method="CHK",
        payment_date=date(2026, 3, 20),
        trace_number=trace,
        payer_name="EXAMPLE HEALTH PLAN",
        payer_id="1621234567",
        payee_name="RIVERSIDE ONCOLOGY",
        payee_npi="1234567893",
        claims=claims,
        provider_adjustments=(),
        position=0,
    )


def demo_remittance(claims: tuple[Claim, ...]) -> Remittance:
    """Pays most lines, denies 97007 (CO-197 with N54) and 97009 (CO-96 with N130), underpays 96415."""
    payments = []
    for claim in claims:
        services = []
        for line in claim.lines:
            if line.code == "97007":
                services.append(denied_line(claim, line, "197", "N54"))
            elif line.code == "97009":
                services.append(denied_line(claim, line, "96", "N130"))
            elif line.code == "96415":
                services.append(paid_line(claim, line, "0.5"))
            elif line.code == "96413":
                services.append(paid_line(claim, line, coinsurance="40.00"))
            else:
                services.append(paid_line(claim, line))
        status = "4" if all(s.paid == 0 for s in services) else "1"
        payments.append(claim_payment(claim, tuple(services), status))
    return remittance(tuple(payments))


def write(*remittances: Remittance) -> str:
    return write_835(remittances, parties=PAYER_PARTIES, payer=PAYER, control=REMIT_CONTROL, created=REMIT_CREATED)


def without_positions(value: Remittance) -> Remittance:
    return replace(
        value,
        position=0,
        provider_adjustments=tuple(replace(p, position=0) for p in value.provider_adjustments),
        claims=tuple(
            replace(c, position=0, services=tuple(replace(s, position=0) for s in c.services)) for c in value.claims
        ),
    )
