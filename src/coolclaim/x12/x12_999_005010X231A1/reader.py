"""Reads a 999: did the receiver accept our functional group and each transaction set, and if not why.

Loops: AK1 (the group acknowledged), 2000 AK2/IK5 (one transaction set), 2100 IK3 (a segment
in error), 2110 IK4 (an element in error), AK9 (the group's verdict). The positions in IK3
are the receiver's count within our transaction set (ST = 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coolclaim.x12.errors import X12Error
from coolclaim.x12.interchange import Segment, TransactionSet, only_transactions, read_interchange

VERSION = "005010X231A1"

STATUS = {
    "A": "accepted",
    "E": "accepted, with errors noted",
    "M": "rejected: the message authentication code failed",
    "P": "partially accepted: some transaction sets were rejected",
    "R": "rejected",
    "W": "rejected: assurance failed validity tests",
    "X": "rejected: content could not be analysed after decryption",
}
ACCEPTED = frozenset({"A", "E", "P"})

#: IK304: what is wrong with a segment.
SEGMENT_ERRORS = {
    "1": "unrecognized segment",
    "2": "unexpected segment",
    "3": "required segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
    "I4": "implementation 'not used' segment present",
    "I6": "implementation dependent segment missing",
    "I7": "implementation loop occurs under minimum times",
    "I8": "implementation segment below minimum use",
    "I9": "implementation dependent 'not used' segment present",
}

#: IK403: what is wrong with an element.
ELEMENT_ERRORS = {
    "1": "required data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
    "12": "too many repetitions",
    "13": "too many components",
    "I10": "implementation 'not used' data element present",
    "I11": "implementation too few repetitions",
    "I12": "implementation pattern match failure",
    "I13": "implementation dependent 'not used' data element present",
    "I6": "code value not used in implementation",
    "I9": "implementation dependent data element missing",
}


@dataclass(frozen=True, slots=True)
class ElementError:
    position: str  # IK401, e.g. "5" or "5:1"
    code: str  # IK403 syntax error code
    bad_value: str  # IK404


@dataclass(frozen=True, slots=True)
class SegmentError:
    segment: str  # IK301
    position: int  # IK302, within the transaction set (ST = 1)
    loop: str  # IK303
    code: str  # IK304
    elements: tuple[ElementError, ...]

    def describe(self) -> str:
        """In words, e.g. ``CLM at position 21 (loop 2300): segment has data element errors;
        element CLM05-1: invalid code value``."""
        text = f"{self.segment} at position {self.position}" + (f" (loop {self.loop})" if self.loop else "")
        text += ": " + SEGMENT_ERRORS.get(self.code, f"error {self.code}")
        for element in self.elements:
            where = element.position.replace(":", "-")
            place = f"{self.segment}{int(where.split('-')[0]):02d}" if where.split("-")[0].isdigit() else where
            if "-" in where:
                place += "-" + where.split("-", 1)[1]
            text += f"; element {place}: " + ELEMENT_ERRORS.get(element.code, f"error {element.code}")
        return text


@dataclass(frozen=True, slots=True)
class TransactionAcknowledgment:
    code: str  # AK201, e.g. 837
    control_number: str  # AK202, our ST02
    status: str  # IK501
    error_codes: tuple[str, ...]  # IK502..IK506
    errors: tuple[SegmentError, ...]

    @property
    def accepted(self) -> bool:
        return self.status in ("A", "E")


@dataclass(frozen=True, slots=True)
class GroupAcknowledgment:
    functional_id: str  # AK101
    group_control_number: str  # AK102, our GS06
    version: str  # AK103
    status: str  # AK901
    transactions_included: int
    transactions_received: int
    transactions_accepted: int
    error_codes: tuple[str, ...]
    transactions: tuple[TransactionAcknowledgment, ...]

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def status_text(self) -> str:
        return STATUS.get(self.status, f"unknown status {self.status}")


@dataclass(slots=True)
class _Loop2000:
    ak2: Segment
    errors: list[SegmentError] = field(default_factory=list)
    ik5: Segment | None = None


def _number(segment: Segment, index: int) -> int:
    text = segment.get(index)
    if not text.isdigit():
        raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} {text!r} is not a count")
    return int(text)


def _read(transaction: TransactionSet) -> GroupAcknowledgment:
    ak1: Segment | None = None
    ak9: Segment | None = None
    loops: list[_Loop2000] = []
    current: _Loop2000 | None = None
    for segment in transaction.segments:
        tag = segment.tag
        if tag == "AK1":
            ak1 = segment
        elif tag == "AK2":
            current = _Loop2000(segment)
            loops.append(current)
        elif tag == "IK3":
            if current is None:
                raise X12Error("IK3", segment.position, "a segment error (IK3) outside any transaction set (AK2)")
            current.errors.append(SegmentError(segment.get(1), _number(segment, 2), segment.get(3), segment.get(4), ()))
        elif tag == "IK4":
            if current is None or not current.errors:
                raise X12Error("IK4", segment.position, "an element error (IK4) without its segment error (IK3)")
            last = current.errors[-1]
            element = ElementError(segment.get(1), segment.get(3), segment.get(4))
            current.errors[-1] = SegmentError(
                last.segment, last.position, last.loop, last.code, (*last.elements, element)
            )
        elif tag == "IK5":
            if current is None:
                raise X12Error("IK5", segment.position, "a transaction set verdict (IK5) without its AK2")
            current.ik5 = segment
        elif tag == "AK9":
            ak9 = segment
    where = transaction.position
    if ak1 is None:
        raise X12Error("AK1", where + 1, "the 999 names no functional group (AK1)")
    if ak9 is None:
        raise X12Error("AK9", where, "the 999 has no group verdict (AK9)")
    acknowledgments = []
    for loop in loops:
        if loop.ik5 is None:
            raise X12Error("IK5", loop.ak2.position, f"transaction set {loop.ak2.get(2)} has no verdict (IK5)")
        acknowledgments.append(
            TransactionAcknowledgment(
                code=loop.ak2.get(1),
                control_number=loop.ak2.get(2),
                status=loop.ik5.get(1),
                error_codes=tuple(c for c in loop.ik5.elements[2:7] if c),
                errors=tuple(loop.errors),
            )
        )
    return GroupAcknowledgment(
        functional_id=ak1.get(1),
        group_control_number=ak1.get(2),
        version=ak1.get(3),
        status=ak9.get(1),
        transactions_included=_number(ak9, 2),
        transactions_received=_number(ak9, 3),
        transactions_accepted=_number(ak9, 4),
        error_codes=tuple(c for c in ak9.elements[5:10] if c),
        transactions=tuple(acknowledgments),
    )


def read_999(text: str) -> tuple[GroupAcknowledgment, ...]:
    """One acknowledgment per 999 transaction set in the file."""
    interchange = read_interchange(text)
    return tuple(_read(t) for t in only_transactions(interchange, "999", (VERSION,)))
