"""When the course's next infusion is expected: the deadline for fixing an authorization
("before the next infusion"). The course keeps no schedule, so the date is estimated, and the
estimate says how."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

#: Our own default when the course shows no interval yet: the shortest common chemotherapy
#: cycle is weekly (e.g. weekly paclitaxel), so the next infusion may come 7 days after the last.
DEFAULT_INTERVAL_DAYS = 7


@dataclass(frozen=True)
class NextInfusion:
    day: dt.date
    basis: str


def _us(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def next_infusion(first_infusion: dt.date, session_days: Sequence[dt.date | None], today: dt.date) -> NextInfusion:
    """The expected date of the next infusion on or after ``today``."""
    if first_infusion >= today:
        return NextInfusion(first_infusion, f"the case's first infusion on {_us(first_infusion)}")
    days = sorted({d for d in session_days if d is not None})
    if not days:
        return NextInfusion(today, "the first infusion date has passed and no session is documented: today")
    last = days[-1]
    gaps = [(b - a).days for a, b in itertools.pairwise(days) if (b - a).days > 0]
    if gaps:
        interval = min(gaps)
        how = f"the last documented session ({_us(last)}) plus the shortest interval between sessions ({interval} days)"
    else:
        interval = DEFAULT_INTERVAL_DAYS
        how = (
            f"the last documented session ({_us(last)}) plus {interval} days"
            " (coolclaim's default: the shortest common cycle is weekly)"
        )
    day = last + dt.timedelta(days=interval)
    if day < today:
        return NextInfusion(today, f"{how} has passed: today")
    return NextInfusion(day, how)
