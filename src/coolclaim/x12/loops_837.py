"""The loops the 837P (005010X222A1) and 837I (005010X223A2) share, and the driver that nests them.

Header (BHT, 1000A submitter, 1000B receiver), 2000A/2010AA billing provider, 2000B/2010BA
subscriber, 2010BB payer, 2000C/2010CA patient. Claims are grouped by subscriber and patient
in the order they are given: one 2000B per (subscriber, patient) pair, a 2000C under it when
the patient is a dependent. At most `MAX_CLAIMS_PER_TRANSACTION` claims go in one ST...SE
(the guides' recommended limit); a larger batch gets several transaction sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from coolclaim.claims.model import (
    Address,
    BillingProvider,
    Claim,
    ClaimKind,
    ControlNumbers,
    Patient,
    Person,
    Subscriber,
    TradingPartners,
)
from coolclaim.x12.writing import TERMINATOR, EnvelopeParties, clean, d8, envelope, segment

MAX_CLAIMS_PER_TRANSACTION = 5000

ClaimLoops = Callable[[Claim], list[str]]


def parties(partners: TradingPartners) -> EnvelopeParties:
    return EnvelopeParties(
        sender_qualifier=partners.sender_qualifier,
        sender_id=partners.sender_id,
        receiver_qualifier=partners.receiver_qualifier,
        receiver_id=partners.receiver_id,
        application_sender=partners.application_sender,
        application_receiver=partners.application_receiver,
        production=partners.production,
        acknowledgment_requested=partners.acknowledgment_requested,
    )


def address_segments(address: Address) -> list[str]:
    return [
        segment("N3", clean(address.line1), clean(address.line2 or "")),
        segment("N4", clean(address.city), address.state, address.postal_code),
    ]


def header(partners: TradingPartners, reference: str, created: datetime) -> list[str]:
    """BHT, loop 1000A (submitter) and loop 1000B (receiver)."""
    contact = partners.submitter_contact
    per = ["PER", "IC", clean(contact.name), "TE", contact.phone]
    if contact.email:
        per += ["EM", clean(contact.email)]
    return [
        segment("BHT", "0019", "00", clean(reference), f"{created:%Y%m%d}", f"{created:%H%M}", "CH"),
        segment("NM1", "41", "2", clean(partners.submitter_name), "", "", "", "", "46", clean(partners.submitter_id)),
        segment(*per),
        segment(
            "NM1", "40", "2", clean(partners.receiver_name), "", "", "", "", "46", clean(partners.receiver_id_code)
        ),
    ]


def loop_2000a(provider: BillingProvider) -> list[str]:
    """Billing provider hierarchical level with loop 2010AA."""
    out = [
        segment("HL", "1", "", "20", "1"),
        segment("PRV", "BI", "PXC", provider.taxonomy),
        segment("NM1", "85", "2", clean(provider.name), "", "", "", "", "XX", provider.npi),
        *address_segments(provider.address),
        segment("REF", "EI", provider.tin),
    ]
    if provider.contact is not None:
        out.append(segment("PER", "IC", clean(provider.contact.name), "TE", provider.contact.phone))
    return out


def _person_name(qualifier: str, person: Person, id_qualifier: str = "", identifier: str = "") -> str:
    return segment(
        "NM1",
        qualifier,
        "1",
        clean(person.last_name),
        clean(person.first_name),
        clean(person.middle_name or ""),
        "",
        "",
        id_qualifier,
        identifier,
    )


def _demographics(person: Person) -> str:
    return f"DMG*D8*{d8(person.birth_date)}*{person.sex}{TERMINATOR}"


def loop_2000b(hl: int, subscriber: Subscriber, has_dependent: bool) -> list[str]:
    """Subscriber hierarchical level: SBR, loop 2010BA (subscriber) and 2010BB (payer)."""
    payer = subscriber.payer
    person = subscriber.person
    out = [
        segment("HL", str(hl), "1", "22", "1" if has_dependent else "0"),
        segment(
            "SBR",
            subscriber.payer_responsibility,
            "" if has_dependent else "18",
            clean(subscriber.group_number or ""),
            "",
            "",
            "",
            "",
            "",
            payer.claim_filing_indicator,
        ),
        _person_name("IL", person, "MI", clean(subscriber.member_id)),
        *address_segments(person.address),
        _demographics(person),
        segment("NM1", "PR", "2", clean(payer.name), "", "", "", "", "PI", clean(payer.payer_id)),
    ]
    if payer.address is not None:
        out += address_segments(payer.address)
    return out


def loop_2000c(hl: int, parent: int, patient: Patient) -> list[str]:
    """Patient hierarchical level (a dependent): PAT and loop 2010CA."""
    person = patient.person
    return [
        segment("HL", str(hl), str(parent), "23", "0"),
        segment("PAT", patient.relationship),
        _person_name("QC", person),
        *address_segments(person.address),
        _demographics(person),
    ]


def transaction_body(
    claims: Sequence[Claim],
    *,
    partners: TradingPartners,
    provider: BillingProvider,
    reference: str,
    created: datetime,
    claim_loops: ClaimLoops,
) -> list[str]:
    """Everything between ST and SE for one transaction set."""
    body = header(partners, reference, created) + loop_2000a(provider)
    groups: dict[tuple[Subscriber, Patient | None], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.subscriber, claim.patient), []).append(claim)
    hl = 1
    for (subscriber, patient), grouped in groups.items():
        hl += 1
        subscriber_hl = hl
        body += loop_2000b(subscriber_hl, subscriber, patient is not None)
        if patient is not None:
            hl += 1
            body += loop_2000c(hl, subscriber_hl, patient)
        for claim in grouped:
            body += claim_loops(claim)
    return body


def write_837(
    claims: Sequence[Claim],
    *,
    kind: ClaimKind,
    version: str,
    partners: TradingPartners,
    provider: BillingProvider,
    control: ControlNumbers,
    created: datetime,
    claim_loops: ClaimLoops,
) -> str:
    """A whole 837 interchange of one kind of claim."""
    if not claims:
        raise ValueError("no claims to write")
    for claim in claims:
        if claim.kind is not kind:
            raise ValueError(f"claim {claim.claim_id} is {claim.kind.value}, not {kind.value}")
    reference = control.batch_reference or str(control.interchange)
    bodies = [
        transaction_body(
            claims[start : start + MAX_CLAIMS_PER_TRANSACTION],
            partners=partners,
            provider=provider,
            reference=reference if start == 0 else f"{reference}-{start // MAX_CLAIMS_PER_TRANSACTION + 1}",
            created=created,
            claim_loops=claim_loops,
        )
        for start in range(0, len(claims), MAX_CLAIMS_PER_TRANSACTION)
    ]
    return envelope(
        parties(partners),
        interchange=control.interchange,
        group=control.group,
        first_transaction=control.first_transaction,
        created=created,
        functional_id="HC",
        transaction_code="837",
        version=version,
        bodies=bodies,
    )


def claims_by_transaction(text: str) -> dict[str, str]:
    """CLM01 of every claim in an 837 we wrote, mapped to the ST02 of its transaction set (a
    999 accepts or rejects each transaction set, IK5 under AK2 naming its ST02)."""
    found: dict[str, str] = {}
    control = ""
    for raw in text.split("~"):
        line = raw.strip()
        if line.startswith("ST*"):
            control = line.split("*")[2] if line.count("*") >= 2 else ""
        elif line.startswith("CLM*"):
            found[line.split("*")[1]] = control
    return found
