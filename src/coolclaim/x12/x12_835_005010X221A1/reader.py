"""Reads an 835 into `Remittance` records, checking the envelope first.

Loops of the guide and what becomes of them: header (BPR payment, TRN trace), 1000A payer
(N1*PR), 1000B payee (N1*PE), 2000 header number (LX, ignored), 2100 claim payment (CLP, CAS,
NM1*QC, MOA, DTM*232/233) -> `ClaimPayment`, 2110 service payment (SVC, DTM*472, CAS, REF*6R,
LQ*HE) -> `ServicePayment`, and the provider adjustments (PLB). A value that is not an amount
or a date, a missing required segment or a segment where it cannot be raises `X12Error`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coolclaim.claims.remittance import (
    Adjustment,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from coolclaim.x12.errors import X12Error
from coolclaim.x12.interchange import Segment, TransactionSet, only_transactions, read_interchange
from coolclaim.x12.values import ccyymmdd, money

VERSION = "005010X221A1"
_SERVICE_DATES = ("472", "150")


def adjustments(segment: Segment) -> list[Adjustment]:
    """The up to six reason/amount/quantity triples of one CAS."""
    group = segment.get(1)
    if group not in ("CO", "CR", "OA", "PI", "PR"):
        raise X12Error("CAS", segment.position, f"CAS01 group code {group!r} is not CO, CR, OA, PI or PR")
    found: list[Adjustment] = []
    for start in range(2, 20, 3):
        reason = segment.get(start)
        if not reason:
            continue
        quantity = segment.get(start + 2)
        found.append(
            Adjustment(group, reason, money(segment, start + 1), money(segment, start + 2) if quantity else None)
        )
    if not found:
        raise X12Error("CAS", segment.position, "CAS02 (the first reason code) is missing")
    return found


def procedure(segment: Segment, index: int, component: str) -> tuple[str, tuple[str, ...]]:
    parts = segment.get(index).split(component)
    if len(parts) < 2 or parts[0] not in ("HC", "AD", "ER", "HP", "IV", "N4", "NU", "WK", "ZZ") or not parts[1]:
        raise X12Error(
            segment.tag,
            segment.position,
            f"{segment.tag}{index:02d} {segment.get(index)!r} is not a qualified procedure (e.g. HC:97007)",
        )
    return parts[1], tuple(m for m in parts[2:6] if m)


@dataclass(slots=True)
class _Loop2110:
    svc: Segment
    code: str
    modifiers: tuple[str, ...]
    submitted: tuple[str, tuple[str, ...]] | None
    service_date: date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    line_control: str | None = None

    def build(self) -> ServicePayment:
        svc = self.svc
        units = svc.get(5)
        return ServicePayment(
            code=self.code,
            modifiers=self.modifiers,
            charge=money(svc, 2),
            paid=money(svc, 3),
            units=money(svc, 5) if units else Decimal(1),
            service_date=self.service_date,
            adjustments=tuple(self.adjustments),
            remarks=tuple(self.remarks),
            position=svc.position,
            line_control=self.line_control,
            submitted_code=self.submitted[0] if self.submitted else None,
            submitted_modifiers=self.submitted[1] if self.submitted else None,
            revenue_code=svc.get(4) or None,
        )


@dataclass(slots=True)
class _Loop2100:
    clp: Segment
    adjustments: list[Adjustment] = field(default_factory=list)
    services: list[_Loop2110] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    statement_from: date | None = None
    statement_to: date | None = None
    patient: Segment | None = None

    def build(self) -> ClaimPayment:
        clp = self.clp
        claim_id = clp.get(1)
        if not claim_id:
            raise X12Error("CLP", clp.position, "CLP01 (the claim id we sent) is missing")
        status = clp.get(2)
        if not status:
            raise X12Error("CLP", clp.position, "CLP02 (claim status) is missing")
        patient = self.patient
        return ClaimPayment(
            claim_id=claim_id,
            status=status,
            charge=money(clp, 3),
            paid=money(clp, 4),
            patient_responsibility=money(clp, 5) if clp.get(5) else None,
            payer_claim_number=clp.get(7),
            adjustments=tuple(self.adjustments),
            services=tuple(s.build() for s in self.services),
            position=clp.position,
            remarks=tuple(self.remarks),
            statement_from=self.statement_from,
            statement_to=self.statement_to,
            patient_last_name=patient.get(3) if patient else "",
            patient_first_name=patient.get(4) if patient else "",
            member_id=patient.get(9) if patient else "",
            filing_indicator=clp.get(6),
        )


def _read_transaction(transaction: TransactionSet, component: str) -> Remittance:
    bpr: Segment | None = None
    trace: Segment | None = None
    payer: Segment | None = None
    payee: Segment | None = None
    claims: list[_Loop2100] = []
    claim: _Loop2100 | None = None
    service: _Loop2110 | None = None
    provider_adjustments: list[ProviderAdjustment] = []
    for segment in transaction.segments:
        tag = segment.tag
        if tag == "SVC":
            if claim is None:
                raise X12Error("SVC", segment.position, "a service payment (SVC) before any claim payment (CLP)")
            code, modifiers = procedure(segment, 1, component)
            submitted = procedure(segment, 6, component) if segment.get(6) else None
            service = _Loop2110(segment, code, modifiers, submitted)
            claim.services.append(service)
        elif tag == "CAS":
            if claim is None:
                raise X12Error("CAS", segment.position, "an adjustment (CAS) outside any claim payment")
            (service.adjustments if service is not None else claim.adjustments).extend(adjustments(segment))
        elif tag == "DTM":
            qualifier = segment.get(1)
            if service is not None and qualifier in _SERVICE_DATES:
                service.service_date = ccyymmdd(segment, 2)
            elif claim is not None and service is None and qualifier == "232":
                claim.statement_from = ccyymmdd(segment, 2)
            elif claim is not None and service is None and qualifier == "233":
                claim.statement_to = ccyymmdd(segment, 2)
        elif tag == "CLP":
            claim = _Loop2100(segment)
            service = None
            claims.append(claim)
        elif tag == "REF":
            if service is not None and segment.get(1) == "6R":
                service.line_control = segment.get(2)
        elif tag == "LQ":
            if service is not None and segment.get(1) == "HE":
                service.remarks.append(segment.get(2))
        elif tag == "NM1":
            if claim is not None and service is None and segment.get(1) == "QC":
                claim.patient = segment
        elif tag == "MOA":
            if claim is not None:
                claim.remarks.extend(r for r in segment.elements[3:8] if r)
        elif tag == "LX":
            claim = None
            service = None
        elif tag == "PLB":
            claim = None
            service = None
            for start in range(3, 15, 2):
                if segment.get(start):
                    reason, _, reference = segment.get(start).partition(component)
                    provider_adjustments.append(
                        ProviderAdjustment(reason, reference, money(segment, start + 1), segment.position)
                    )
        elif tag == "BPR":
            bpr = segment
        elif tag == "TRN":
            trace = segment if trace is None else trace
        elif tag == "N1":
            if segment.get(1) == "PR":
                payer = segment
            elif segment.get(1) == "PE":
                payee = segment
    first = transaction.segments[0] if transaction.segments else None
    where = first.position if first else transaction.position + 1
    if bpr is None:
        raise X12Error("BPR", where, "the 835 has no BPR (financial information) segment")
    if trace is None or not trace.get(2):
        raise X12Error("TRN", where, "the 835 has no TRN trace number (the check or EFT number)")
    if payer is None:
        raise X12Error("N1", where, "the 835 has no payer (N1*PR)")
    if payee is None:
        raise X12Error("N1", where, "the 835 has no payee (N1*PE)")
    credit_debit = bpr.get(3)
    if credit_debit not in ("C", "D"):
        raise X12Error("BPR", bpr.position, f"BPR03 {credit_debit!r} is not C (credit) or D (debit)")
    return Remittance(
        payment_amount=money(bpr, 2),
        credit_debit=credit_debit,
        payment_method=bpr.get(4),
        payment_date=ccyymmdd(bpr, 16) if bpr.get(16) else None,
        trace_number=trace.get(2),
        payer_name=payer.get(2),
        payer_id=trace.get(3) or payer.get(4) or None,
        payee_name=payee.get(2),
        payee_npi=payee.get(4) if payee.get(3) == "XX" else None,
        claims=tuple(c.build() for c in claims),
        provider_adjustments=tuple(provider_adjustments),
        position=bpr.position,
    )


def read_835(text: str) -> tuple[Remittance, ...]:
    """Every remittance (transaction set) in an 835 file; raises `X12Error` for a bad file."""
    interchange = read_interchange(text)
    component = interchange.separators.component
    return tuple(
        _read_transaction(transaction, component) for transaction in only_transactions(interchange, "835", (VERSION,))
    )
