"""Writes eligibility inquiries: 2000A/2100A payer, 2000B/2100B provider, 2000C/2100C subscriber
and, for a dependent, 2000D/2100D; each asks for the service types given (EQ), on one date (DTP*291).

pyx12 has no 270 map, so the tests check the structure themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coolclaim.claims.model import BillingProvider, ControlNumbers, Patient, Subscriber, TradingPartners
from coolclaim.x12.loops_837 import parties
from coolclaim.x12.writing import clean, d8, envelope, segment

VERSION = "005010X279A1"


@dataclass(frozen=True, slots=True)
class EligibilityRequest:
    trace: str  # TRN02, echoed in the 271
    subscriber: Subscriber
    service_date: date
    patient: Patient | None = None  # a dependent; None when asking about the subscriber
    service_types: tuple[str, ...] = ("30",)  # EQ01: 30 health benefit plan coverage, 98 professional visit


def _inquiry(request: EligibilityRequest, trace_originator: str) -> list[str]:
    return [
        segment("TRN", "1", clean(request.trace), trace_originator),
    ]


def _questions(request: EligibilityRequest) -> list[str]:
    return [segment("DTP", "291", "D8", d8(request.service_date))] + [
        segment("EQ", code) for code in request.service_types
    ]


def _body(
    requests: Sequence[EligibilityRequest], provider: BillingProvider, reference: str, created: datetime
) -> list[str]:
    if not requests:
        raise ValueError("no eligibility requests to write")
    payer = requests[0].subscriber.payer
    for request in requests:
        if request.subscriber.payer != payer:
            raise ValueError(f"request {request.trace}: one 270 asks one payer ({payer.name})")
    originator = "1" + provider.tin
    body = [
        segment("BHT", "0022", "13", clean(reference), f"{created:%Y%m%d}", f"{created:%H%M}"),
        segment("HL", "1", "", "20", "1"),
        segment("NM1", "PR", "2", clean(payer.name), "", "", "", "", "PI", clean(payer.payer_id)),
        segment("HL", "2", "1", "21", "1"),
        segment("NM1", "1P", "2", clean(provider.name), "", "", "", "", "XX", provider.npi),
    ]
    hl = 2
    for request in requests:
        hl += 1
        subscriber_hl = hl
        person = request.subscriber.person
        dependent = request.patient is not None
        body += [
            segment("HL", str(subscriber_hl), "2", "22", "1" if dependent else "0"),
            *([] if dependent else _inquiry(request, originator)),
            segment(
                "NM1",
                "IL",
                "1",
                clean(person.last_name),
                clean(person.first_name),
                clean(person.middle_name or ""),
                "",
                "",
                "MI",
                clean(request.subscriber.member_id),
            ),
            segment("DMG", "D8", d8(person.birth_date), person.sex),
        ]
        if request.patient is None:
            body += _questions(request)
            continue
        hl += 1
        patient = request.patient.person
        body += [
            segment("HL", str(hl), str(subscriber_hl), "23", "0"),
            *_inquiry(request, originator),
            segment("NM1", "03", "1", clean(patient.last_name), clean(patient.first_name)),
            segment("DMG", "D8", d8(patient.birth_date), patient.sex),
            segment("INS", "N", request.patient.relationship),
            *_questions(request),
        ]
    return body


def write_270(
    requests: Sequence[EligibilityRequest],
    *,
    partners: TradingPartners,
    provider: BillingProvider,
    control: ControlNumbers,
    created: datetime,
) -> str:
    """A 270 interchange asking one payer about each request's subscriber or dependent."""
    reference = control.batch_reference or str(control.interchange)
    return envelope(
        parties(partners),
        interchange=control.interchange,
        group=control.group,
        first_transaction=control.first_transaction,
        created=created,
        functional_id="HS",
        transaction_code="270",
        version=VERSION,
        bodies=[_body(requests, provider, reference, created)],
    )
