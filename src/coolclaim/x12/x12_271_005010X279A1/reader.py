"""Reads a 271 into one `Eligibility` per person asked about (subscriber or dependent).

Loops: 2000A/2100A payer, 2000B/2100B provider, 2000C/2100C subscriber, 2000D/2100D
dependent, each with TRN (our trace), NM1, AAA (a request the payer could not answer) and
the 2110C/2110D benefits (EB). The summary the benefits investigation needs (active coverage,
deductible, coinsurance, copay, out-of-pocket and what remains of them) is read from the EB
rows: EB01 C deductible, A coinsurance, B copay, G out-of-pocket; EB06 29 marks "remaining".
pyx12 has no 271 map; the tests check the structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from coolclaim.x12.errors import X12Error
from coolclaim.x12.interchange import Segment, TransactionSet, only_transactions, read_interchange
from coolclaim.x12.values import money

VERSION = "005010X279A1"
# Some senders still put the pre-errata identifier in ST03 while GS08 says 005010X279A1.
ACCEPTED_VERSIONS = (VERSION, "005010X279")
REMAINING = "29"


@dataclass(frozen=True, slots=True)
class Benefit:
    """One EB row."""

    information: str  # EB01: 1 active, 6 inactive, A coinsurance, B copay, C deductible, G out of pocket, ...
    coverage_level: str  # EB02: IND, FAM, ...
    service_types: tuple[str, ...]  # EB03 (repeats)
    insurance_type: str  # EB04
    plan: str  # EB05
    period: str  # EB06: 23 calendar year, 29 remaining, ...
    amount: Decimal | None  # EB07
    percent: Decimal | None  # EB08 (0.2 = 20%)
    in_network: str  # EB12: Y, N, W (not applicable)
    position: int


@dataclass(frozen=True, slots=True)
class Eligibility:
    trace: str  # TRN02 of our 270
    member_id: str
    last_name: str
    first_name: str
    dependent: bool
    payer_name: str
    benefits: tuple[Benefit, ...]
    rejections: tuple[str, ...]  # AAA03 reject reasons (e.g. 72 invalid member id)
    position: int  # the NM1 of the person

    @property
    def active(self) -> bool | None:
        """True when a row says active coverage, False when one says inactive, None when none says."""
        codes = {b.information for b in self.benefits}
        if "1" in codes:
            return True
        if codes & {"6", "7", "8"}:
            return False
        return None

    def _amount(self, information: str, remaining: bool, level: str = "IND") -> Decimal | None:
        for benefit in self.benefits:
            if (
                benefit.information == information
                and (benefit.period == REMAINING) == remaining
                and benefit.coverage_level in ("", level)
                and benefit.in_network in ("", "Y", "W")
                and benefit.amount is not None
            ):
                return benefit.amount
        return None

    @property
    def deductible(self) -> Decimal | None:
        return self._amount("C", remaining=False)

    @property
    def deductible_remaining(self) -> Decimal | None:
        return self._amount("C", remaining=True)

    @property
    def out_of_pocket(self) -> Decimal | None:
        return self._amount("G", remaining=False)

    @property
    def out_of_pocket_remaining(self) -> Decimal | None:
        return self._amount("G", remaining=True)

    @property
    def copay(self) -> Decimal | None:
        return self._amount("B", remaining=False)

    @property
    def coinsurance(self) -> Decimal | None:
        for benefit in self.benefits:
            if benefit.information == "A" and benefit.percent is not None and benefit.in_network in ("", "Y", "W"):
                return benefit.percent
        return None


@dataclass(slots=True)
class _Person:
    nm1: Segment
    dependent: bool
    trace: str
    benefits: list[Benefit] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)


def _benefit(segment: Segment, repetition: str) -> Benefit:
    if not segment.get(1):
        raise X12Error("EB", segment.position, "EB01 (the benefit information code) is missing")
    percent = segment.get(8)
    return Benefit(
        information=segment.get(1),
        coverage_level=segment.get(2),
        service_types=tuple(s for s in segment.get(3).split(repetition or "^") if s) if segment.get(3) else (),
        insurance_type=segment.get(4),
        plan=segment.get(5),
        period=segment.get(6),
        amount=money(segment, 7) if segment.get(7) else None,
        percent=money(segment, 8) if percent else None,
        in_network=segment.get(12),
        position=segment.position,
    )


def _read(transaction: TransactionSet, repetition: str) -> list[Eligibility]:
    people: list[_Person] = []
    payer_name = ""
    level = ""
    trace = ""
    person: _Person | None = None
    for segment in transaction.segments:
        tag = segment.tag
        if tag == "HL":
            level = segment.get(3)
            trace = ""
            person = None
        elif tag == "TRN" and level in ("22", "23"):
            trace = segment.get(2)
        elif tag == "NM1":
            if level == "20" and segment.get(1) == "PR":
                payer_name = segment.get(3)
            elif level in ("22", "23") and person is None:
                person = _Person(segment, level == "23", trace)
                people.append(person)
        elif tag == "AAA" and person is not None:
            person.rejections.append(segment.get(3))
        elif tag == "EB":
            if person is None:
                raise X12Error("EB", segment.position, "a benefit (EB) before any subscriber or dependent (NM1)")
            person.benefits.append(_benefit(segment, repetition))
    return [
        Eligibility(
            trace=p.trace,
            member_id=p.nm1.get(9),
            last_name=p.nm1.get(3),
            first_name=p.nm1.get(4),
            dependent=p.dependent,
            payer_name=payer_name,
            benefits=tuple(p.benefits),
            rejections=tuple(p.rejections),
            position=p.nm1.position,
        )
        for p in people
    ]


def read_271(text: str) -> tuple[Eligibility, ...]:
    """Every person answered for in a 271 file, in file order."""
    interchange = read_interchange(text)
    repetition = interchange.separators.repetition
    return tuple(e for t in only_transactions(interchange, "271", ACCEPTED_VERSIONS) for e in _read(t, repetition))
