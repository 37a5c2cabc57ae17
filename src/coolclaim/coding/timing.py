"""Session timing on absolute time: date of service, order, post-infusion cooling.

The date of service is the facility's local date: the zone is `facility_timezone`, else the
zone of the facility's state when the state has one; a state with several zones and no
`facility_timezone` leaves the zone unknown (the claim is held and asks for it). A time whose
UTC offset is not the facility zone's offset at that instant is reported. Durations are exact
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from coolclaim.coding.clock import local_date, zone
from coolclaim.coding.quick_init import quick_init
from coolclaim.coding.session import TIME_FIELDS, Session


@quick_init
@dataclass(frozen=True, slots=True)
class Timing:
    date_of_service: date | None
    missing: tuple[str, ...]
    no_offset: tuple[str, ...]
    out_of_order: tuple[str, ...]  # "infusion_start before cooling_start", ...
    post_seconds: int | None  # infusion end to cooling end, when both known and in order
    zone: str | None = None  # the facility's IANA zone, when known
    zone_needed: bool = False  # the state has several zones and none was given
    offset_mismatch: tuple[str, ...] = ()  # fields whose offset is not the zone's at that instant


def _comparable(moment: datetime, mixed: bool) -> datetime:
    # Mixed aware/naive times can only be compared on their wall-clock values.
    return moment.replace(tzinfo=None) if mixed else moment


def facility_zone(session: Session, state_zones: dict[str, tuple[str, ...]]) -> tuple[str | None, bool]:
    """(the facility's zone, whether a zone is needed and missing)."""
    if session.facility_timezone is not None:
        return session.facility_timezone, False
    zones = state_zones.get(session.facility_state, ())
    if len(zones) == 1:
        return zones[0], False
    return None, bool(zones)


_OFFSET_OK: dict[tuple[str, object, date], bool] = {}
_STEADY: dict[tuple[str, date], bool] = {}


def _steady_day(tz: str, day: date) -> bool:
    """Whether the zone keeps one UTC offset all day (no daylight-saving change that day)."""
    key = (tz, day)
    steady = _STEADY.get(key)
    if steady is None:
        z = zone(tz)
        midnight = datetime(day.year, day.month, day.day, tzinfo=z)
        steady = midnight.utcoffset() == (midnight + timedelta(days=1)).utcoffset()
        if len(_STEADY) < 100_000:
            _STEADY[key] = steady
    return steady


def _offset_matches(moment: datetime, tz: str) -> bool:
    """Whether a time's UTC offset is the zone's offset at that instant (memoised per zone,
    offset and day, except on a day the zone changes its offset)."""
    day = moment.date()
    if not _steady_day(tz, day):
        return moment.astimezone(zone(tz)).utcoffset() == moment.utcoffset()
    key = (tz, moment.utcoffset(), day)
    hit = _OFFSET_OK.get(key)
    if hit is None:
        hit = moment.astimezone(zone(tz)).utcoffset() == moment.utcoffset()
        if len(_OFFSET_OK) < 100_000:
            _OFFSET_OK[key] = hit
    return hit


_DAY_OK: dict[tuple[str, object, date], bool] = {}


def _one_day_one_offset_matches(a: datetime, b: datetime, c: datetime, d: datetime, day: date, tz: str) -> bool:
    """True when four ordered times share one UTC offset and one wall-clock date, and that
    offset is the zone's all that day (one look-up for the four; False means "look at each")."""
    offset = a.utcoffset()
    if b.utcoffset() != offset or c.utcoffset() != offset or d.utcoffset() != offset or d.date() != day:
        return False
    key = (tz, offset, day)
    hit = _DAY_OK.get(key)
    if hit is None:
        # Steady all day and right at one instant: right at every instant of that day.
        hit = _steady_day(tz, day) and _offset_matches(a, tz)
        if len(_DAY_OK) < 100_000:
            _DAY_OK[key] = hit
    return hit


def session_timing(session: Session, state_zones: dict[str, tuple[str, ...]] | None = None) -> Timing:
    tz, needed = facility_zone(session, state_zones or {})
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
        mismatch: tuple[str, ...] = ()
        day = a.date()
        if tz is None:
            dos = day
        elif _one_day_one_offset_matches(a, b, c, d, day, tz) or (
            _offset_matches(a, tz) and _offset_matches(b, tz) and _offset_matches(c, tz) and _offset_matches(d, tz)
        ):
            dos = day  # the wall clock written is the facility's, so its date is the local date
        else:
            mismatch = tuple(
                name for name, v in zip(TIME_FIELDS, (a, b, c, d), strict=True) if not _offset_matches(v, tz)
            )
            dos = local_date(a, tz)
        return Timing(dos, (), (), (), int((d - c).total_seconds()), tz, needed, mismatch)
    return _general_timing(session, tz, needed)


def _general_timing(session: Session, tz: str | None, needed: bool) -> Timing:
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
    dos = local_date(anchor, tz) if anchor is not None else None

    problems: list[str] = []
    for (first, a), (second, b) in pairwise(present):
        if _comparable(b, mixed) < _comparable(a, mixed):
            problems.append(f"{second} is before {first}")

    post: int | None = None
    if session.infusion_end is not None and session.cooling_end is not None and not problems:
        delta = _comparable(session.cooling_end, mixed) - _comparable(session.infusion_end, mixed)
        post = int(delta.total_seconds())
    mismatch = tuple(
        name for name, v in present if tz is not None and v.tzinfo is not None and not _offset_matches(v, tz)
    )
    return Timing(dos, missing, no_offset, tuple(problems), post, tz, needed, mismatch)


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
