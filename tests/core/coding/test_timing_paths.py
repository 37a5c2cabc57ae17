"""`session_timing` stated whole (every field of the Timing) on both of its paths: four aware
times in order (the fast path) and everything else (missing, naive, mixed, out of order)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from coolclaim.coding.session import Session
from coolclaim.coding.timing import Timing, session_timing
from tests.core.factories import engine, session

NY = "America/New_York"
FIELDS = ("cooling_start", "infusion_start", "infusion_end", "cooling_end")


def _timing(**changes: Any) -> Timing:
    coding = engine()
    parsed = coding.parse(session(**changes))
    assert isinstance(parsed, Session), parsed
    return session_timing(parsed, coding.coder.state_zones)


def _times(*values: str | None) -> dict[str, str | None]:
    return dict(zip(FIELDS, values, strict=True))


def test_four_aware_times_in_the_facility_zone() -> None:
    assert _timing() == Timing(date(2026, 2, 3), (), (), (), 5400, NY, False, ())


def test_a_time_written_in_another_offset_is_named_and_the_date_is_the_facilitys() -> None:
    # 03:30 UTC on the 3rd is 22:30 on the 2nd in New York
    times = _times("2026-02-03T03:30:00+00:00", "2026-02-02T23:00:00-05:00", "2026-02-03T00:00:00-05:00",
                   "2026-02-03T01:30:00-05:00")  # fmt: skip
    assert _timing(**times) == Timing(date(2026, 2, 2), (), (), (), 5400, NY, False, ("cooling_start",))


def test_every_time_in_another_offset_is_named() -> None:
    times = _times("2026-02-03T13:00:00+00:00", "2026-02-03T13:30:00+00:00", "2026-02-03T15:00:00+00:00",
                   "2026-02-03T16:30:00+00:00")  # fmt: skip
    assert _timing(**times) == Timing(date(2026, 2, 3), (), (), (), 5400, NY, False, FIELDS)


def test_a_state_of_several_zones_without_a_facility_zone_needs_one() -> None:
    times = _times("2026-02-03T08:00:00-06:00", "2026-02-03T08:30:00-06:00", "2026-02-03T10:00:00-06:00",
                   "2026-02-03T11:30:00-06:00")  # fmt: skip
    assert _timing(facility_state="TX", **times) == Timing(date(2026, 2, 3), (), (), (), 5400, None, True, ())
    given = _timing(facility_state="TX", facility_timezone="America/Chicago", **times)
    assert given == Timing(date(2026, 2, 3), (), (), (), 5400, "America/Chicago", False, ())


def test_equal_times_are_in_order() -> None:
    times = _times("2026-02-03T08:00:00-05:00", "2026-02-03T08:00:00-05:00", "2026-02-03T10:00:00-05:00",
                   "2026-02-03T10:00:00-05:00")  # fmt: skip
    assert _timing(**times) == Timing(date(2026, 2, 3), (), (), (), 0, NY, False, ())


def test_all_times_without_offset_are_compared_as_written() -> None:
    times = _times("2026-02-03T08:00:00", "2026-02-03T08:30:00", "2026-02-03T10:00:00", "2026-02-03T11:30:00")
    assert _timing(**times) == Timing(date(2026, 2, 3), (), FIELDS, (), 5400, NY, False, ())


def test_mixed_times_compare_on_the_wall_clock() -> None:
    # the cooling end has no offset: 11:30 on the wall, 90 minutes after a 10:00-05:00 infusion end
    times = _times("2026-02-03T08:00:00-05:00", "2026-02-03T08:30:00-05:00", "2026-02-03T10:00:00-05:00",
                   "2026-02-03T11:30:00")  # fmt: skip
    assert _timing(**times) == Timing(date(2026, 2, 3), (), ("cooling_end",), (), 5400, NY, False, ())


def test_mixed_equal_times_are_in_order() -> None:
    times = _times("2026-02-03T08:00:00", "2026-02-03T08:00:00-05:00", "2026-02-03T10:00:00-05:00",
                   "2026-02-03T10:00:00")  # fmt: skip
    assert _timing(**times) == Timing(date(2026, 2, 3), (), ("cooling_start", "cooling_end"), (), 0, NY, False, ())


def test_mixed_times_name_only_aware_times_in_another_offset() -> None:
    times = _times("2026-02-03T08:00:00", "2026-02-03T08:30:00-06:00", "2026-02-03T10:00:00-05:00",
                   "2026-02-03T11:30:00-05:00")  # fmt: skip
    assert _timing(**times) == Timing(
        date(2026, 2, 3), (), ("cooling_start",), (), 5400, NY, False, ("infusion_start",)
    )


def test_missing_times_date_from_the_first_time_given_in_the_facility_zone() -> None:
    # the infusion end, 02:00 UTC on the 4th, is still the 3rd in New York
    times = _times(None, None, "2026-02-04T02:00:00+00:00", "2026-02-04T03:30:00+00:00")
    assert _timing(**times) == Timing(
        date(2026, 2, 3), ("cooling_start", "infusion_start"), (), (), 5400, NY, False, ("infusion_end", "cooling_end")
    )


def test_a_missing_end_leaves_no_post_infusion_time() -> None:
    times = _times("2026-02-03T08:00:00-05:00", "2026-02-03T08:30:00-05:00", "2026-02-03T10:00:00-05:00", None)
    assert _timing(**times) == Timing(date(2026, 2, 3), ("cooling_end",), (), (), None, NY, False, ())


@pytest.mark.parametrize(
    ("times", "problems"),
    [
        (("2026-02-03T08:00:00-05:00", "2026-02-03T07:30:00-05:00", "2026-02-03T10:00:00-05:00",
          "2026-02-03T11:30:00-05:00"), ("infusion_start is before cooling_start",)),
        (("2026-02-03T08:00:00-05:00", "2026-02-03T08:30:00-05:00", "2026-02-03T08:20:00-05:00",
          "2026-02-03T11:30:00-05:00"), ("infusion_end is before infusion_start",)),
        (("2026-02-03T08:00:00-05:00", "2026-02-03T08:30:00-05:00", "2026-02-03T10:00:00-05:00",
          "2026-02-03T09:30:00-05:00"), ("cooling_end is before infusion_end",)),
    ],
)  # fmt: skip
def test_times_out_of_order_are_named_and_leave_no_post_infusion_time(
    times: tuple[str, ...], problems: tuple[str, ...]
) -> None:
    assert _timing(**_times(*times)) == Timing(date(2026, 2, 3), (), (), problems, None, NY, False, ())


def test_aware_times_in_different_offsets_compare_on_absolute_time_when_one_is_missing() -> None:
    # 08:00 in Chicago is 09:00 in New York: after the 08:30 start, though its wall clock is earlier
    times = _times(None, "2026-02-03T08:30:00-05:00", "2026-02-03T08:00:00-06:00", "2026-02-03T10:30:00-05:00")
    assert _timing(**times) == Timing(date(2026, 2, 3), ("cooling_start",), (), (), 5400, NY, False, ("infusion_end",))
