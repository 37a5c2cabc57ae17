"""The demo's claims exchange: trading partners, a submitted batch with its 999, and a posted
835 that pays most lines, denies some with real CARC/RARC pairs and underpays one — so the
work queue shows denials. Synthetic throughout (made-up ids, amounts and trace numbers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coolclaim.claims import model as out
from coolclaim.claims.matching import line_control_number
from coolclaim.claims.remittance import Adjustment, ClaimPayment, Remittance, ServicePayment
from coolclaim.web.accounts.choices import Setting
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, ClaimLine, SubmissionBatch, SubmittedClaim, TradingPartner
from coolclaim.web.billing.services.attach_acknowledgment import attach_acknowledgment
from coolclaim.web.billing.services.outgoing import outgoing_claim
from coolclaim.web.billing.services.post_remittance import post_remittance
from coolclaim.web.billing.services.submit_claims import submit_claims
from coolclaim.x12.writing import EnvelopeParties, envelope, segment
from coolclaim.x12.x12_835_005010X221A1 import PayerDetails, write_835

DEMO_PAYER_IDS = {
    "Medicare Part B": "15202",
    "Sample Advantage Plan": "SAP01",
    "Demo State Medicaid": "DSM01",
    "Example Health Plan": "60054",
    "Sample Mutual Insurance": "SMI01",
}
DEMO_BATCH_CLAIMS = 8
CENTS = Decimal("0.01")
#: (CARC, RARC) pairs the demo payer denies with: no prior authorization; not covered.
DENIALS = (("197", "N54"), ("96", "N130"))
PAYER_PARTIES = EnvelopeParties("ZZ", "DEMOPAYER", "ZZ", "COOLCLAIMDEMO", "DEMOPAYER", "COOLCLAIMDEMO")
CLEARINGHOUSE = EnvelopeParties("ZZ", "DEMOCLEARING", "ZZ", "COOLCLAIMDEMO", "DEMOCLEARING", "COOLCLAIMDEMO")


def ensure_trading_partners(facilities: dict[str, Facility]) -> None:
    for facility in facilities.values():
        hospital = facility.setting == Setting.HOSPITAL_OUTPATIENT
        TradingPartner.objects.get_or_create(
            facility=facility,
            defaults={
                "sender_id": "COOLCLAIMDEMO",
                "receiver_id": "DEMOCLEARING",
                "submitter_name": facility.name[:60],
                "submitter_id": f"DEMO{facility.pk:05d}",
                "contact_name": "DEMO BILLING OFFICE",
                "contact_phone": "5555550100",
                "receiver_name": "DEMO CLEARINGHOUSE",
                "receiver_id_code": "DEMOCH01",
                "taxonomy": "282N00000X" if hospital else "207RX0202X",
                "address_line1": "1 DEMO PLAZA",
                "city": "COLUMBUS",
                "state": facility.state,
                "postal_code": "432150001",
                "payer_ids": DEMO_PAYER_IDS,
                "attending_npi": "1456789019",
                "attending_last_name": "DEMO",
                "attending_first_name": "ATTENDING",
            },
        )


def _ack_999(batch: SubmissionBatch, created: dt.datetime) -> str:
    version = "005010X223A2" if batch.kind == "837I" else "005010X222A1"
    body = [
        segment("AK1", "HC", str(batch.group_control), version),
        segment("AK2", "837", "0001", version),
        segment("IK5", "A"),
        segment("AK9", "A", "1", "1", "1"),
    ]
    return envelope(
        CLEARINGHOUSE,
        interchange=900_000_000 + batch.interchange_control,
        group=900_000_000 + batch.group_control,
        first_transaction=1,
        created=created,
        functional_id="FA",
        transaction_code="999",
        version="005010X231A1",
        bodies=[body],
    )


def _service(claim: out.Claim, line: out.ClaimLine, *, paid_ratio: str, patient: str = "0") -> ServicePayment:
    allowed = (line.charge * Decimal(paid_ratio)).quantize(CENTS)
    share = Decimal(patient)
    adjustments = [Adjustment("CO", "45", line.charge - allowed)] if line.charge != allowed else []
    if share:
        adjustments.append(Adjustment("PR", "2", share))
    return ServicePayment(
        code=line.code,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=allowed - share,
        units=line.units,
        service_date=line.service_date,
        adjustments=tuple(adjustments),
        remarks=(),
        position=0,
        line_control=line_control_number(claim.claim_id, line.line_number),
    )


def _denied(claim: out.Claim, line: out.ClaimLine, carc: str, rarc: str) -> ServicePayment:
    return ServicePayment(
        code=line.code,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=Decimal(0),
        units=line.units,
        service_date=line.service_date,
        adjustments=(Adjustment("CO", carc, line.charge),),
        remarks=(rarc,),
        position=0,
        line_control=line_control_number(claim.claim_id, line.line_number),
    )


def demo_remittance(claims: list[out.Claim], day: dt.date) -> Remittance:
    """Claim 1 of every 4 denied whole (alternating pairs), one claim underpaid, the rest paid
    80% with a 20.00 coinsurance on the first line."""
    payments = []
    for index, claim in enumerate(claims):
        if index % 4 == 1:
            carc, rarc = DENIALS[(index // 4) % len(DENIALS)]
            services = [_denied(claim, line, carc, rarc) for line in claim.lines]
        elif index == 2:
            services = [_service(claim, line, paid_ratio="0.5") for line in claim.lines]
        else:
            services = [
                _service(claim, line, paid_ratio="0.8", patient="20.00" if n == 0 else "0")
                for n, line in enumerate(claim.lines)
            ]
        denied = all(s.paid == 0 for s in services)
        payments.append(
            ClaimPayment(
                claim_id=claim.claim_id,
                status="4" if denied else "1",
                charge=sum((s.charge for s in services), Decimal(0)),
                paid=sum((s.paid for s in services), Decimal(0)),
                patient_responsibility=sum((s.patient_responsibility for s in services), Decimal(0)),
                payer_claim_number=f"DEMO{index + 1:06d}",
                adjustments=(),
                services=tuple(services),
                position=0,
                patient_last_name=claim.subscriber.person.last_name,
                patient_first_name=claim.subscriber.person.first_name,
                member_id=claim.subscriber.member_id,
            )
        )
    return Remittance(
        payment_amount=sum((p.paid for p in payments), Decimal(0)),
        credit_debit="C",
        payment_method="CHK",
        payment_date=day,
        trace_number=f"DEMO{day:%Y%m%d}001",
        payer_name="DEMO PAYER",
        payer_id="9999999999",
        payee_name="DEMO FACILITY",
        payee_npi=None,
        claims=tuple(payments),
        provider_adjustments=(),
        position=0,
    )


def ensure_exchange(facility: Facility, now: dt.datetime) -> SubmissionBatch | None:
    """Once: accept some ready claims of ``facility``, submit them, attach a 999, post an 835."""
    if SubmissionBatch.objects.filter(facility=facility).exists():
        return None
    # the latest ready claims at least two weeks old: the batch went out and its 835 came back
    # in the last weeks, so its denials are recent work, as a real office's are
    sent_by = now.date() - dt.timedelta(days=14)
    ready = list(
        Claim.objects.filter(facility=facility, status=ClaimStatus.READY, session__service_date__lte=sent_by).order_by(
            "-session__service_date", "pk"
        )[:DEMO_BATCH_CLAIMS]
    )
    for claim in ready:
        claim.status = ClaimStatus.ACCEPTED
        claim.save(update_fields=["status", "updated_at"])
    result = submit_claims(facility, None, claim_ids=[c.pk for c in ready], now=now)
    batch = result.batch
    assert batch is not None
    attach_acknowledgment(_ack_999(batch, now).encode(), None)
    partner = TradingPartner.objects.get(facility=facility)
    sent = []
    for submitted in SubmittedClaim.objects.filter(batch=batch).select_related(
        "claim__facility", "claim__patient", "claim__session__coverage", "claim__current_version"
    ):
        lines = list(ClaimLine.objects.filter(version_id=submitted.version_id).order_by("position"))
        sent.append(outgoing_claim(submitted.claim, lines, partner))
    day = now.date()
    text = write_835(
        [demo_remittance(sent, day)],
        parties=PAYER_PARTIES,
        payer=PayerDetails(out.Address("1 PAYER WAY", "COLUMBUS", "OH", "43215"), "PROVIDER SERVICES", "5555550199"),
        control=out.ControlNumbers(interchange=batch.interchange_control, group=batch.group_control),
        created=now,
    )
    post_remittance(text.encode(), "demo.835", None)
    return batch
