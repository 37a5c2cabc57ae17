"""What every X12 writer shares: separators, value formatting and the ISA/GS/ST envelope.

Writers use `*` between elements, `:` between components, `^` between repetitions and `~`
after each segment (one segment per line for people reading the file). Values are cleaned of
those four characters; trailing empty elements are dropped, as the standard requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
TERMINATOR = "~\n"

_CLEAN = str.maketrans({"*": " ", ":": " ", "^": " ", "~": " ", "\n": " ", "\r": " "})


def clean(value: str) -> str:
    """A value safe to put between separators."""
    return value.translate(_CLEAN).strip()


def segment(*elements: str) -> str:
    """One segment with its terminator, trailing empty elements dropped."""
    return ELEMENT.join(elements).rstrip(ELEMENT) + TERMINATOR


@lru_cache(maxsize=4096)
def amount(value: Decimal) -> str:
    """An X12 decimal (R): no exponent, no trailing zeros after the point (350.00 -> 350).

    Cached: a batch repeats the same few charges and units thousands of times."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@lru_cache(maxsize=4096)
def d8(value: date) -> str:
    """CCYYMMDD (cached: a batch's dates of service repeat)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


@dataclass(frozen=True, slots=True)
class EnvelopeParties:
    """Who the interchange and group are from and to."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    application_sender: str
    application_receiver: str
    production: bool = False
    acknowledgment_requested: bool = False


def envelope(
    parties: EnvelopeParties,
    *,
    interchange: int,
    group: int,
    first_transaction: int,
    created: datetime,
    functional_id: str,
    transaction_code: str,
    version: str,
    bodies: Sequence[Sequence[str]],
    version_in_st: bool = True,
) -> str:
    """ISA, GS, one ST...SE around each body (a list of finished segments), GE and IEA.

    SE01 counts ST and SE with the body; GE01 the transaction sets; IEA01 the one group.
    `version_in_st` puts the guide in ST03 (the 835 and 999 guides leave ST03 unused).
    """
    if not bodies:
        raise ValueError("an interchange needs at least one transaction set")
    if first_transaction + len(bodies) - 1 > 9999:
        raise ValueError("transaction set control numbers would pass 9999")
    usage = "P" if parties.production else "T"
    isa = (
        f"ISA*00*{'':10}*00*{'':10}*{parties.sender_qualifier:2}*{clean(parties.sender_id)[:15]:15}"
        f"*{parties.receiver_qualifier:2}*{clean(parties.receiver_id)[:15]:15}"
        f"*{created:%y%m%d}*{created:%H%M}*{REPETITION}*00501*{interchange:09d}"
        f"*{1 if parties.acknowledgment_requested else 0}*{usage}*{COMPONENT}{TERMINATOR}"
    )
    out = [
        isa,
        segment(
            "GS",
            functional_id,
            clean(parties.application_sender),
            clean(parties.application_receiver),
            f"{created:%Y%m%d}",
            f"{created:%H%M}",
            str(group),
            "X",
            version,
        ),
    ]
    for offset, body in enumerate(bodies):
        control = f"{first_transaction + offset:04d}"
        out.append(segment("ST", transaction_code, control, version if version_in_st else ""))
        out.extend(body)
        out.append(segment("SE", str(len(body) + 2), control))
    out.append(segment("GE", str(len(bodies)), str(group)))
    out.append(segment("IEA", "1", f"{interchange:09d}"))
    return "".join(out)
