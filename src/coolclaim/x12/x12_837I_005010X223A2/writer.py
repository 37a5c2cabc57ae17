"""Writes institutional claims: loop 2300 (CLM, DTP*434, CL1, REF*G1, HI, 2310A attending) and
loop 2400 (LX, SV2 with the revenue code, DTP*472, REF*6R).

The type of bill 0131 goes into CLM05 as facility type `13`, qualifier `A` and frequency `1`
(`13:A:1`); the leading 0 of the four-digit form is not sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from coolclaim.claims.matching import line_control_number
from coolclaim.claims.model import BillingProvider, Claim, ClaimKind, ClaimLine, ControlNumbers, TradingPartners
from coolclaim.x12.loops_837 import write_837
from coolclaim.x12.writing import TERMINATOR, amount, clean, d8, segment

VERSION = "005010X223A2"
DIAGNOSES_PER_HI = 12
MAX_OTHER_DIAGNOSES = 24


def facility_code(type_of_bill: str) -> tuple[str, str]:
    """(facility type code, frequency) from a four-digit type of bill such as 0131."""
    digits = type_of_bill[1:] if len(type_of_bill) == 4 and type_of_bill[0] == "0" else type_of_bill
    if len(digits) != 3 or not digits.isdigit():
        raise ValueError(f"type of bill {type_of_bill!r} is not 0 followed by three digits (e.g. 0131)")
    return digits[:2], digits[2]


def loop_2400(claim: Claim, line: ClaimLine, ordinal: int) -> list[str]:
    procedure = ":".join(("HC", line.code, *line.modifiers))
    return [
        f"LX*{ordinal}{TERMINATOR}",
        f"SV2*{line.revenue_code}*{procedure}*{amount(line.charge)}*UN*{amount(line.units)}{TERMINATOR}",
        f"DTP*472*D8*{d8(line.service_date)}{TERMINATOR}",
        f"REF*6R*{clean(line_control_number(claim.claim_id, line.line_number))}{TERMINATOR}",
    ]


def loop_2300(claim: Claim) -> list[str]:
    """One claim with its service lines."""
    if claim.attending_npi is None or claim.attending_name is None:
        raise ValueError(f"claim {claim.claim_id}: an outpatient 837I needs the attending provider (2310A)")
    others = claim.diagnoses[1:]
    if len(others) > MAX_OTHER_DIAGNOSES:
        raise ValueError(f"claim {claim.claim_id}: {len(others)} other diagnoses, an 837I holds {MAX_OTHER_DIAGNOSES}")
    facility, frequency = facility_code(claim.type_of_bill)
    if claim.frequency != frequency:
        raise ValueError(
            f"claim {claim.claim_id}: frequency {claim.frequency} differs from type of bill {claim.type_of_bill}"
        )
    out = [
        segment(
            "CLM",
            clean(claim.claim_id),
            amount(claim.total_charge),
            "",
            "",
            f"{facility}:A:{frequency}",
            "",
            "A" if claim.assignment_accepted else "C",
            "Y",
            "Y",
        ),
        f"DTP*434*RD8*{d8(claim.first_service_date)}-{d8(claim.last_service_date)}{TERMINATOR}",
        f"CL1*{claim.admission_type}**{claim.patient_status}{TERMINATOR}",
    ]
    if claim.prior_authorization:
        out.append(f"REF*G1*{clean(claim.prior_authorization)}{TERMINATOR}")
    if claim.payer_claim_number:
        out.append(f"REF*F8*{clean(claim.payer_claim_number)}{TERMINATOR}")
    out.append(f"HI*ABK:{claim.diagnoses[0]}{TERMINATOR}")
    for start in range(0, len(others), DIAGNOSES_PER_HI):
        chunk = others[start : start + DIAGNOSES_PER_HI]
        out.append("HI*" + "*".join(f"ABF:{code}" for code in chunk) + TERMINATOR)
    last, first = claim.attending_name
    out.append(segment("NM1", "71", "1", clean(last), clean(first), "", "", "", "XX", claim.attending_npi))
    for ordinal, line in enumerate(claim.lines, start=1):
        out += loop_2400(claim, line, ordinal)
    return out


def write_837i(
    claims: Sequence[Claim],
    *,
    partners: TradingPartners,
    provider: BillingProvider,
    control: ControlNumbers,
    created: datetime,
) -> str:
    """An 837I interchange (ISA...IEA) holding `claims`, all institutional."""
    return write_837(
        claims,
        kind=ClaimKind.INSTITUTIONAL,
        version=VERSION,
        partners=partners,
        provider=provider,
        control=control,
        created=created,
        claim_loops=loop_2300,
    )
