"""Sessions of a course are numbered (and the once-per-course fitting billed) in time order:
the cooling start, else the first time given; a time without offset is read as UTC; a session
without any time comes last; equal times go by session_id. The batch order never matters."""

from __future__ import annotations

import itertools
from typing import Any

from tests.core.factories import code_batch, session


def _at(session_id: str, day: str | None, *, first: str = "cooling_start", offset: str = "-05:00") -> dict[str, Any]:
    """A fitting session on `day` whose times before `first` are missing (None: no time at all)."""
    times = {
        "cooling_start": f"{day}T08:00:00{offset}",
        "infusion_start": f"{day}T08:30:00{offset}",
        "infusion_end": f"{day}T10:00:00{offset}",
        "cooling_end": f"{day}T11:30:00{offset}",
    }
    names = list(times)
    record = session(session_id=session_id, cap_fitting=True)
    for name in names:
        record[name] = None if day is None or names.index(name) < names.index(first) else times[name]
    return record


def _numbers(records: list[dict[str, Any]]) -> dict[str, tuple[int, bool]]:
    """session_id -> (course session number, whether it bills the fitting 97007)."""
    return {
        r["session_id"]: (r["course_session_number"], any(line["code"] == "97007" for line in r["lines"]))
        for r in code_batch(records)
    }


def test_a_missing_cooling_start_orders_by_the_first_time_given() -> None:
    records = [
        _at("A-full", "2026-02-10"),
        _at("B-infusion-only", "2026-02-03", first="infusion_start"),
        _at("C-end-only", "2026-02-17", first="cooling_end"),
        _at("D-infusion-end", "2026-02-05", first="infusion_end"),
    ]
    expected = {
        "B-infusion-only": (1, True),
        "D-infusion-end": (2, False),
        "A-full": (3, False),
        "C-end-only": (4, False),
    }
    for order in itertools.permutations(records):
        assert _numbers(list(order)) == expected


def test_a_session_without_any_time_comes_last() -> None:
    records = [_at("0-no-times", None), _at("Z-dated", "2026-02-03")]
    for order in (records, records[::-1]):
        numbers = _numbers(order)
        assert numbers["Z-dated"] == (1, True)
        assert numbers["0-no-times"][0] == 2


def test_a_time_without_offset_is_read_as_utc_for_the_order() -> None:
    # 2026-02-03 12:00 naive (read as UTC) is before 08:00 in New York (13:00 UTC) the same day
    naive = _at("Z-naive", "2026-02-03", offset="")
    for name in ("cooling_start", "infusion_start", "infusion_end", "cooling_end"):
        naive[name] = naive[name].replace("T08:00", "T12:00").replace("T08:30", "T12:30")
    aware = _at("A-aware", "2026-02-03")
    for order in ([naive, aware], [aware, naive]):
        assert _numbers(order)["Z-naive"][0] == 1


def test_equal_times_go_by_session_id() -> None:
    records = [_at("S-2", "2026-02-03"), _at("S-1", "2026-02-03")]
    for order in (records, records[::-1]):
        assert _numbers(order) == {"S-1": (1, True), "S-2": (2, False)}
