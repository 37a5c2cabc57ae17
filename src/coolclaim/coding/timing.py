"""Session timing on absolute time: date of service, order, post-infusion cooling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from coolclaim.coding.clock import local_date
from coolclaim.coding.session import TIME_FIELDS, Session


@dataclass(frozen=True, slots=True)
class Timing:
    date_of_service: date | None
    missing: tuple[str, ...]
    no_offset: tuple[str, ...]
    out_of_order: tuple[str, ...]  # "infusion_start before cooling_start", ...
    post_seconds: int | None  # infusion end to cooling end, when both known and in order

    @property
    def usable(self) -> bool:
        return not self.missing and not self.out_of_order


def _comparable(moment: datetime, mixed: bool) -> datetime:
    # Mixed aware/naive times can only be compared on their wall-clock values.
    return moment.replace(tzinfo=None) if mixed else moment


def session_timing(session: Session) -> Timing:
    a, b, c, d = session.cooling_start, session.infusion_start, session.infusion_end, session.cooling_end
    if (
        a is not None
        and b is not None
        and c is not None
        and d is not None
        and a.tzinfo is not None
        and b.tzinfo is not None
        and c.tzinfo is not None
        and d.tzinfo is not None
        and a <= b <= c <= d
    ):
        # The usual case: four aware times in order.
        dos = local_date(a, session.facility_timezone)
        return Timing(dos, (), (), (), int((d - c).total_seconds()))
    return _general_timing(session)


def _general_timing(session: Session) -> Timing:
    values = (
        session.cooling_start,
        session.infusion_start,
        session.infusion_end,
        session.cooling_end,
    )
    present = [(name, v) for name, v in zip(TIME_FIELDS, values, strict=True) if v is not None]
    missing = tuple(name for name, v in zip(TIME_FIELDS, values, strict=True) if v is None)
    no_offset = tuple(name for name, v in present if v.tzinfo is None)
    mixed = 0 < len(no_offset) < len(present)

    anchor = session.cooling_start if session.cooling_start is not None else (present[0][1] if present else None)
    dos = local_date(anchor, session.facility_timezone) if anchor is not None else None

    problems: list[str] = []
    for (first, a), (second, b) in pairwise(present):
        if _comparable(b, mixed) < _comparable(a, mixed):
            problems.append(f"{second} is before {first}")

    post: int | None = None
    if session.infusion_end is not None and session.cooling_end is not None and not problems:
        delta = _comparable(session.cooling_end, mixed) - _comparable(session.infusion_end, mixed)
        post = int(delta.total_seconds())
    return Timing(dos, missing, no_offset, tuple(problems), post)


def units_97009(post_seconds: int, rule: str, unit_seconds: int = 1800) -> tuple[int, int]:
    """Units of post-infusion cooling and the seconds left unbilled.

    `full`: each whole 30 minutes. `midpoint`: a started unit also counts once more than half
    of it (15 minutes) has passed.
    """
    if post_seconds <= 0:
        return 0, max(post_seconds, 0)
    units, remainder = divmod(post_seconds, unit_seconds)
    if rule == "midpoint" and remainder * 2 > unit_seconds:
        return units + 1, 0
    return units, remainder
