"""Timing on absolute time: date of service, daylight-saving changes, 97009 units."""

from __future__ import annotations

import pytest

from coolclaim.coding.timing import units_97009
from tests.core.factories import code, cooling_lines, session


def test_date_of_service_is_the_local_date_of_cooling_start() -> None:
    # 23:30 in Honolulu is already the next day in UTC
    result = code(
        session(
            facility_state="HI",
            cooling_start="2026-03-02T23:30:00-10:00",
            infusion_start="2026-03-02T23:50:00-10:00",
            infusion_end="2026-03-03T00:50:00-10:00",
            cooling_end="2026-03-03T01:50:00-10:00",
        )
    )
    assert result["date_of_service"] == "2026-03-02"


def test_facility_time_zone_corrects_times_sent_in_utc() -> None:
    result = code(
        session(
            facility_timezone="America/New_York",
            cooling_start="2026-03-03T03:30:00+00:00",
            infusion_start="2026-03-03T04:00:00+00:00",
            infusion_end="2026-03-03T05:00:00+00:00",
            cooling_end="2026-03-03T06:30:00+00:00",
        )
    )
    assert result["date_of_service"] == "2026-03-02"


def test_spring_forward_counts_absolute_minutes() -> None:
    # 01:50 EST to 03:50 EDT is one hour of real time, not two
    result = code(
        session(
            cooling_start="2026-03-08T01:00:00-05:00",
            infusion_start="2026-03-08T01:20:00-05:00",
            infusion_end="2026-03-08T01:50:00-05:00",
            cooling_end="2026-03-08T03:50:00-04:00",
        )
    )
    assert cooling_lines(result)["97009"] == 2


def test_fall_back_counts_absolute_minutes() -> None:
    # 01:10 EDT to 01:40 EST is 90 minutes of real time, not 30
    result = code(
        session(
            cooling_start="2026-11-01T00:10:00-04:00",
            infusion_start="2026-11-01T00:20:00-04:00",
            infusion_end="2026-11-01T01:10:00-04:00",
            cooling_end="2026-11-01T01:40:00-05:00",
        )
    )
    assert cooling_lines(result)["97009"] == 3


@pytest.mark.parametrize(
    ("seconds", "rule", "expected"),
    [
        (0, "full", (0, 0)),
        (1799, "full", (0, 1799)),
        (1800, "full", (1, 0)),
        (6240, "full", (3, 840)),
        (2700, "midpoint", (1, 900)),
        (2701, "midpoint", (2, 0)),
        (-60, "full", (0, 0)),
    ],
)
def test_units_97009(seconds: int, rule: str, expected: tuple[int, int]) -> None:
    assert units_97009(seconds, rule) == expected
