"""A small X12 segment reader with envelope checks.

`read_interchange` takes the whole text of one interchange and returns its functional groups
and transaction sets as positioned segments, after checking what a truncated or damaged file
breaks first: the ISA's fixed width and separators, that every segment terminates, that the
envelope nests (ISA > GS > ST ... SE > GE > IEA), and the counts and control numbers in SE,
GE and IEA. Any failure raises `X12Error` naming the segment and its position; the caller
never sees half a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from coolclaim.x12.errors import X12Error

ISA_LENGTH = 106


@dataclass(frozen=True, slots=True)
class Separators:
    element: str
    component: str
    repetition: str
    segment: str


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its tag, its elements (index 0 is the tag, so `e[1]` is XX01) and position."""

    tag: str
    elements: list[str]
    position: int

    def get(self, index: int) -> str:
        """Element `index` (1-based as in the guides), '' when absent."""
        elements = self.elements
        return elements[index] if index < len(elements) else ""


@dataclass(frozen=True, slots=True)
class TransactionSet:
    code: str  # ST01
    control_number: str  # ST02
    version: str  # ST03, or GS08 when ST03 is empty
    segments: tuple[Segment, ...]  # between ST and SE, exclusive
    position: int  # the ST segment


@dataclass(frozen=True, slots=True)
class FunctionalGroup:
    functional_id: str  # GS01
    sender: str  # GS02
    receiver: str  # GS03
    control_number: str  # GS06
    version: str  # GS08
    transactions: tuple[TransactionSet, ...]
    position: int


@dataclass(frozen=True, slots=True)
class Interchange:
    separators: Separators
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    date: str  # ISA09 YYMMDD
    time: str  # ISA10 HHMM
    control_number: str  # ISA13
    usage: str  # ISA15: P or T
    groups: tuple[FunctionalGroup, ...]

    def transactions(self) -> tuple[TransactionSet, ...]:
        return tuple(t for g in self.groups for t in g.transactions)


_ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)


def _separators(text: str) -> tuple[Separators, list[str]]:
    if not text.strip():
        raise X12Error("ISA", 1, "the file is empty")
    if not text.startswith("ISA"):
        raise X12Error("ISA", 1, f"the file does not start with an ISA segment (it starts {text[:10]!r})")
    if len(text) < ISA_LENGTH:
        raise X12Error("ISA", 1, f"the ISA segment is cut short: {len(text)} characters, it needs {ISA_LENGTH}")
    element = text[3]
    fields = text[: ISA_LENGTH - 1].split(element)
    if len(fields) != 17 or any(len(f) != w for f, w in zip(fields[1:], _ISA_WIDTHS, strict=True)):
        widths = [len(f) for f in fields[1:]]
        raise X12Error(
            "ISA",
            1,
            f"the ISA is not 16 fixed-width elements separated by {element!r} (element widths {widths},"
            f" expected {list(_ISA_WIDTHS)}): wrong separators or a damaged header",
        )
    component = text[ISA_LENGTH - 2]
    terminator = text[ISA_LENGTH - 1]
    repetition = fields[11] if fields[12] >= "00402" else ""
    used = [element, component, terminator] + ([repetition] if repetition else [])
    if len(set(used)) != len(used):
        raise X12Error(
            "ISA",
            1,
            f"the separators are not distinct: element {element!r}, component {component!r},"
            f" repetition {repetition!r}, segment terminator {terminator!r}",
        )
    for name, char in (("element", element), ("component", component), ("segment terminator", terminator)):
        if char.isalnum() or char == " ":
            raise X12Error("ISA", 1, f"the {name} separator {char!r} is a letter, digit or space")
    return Separators(element, component, repetition, terminator), fields


def split_segments(text: str) -> tuple[Separators, list[Segment]]:
    """Split a file into positioned segments; raises on a truncated last segment or a bad tag."""
    text = text.lstrip("\ufeff\r\n\t ")
    separators, _ = _separators(text)
    terminator = separators.segment
    element = separators.element
    parts = text.split(terminator)
    tail = parts.pop().strip()
    if tail:
        raise X12Error(
            tail.split(element)[0][:3],
            len(parts) + 1,
            f"the file ends inside a segment ({tail[:40]!r} has no terminator {terminator!r}): truncated",
        )
    segments: list[Segment] = []
    append = segments.append
    for index, raw in enumerate(parts, start=1):
        raw = raw.strip("\r\n")
        if not raw:
            raise X12Error("", index, "an empty segment (two terminators in a row)")
        fields = raw.split(element)
        tag = fields[0]
        if not (2 <= len(tag) <= 3 and tag.isalnum() and tag.isupper()):
            raise X12Error(tag[:3], index, f"{tag[:20]!r} is not a segment tag: wrong separators or a damaged segment")
        append(Segment(tag, fields, index))
    return separators, segments


def _count(segment: Segment, index: int, what: str) -> int:
    value = segment.get(index)
    if not value.isdigit():
        raise X12Error(segment.tag, segment.position, f"{segment.tag}{index:02d} {what} {value!r} is not a number")
    return int(value)


def read_interchange(text: str) -> Interchange:
    """Read and check one interchange."""
    separators, segments = split_segments(text)
    isa = segments[0]
    groups: list[FunctionalGroup] = []
    index = 1
    total = len(segments)
    last = segments[-1]
    while index < total and segments[index].tag == "GS":
        gs = segments[index]
        index += 1
        transactions: list[TransactionSet] = []
        while index < total and segments[index].tag == "ST":
            st = segments[index]
            start = index
            index += 1
            while index < total and segments[index].tag not in ("SE", "ST", "GE", "IEA", "GS", "ISA"):
                index += 1
            if index >= total or segments[index].tag != "SE":
                where = segments[index] if index < total else last
                raise X12Error(
                    "SE",
                    where.position,
                    f"transaction set {st.get(2)} (ST at segment {st.position}) has no SE before"
                    f" {where.tag if index < total else 'the end of the file'}: truncated or damaged",
                )
            se = segments[index]
            counted = index - start + 1
            if _count(se, 1, "segment count") != counted:
                raise X12Error(
                    "SE", se.position, f"SE01 says {se.get(1)} segments, but the transaction set has {counted}"
                )
            if se.get(2) != st.get(2):
                raise X12Error(
                    "SE", se.position, f"SE02 control number {se.get(2)!r} does not match ST02 {st.get(2)!r}"
                )
            transactions.append(
                TransactionSet(
                    st.get(1), st.get(2), st.get(3) or gs.get(8), tuple(segments[start + 1 : index]), st.position
                )
            )
            index += 1
        if index >= total or segments[index].tag != "GE":
            where = segments[index] if index < total else last
            raise X12Error(
                "GE",
                where.position,
                f"expected GE (or ST) here, found {where.tag}: the group"
                f" opened by GS at segment {gs.position} is not closed",
            )
        ge = segments[index]
        if _count(ge, 1, "transaction set count") != len(transactions):
            raise X12Error(
                "GE", ge.position, f"GE01 says {ge.get(1)} transaction sets, but the group has {len(transactions)}"
            )
        if ge.get(2) != gs.get(6):
            raise X12Error("GE", ge.position, f"GE02 control number {ge.get(2)!r} does not match GS06 {gs.get(6)!r}")
        groups.append(
            FunctionalGroup(gs.get(1), gs.get(2), gs.get(3), gs.get(6), gs.get(8), tuple(transactions), gs.position)
        )
        index += 1
    if index >= total or segments[index].tag != "IEA":
        where = segments[index] if index < total else last
        raise X12Error("IEA", where.position, f"expected IEA (or GS) here, found {where.tag}: truncated or damaged")
    iea = segments[index]
    if _count(iea, 1, "group count") != len(groups):
        raise X12Error("IEA", iea.position, f"IEA01 says {iea.get(1)} functional groups, but there are {len(groups)}")
    if iea.get(2) != isa.get(13):
        raise X12Error("IEA", iea.position, f"IEA02 control number {iea.get(2)!r} does not match ISA13 {isa.get(13)!r}")
    if index != total - 1:
        extra = segments[index + 1]
        raise X12Error(extra.tag, extra.position, "segments after IEA: one interchange per file")
    return Interchange(
        separators=separators,
        sender_qualifier=isa.get(5),
        sender_id=isa.get(6).strip(),
        receiver_qualifier=isa.get(7),
        receiver_id=isa.get(8).strip(),
        date=isa.get(9),
        time=isa.get(10),
        control_number=isa.get(13),
        usage=isa.get(15),
        groups=tuple(groups),
    )


def only_transactions(interchange: Interchange, code: str, versions: tuple[str, ...]) -> tuple[TransactionSet, ...]:
    """The transaction sets of one kind; raises on any other kind or version in the file."""
    found: list[TransactionSet] = []
    for transaction in interchange.transactions():
        if transaction.code != code:
            raise X12Error("ST", transaction.position, f"expected a {code} transaction set, found {transaction.code}")
        if transaction.version not in versions:
            raise X12Error(
                "ST", transaction.position, f"version {transaction.version!r} is not {' or '.join(versions)}"
            )
        found.append(transaction)
    if not found:
        raise X12Error("GS", 2, f"the interchange holds no {code} transaction set")
    return tuple(found)
