"""Reads a 277CA: which claims the payer (or clearinghouse) took in, and which it returned, why.

Loops: 2000A/2100A information source (payer), 2000B/2100B receiver (us), 2000C/2100C
provider, 2000D/2100D patient with 2200D claim status (TRN*2 echoes our CLM01, STC the
status, REF*1K the payer's claim number) and 2220D line status (SVC, STC, REF*FJ our line
control number). A claim is accepted when its status category is A1, A2 or A5; any other
category (A3 returned as unprocessable, A4 not found, A6/A7/A8 rejected) sends it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from coolclaim.x12.errors import X12Error
from coolclaim.x12.interchange import Segment, TransactionSet, only_transactions, read_interchange
from coolclaim.x12.values import money

VERSION = "005010X214"
ACCEPTED_CATEGORIES = frozenset({"A1", "A2", "A5"})
CATEGORIES = {
    "A0": "forwarded to another entity",
    "A1": "received",
    "A2": "accepted into adjudication",
    "A3": "returned as unprocessable",
    "A4": "not found",
    "A5": "split",
    "A6": "rejected: missing information",
    "A7": "rejected: invalid information",
    "A8": "rejected: relational field in error",
}


@dataclass(frozen=True, slots=True)
class Status:
    """One STC composite: category (A2), status code (20) and entity (PR), as sent."""

    category: str
    code: str
    entity: str

    @property
    def text(self) -> str:
        category = CATEGORIES.get(self.category, f"category {self.category}")
        return f"{category} (status code {self.code}{', entity ' + self.entity if self.entity else ''})"


@dataclass(frozen=True, slots=True)
class LineAcknowledgment:
    line_control: str  # REF*FJ
    code: str
    statuses: tuple[Status, ...]
    position: int


@dataclass(frozen=True, slots=True)
class ClaimAcknowledgment:
    claim_id: str  # TRN02 of 2200D, our CLM01
    statuses: tuple[Status, ...]
    charge: Decimal | None  # STC04
    payer_claim_number: str  # REF*1K
    lines: tuple[LineAcknowledgment, ...]
    position: int  # TRN segment

    @property
    def accepted(self) -> bool:
        return bool(self.statuses) and self.statuses[0].category in ACCEPTED_CATEGORIES

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.statuses)


def _statuses(segment: Segment, component: str) -> list[Status]:
    found = []
    for index in (1, 10, 11):
        composite = segment.get(index)
        if composite:
            parts = [*composite.split(component), "", ""]
            found.append(Status(parts[0], parts[1], parts[2]))
    if not found:
        raise X12Error("STC", segment.position, "STC01 (the claim status) is missing")
    return found


@dataclass(slots=True)
class _Claim:
    trn: Segment
    statuses: list[Status] = field(default_factory=list)
    charge: Decimal | None = None
    payer_claim_number: str = ""
    lines: list[tuple[Segment, list[Status], str]] = field(default_factory=list)


def _read(transaction: TransactionSet, component: str) -> tuple[ClaimAcknowledgment, ...]:
    claims: list[_Claim] = []
    level = ""
    claim: _Claim | None = None
    for segment in transaction.segments:
        tag = segment.tag
        if tag == "HL":
            level = segment.get(3)
            claim = None
        elif tag == "TRN" and level == "PT" and segment.get(1) == "2":
            claim = _Claim(segment)
            claims.append(claim)
        elif tag == "SVC" and claim is not None:
            claim.lines.append((segment, [], ""))
        elif tag == "STC" and claim is not None:
            statuses = _statuses(segment, component)
            if claim.lines:
                claim.lines[-1][1].extend(statuses)
            else:
                claim.statuses.extend(statuses)
                if segment.get(4):
                    claim.charge = money(segment, 4)
        elif tag == "REF" and claim is not None:
            if segment.get(1) == "1K" and not claim.lines:
                claim.payer_claim_number = segment.get(2)
            elif segment.get(1) == "FJ" and claim.lines:
                svc, statuses, _ = claim.lines[-1]
                claim.lines[-1] = (svc, statuses, segment.get(2))
    result = []
    for c in claims:
        if not c.trn.get(2):
            raise X12Error("TRN", c.trn.position, "TRN02 (our claim id) is missing")
        if not c.statuses:
            raise X12Error("STC", c.trn.position, f"claim {c.trn.get(2)} has no status (STC)")
        result.append(
            ClaimAcknowledgment(
                claim_id=c.trn.get(2),
                statuses=tuple(c.statuses),
                charge=c.charge,
                payer_claim_number=c.payer_claim_number,
                lines=tuple(
                    LineAcknowledgment(
                        ref, svc.get(1).split(component)[1] if component in svc.get(1) else "", tuple(st), svc.position
                    )
                    for svc, st, ref in c.lines
                ),
                position=c.trn.position,
            )
        )
    return tuple(result)


def read_277ca(text: str) -> tuple[ClaimAcknowledgment, ...]:
    """Every claim acknowledged in a 277CA file, in file order."""
    interchange = read_interchange(text)
    component = interchange.separators.component
    return tuple(claim for t in only_transactions(interchange, "277", (VERSION,)) for claim in _read(t, component))
