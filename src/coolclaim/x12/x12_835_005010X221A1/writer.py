"""Writes an 835 from `Remittance` records: for the tests' round trips and the demo only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coolclaim.claims.model import Address, ControlNumbers
from coolclaim.claims.remittance import Adjustment, ClaimPayment, Remittance, ServicePayment
from coolclaim.x12.writing import EnvelopeParties, amount, clean, d8, envelope, segment

VERSION = "005010X221A1"


@dataclass(frozen=True, slots=True)
class PayerDetails:
    """What the 835 needs about the payer beyond `Remittance`: address and technical contact."""

    address: Address
    contact_name: str
    contact_phone: str


def _cas(adjustments: Sequence[Adjustment]) -> list[str]:
    out: list[str] = []
    by_group: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        by_group.setdefault(adjustment.group, []).append(adjustment)
    for group, rows in by_group.items():
        for start in range(0, len(rows), 6):
            elements = ["CAS", group]
            for row in rows[start : start + 6]:
                elements += [row.reason, amount(row.amount), amount(row.quantity) if row.quantity is not None else ""]
            out.append(segment(*elements))
    return out


def _procedure(code: str, modifiers: Sequence[str]) -> str:
    return ":".join(("HC", code, *modifiers))


def _service(service: ServicePayment) -> list[str]:
    submitted = ""
    if service.submitted_code is not None:
        submitted = _procedure(service.submitted_code, service.submitted_modifiers or ())
    out = [
        segment(
            "SVC",
            _procedure(service.code, service.modifiers),
            amount(service.charge),
            amount(service.paid),
            service.revenue_code or "",
            amount(service.units),
            submitted,
        )
    ]
    if service.service_date is not None:
        out.append(segment("DTM", "472", d8(service.service_date)))
    out += _cas(service.adjustments)
    if service.line_control:
        out.append(segment("REF", "6R", clean(service.line_control)))
    out += [segment("LQ", "HE", remark) for remark in service.remarks]
    return out


def _claim(claim: ClaimPayment) -> list[str]:
    out = [
        segment(
            "CLP",
            clean(claim.claim_id),
            claim.status,
            amount(claim.charge),
            amount(claim.paid),
            amount(claim.patient_responsibility) if claim.patient_responsibility is not None else "",
            claim.filing_indicator,
            clean(claim.payer_claim_number),
        )
    ]
    out += _cas(claim.adjustments)
    out.append(
        segment(
            "NM1",
            "QC",
            "1",
            clean(claim.patient_last_name),
            clean(claim.patient_first_name),
            "",
            "",
            "",
            "MI" if claim.member_id else "",
            clean(claim.member_id),
        )
    )
    if claim.remarks:
        out.append(segment("MOA", "", "", *claim.remarks[:5]))
    if claim.statement_from is not None:
        out.append(segment("DTM", "232", d8(claim.statement_from)))
    if claim.statement_to is not None:
        out.append(segment("DTM", "233", d8(claim.statement_to)))
    for service in claim.services:
        out += _service(service)
    return out


def _body(remittance: Remittance, payer: PayerDetails, produced: date) -> list[str]:
    payment_date = d8(remittance.payment_date or produced)
    body = [
        segment(
            "BPR",
            "I" if remittance.payment_amount else "H",
            amount(remittance.payment_amount),
            remittance.credit_debit,
            remittance.payment_method,
            *([""] * 11),
            payment_date,
        ),
        segment("TRN", "1", clean(remittance.trace_number), clean(remittance.payer_id or "1000000000")),
        segment("DTM", "405", d8(produced)),
        segment("N1", "PR", clean(remittance.payer_name)),
        segment("N3", clean(payer.address.line1), clean(payer.address.line2 or "")),
        segment("N4", clean(payer.address.city), payer.address.state, payer.address.postal_code),
        segment("PER", "BL", clean(payer.contact_name), "TE", payer.contact_phone),
        segment(
            "N1", "PE", clean(remittance.payee_name), "XX" if remittance.payee_npi else "", remittance.payee_npi or ""
        ),
    ]
    if remittance.claims:
        body.append(segment("LX", "1"))
        for claim in remittance.claims:
            body += _claim(claim)
    for adjustment in remittance.provider_adjustments:
        body.append(
            segment(
                "PLB",
                remittance.payee_npi or "0",
                f"{produced.year}1231",
                f"{adjustment.reason}:{clean(adjustment.reference)}" if adjustment.reference else adjustment.reason,
                amount(adjustment.amount),
            )
        )
    return body


def write_835(
    remittances: Sequence[Remittance],
    *,
    parties: EnvelopeParties,
    payer: PayerDetails,
    control: ControlNumbers,
    created: datetime,
) -> str:
    """An 835 interchange with one transaction set per remittance."""
    return envelope(
        parties,
        interchange=control.interchange,
        group=control.group,
        first_transaction=control.first_transaction,
        created=created,
        functional_id="HP",
        transaction_code="835",
        version=VERSION,
        bodies=[_body(r, payer, created.date()) for r in remittances],
        version_in_st=False,
    )
