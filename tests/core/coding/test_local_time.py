"""Issue 7 class 8: the date of service is the facility's local date; offsets checked; exact seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.factories import code, edit_codes, session


def test_single_zone_state_gives_the_zone() -> None:
    # 03:30 UTC on 4 February is 22:30 on 3 February in Pennsylvania.
    result = code(
        session(
            cooling_start="2026-02-04T03:30:00+00:00",
            infusion_start="2026-02-04T04:00:00+00:00",
            infusion_end="2026-02-04T05:00:00+00:00",
            cooling_end="2026-02-04T06:00:00+00:00",
        )
    )
    assert result["date_of_service"] == "2026-02-03"
    assert "TIMES_OFFSET_MISMATCH" in edit_codes(result)


def test_multi_zone_state_without_a_zone_holds_and_asks() -> None:
    result = code(session(facility_state="TX"))
    edit = next(e for e in result["edits"] if e["code"] == "TIMEZONE_NEEDED")
    assert edit["message"].startswith("TX has more than one time zone (America/Chicago, America/Denver)")
    assert result["status"] == "hold"


def test_an_offset_that_does_not_match_the_zone_on_that_date_is_an_edit() -> None:
    summer_offset_in_winter = session(
        cooling_start="2026-02-03T08:00:00-04:00",
        infusion_start="2026-02-03T08:30:00-04:00",
        infusion_end="2026-02-03T10:00:00-04:00",
        cooling_end="2026-02-03T11:30:00-04:00",
    )
    result = code(summer_offset_in_winter)
    edit = next(e for e in result["edits"] if e["code"] == "TIMES_OFFSET_MISMATCH")
    assert edit["message"].startswith("cooling start, infusion start, infusion end and cooling end: the UTC offset")
    assert "TIMES_OFFSET_MISMATCH" not in edit_codes(code(session()))


def test_birth_date_is_checked_against_the_local_date_of_service() -> None:
    # Born on 3 February 2026 local time; cooling started that evening (4 February in UTC).
    record = session(
        patient_birth_date="2026-02-04",
        cooling_start="2026-02-04T03:30:00+00:00",
        infusion_start="2026-02-04T04:00:00+00:00",
        infusion_end="2026-02-04T05:00:00+00:00",
        cooling_end="2026-02-04T06:00:00+00:00",
    )
    result = code(record)
    assert result["status"] == "rejected"
    assert [e["field"] for e in result["errors"]] == ["patient_birth_date"]


def test_post_cooling_long_compares_exact_seconds() -> None:
    result = code(session(cooling_end="2026-02-03T13:00:30-05:00"))  # 180 minutes 30 seconds
    edit = next(e for e in result["edits"] if e["code"] == "POST_COOLING_LONG")
    assert edit["message"].startswith("Post-infusion cooling lasted 180.5 minutes, longer than 180")
    assert "POST_COOLING_LONG" not in edit_codes(code(session(cooling_end="2026-02-03T13:00:00-05:00")))


@settings(deadline=None, max_examples=30)
@given(st.integers(min_value=0, max_value=24 * 3600 - 1))
def test_date_of_service_is_the_new_york_date_of_the_cooling_start(seconds: int) -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    local = start.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    times = [local + timedelta(minutes=m) for m in (0, 30, 90, 150)]
    result = code(
        session(
            cooling_start=times[0].isoformat(),
            infusion_start=times[1].isoformat(),
            infusion_end=times[2].isoformat(),
            cooling_end=times[3].isoformat(),
        )
    )
    assert result["date_of_service"] == local.date().isoformat()
    assert "TIMES_OFFSET_MISMATCH" not in edit_codes(result)


def test_offsets_on_a_daylight_saving_day_are_judged_at_their_instant() -> None:
    # 2026-03-08: New York moves from -05:00 to -04:00 at 02:00. Code a wrong -05:00 afternoon
    # time first, then a right -05:00 night time: each is judged at its own instant.
    wrong = code(
        session(
            cooling_start="2026-03-08T13:00:00-05:00",
            infusion_start="2026-03-08T13:30:00-05:00",
            infusion_end="2026-03-08T14:00:00-05:00",
            cooling_end="2026-03-08T15:00:00-05:00",
        )
    )
    assert "TIMES_OFFSET_MISMATCH" in edit_codes(wrong)
    right = code(
        session(
            cooling_start="2026-03-08T01:00:00-05:00",
            infusion_start="2026-03-08T01:20:00-05:00",
            infusion_end="2026-03-08T01:50:00-05:00",
            cooling_end="2026-03-08T03:50:00-04:00",
        )
    )
    assert "TIMES_OFFSET_MISMATCH" not in edit_codes(right)
