"""Writes professional claims: loop 2300 (CLM, REF*G1, HI) and loop 2400 (LX, SV1, DTP*472, REF*6R)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from coolclaim.claims.matching import line_control_number
from coolclaim.claims.model import BillingProvider, Claim, ClaimKind, ClaimLine, ControlNumbers, TradingPartners
from coolclaim.x12.loops_837 import write_837
from coolclaim.x12.writing import TERMINATOR, amount, clean, d8, segment

VERSION = "005010X222A1"
MAX_DIAGNOSES = 12


def _procedure(line: ClaimLine) -> str:
    return ":".join(("HC", line.code, *line.modifiers))


@lru_cache(maxsize=256)
def _pointers(pointers: tuple[int, ...]) -> str:
    return ":".join(map(str, pointers))


def loop_2400(claim: Claim, line: ClaimLine, ordinal: int) -> list[str]:
    """LX, SV1, DTP*472 and REF*6R of one line (one list item per segment: SE01 counts them)."""
    return [
        f"LX*{ordinal}{TERMINATOR}",
        f"SV1*{_procedure(line)}*{amount(line.charge)}*UN*{amount(line.units)}***{_pointers(line.diagnosis_pointers)}"
        f"{TERMINATOR}",
        f"DTP*472*D8*{d8(line.service_date)}{TERMINATOR}",
        f"REF*6R*{clean(line_control_number(claim.claim_id, line.line_number))}{TERMINATOR}",
    ]


def loop_2300(claim: Claim) -> list[str]:
    """One claim with its service lines."""
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        raise ValueError(f"claim {claim.claim_id}: {len(claim.diagnoses)} diagnoses, an 837P holds {MAX_DIAGNOSES}")
    out = [
        segment(
            "CLM",
            clean(claim.claim_id),
            amount(claim.total_charge),
            "",
            "",
            f"{claim.place_of_service}:B:{claim.frequency}",
            "Y" if claim.signature_on_file else "N",
            "A" if claim.assignment_accepted else "C",
            "Y",
            "Y",
        )
    ]
    if claim.prior_authorization:
        out.append(f"REF*G1*{clean(claim.prior_authorization)}{TERMINATOR}")
    if claim.payer_claim_number:
        out.append(f"REF*F8*{clean(claim.payer_claim_number)}{TERMINATOR}")
    codes = [f"ABK:{claim.diagnoses[0]}", *(f"ABF:{code}" for code in claim.diagnoses[1:])]
    out.append("HI*" + "*".join(codes) + TERMINATOR)
    for ordinal, line in enumerate(claim.lines, start=1):
        out += loop_2400(claim, line, ordinal)
    return out


def write_837p(
    claims: Sequence[Claim],
    *,
    partners: TradingPartners,
    provider: BillingProvider,
    control: ControlNumbers,
    created: datetime,
) -> str:
    """An 837P interchange (ISA...IEA) holding `claims`, all professional."""
    return write_837(
        claims,
        kind=ClaimKind.PROFESSIONAL,
        version=VERSION,
        partners=partners,
        provider=provider,
        control=control,
        created=created,
        claim_loops=loop_2300,
    )
