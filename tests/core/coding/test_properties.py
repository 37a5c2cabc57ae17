"""Property tests (hypothesis) for the coding rules."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.core.factories import code_batch, session

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
OUTPUT = Draft202012Validator(json.loads((CONTRACTS / "coded-session.schema.json").read_text()))
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
]

# hypothesis takes naive bounds and attaches the time zones itself
moments = st.datetimes(
    min_value=datetime(2026, 1, 2),  # noqa: DTZ001 - a day in: cooling starts 30 minutes before
    # the moment drawn, and 2025-12-31 still has the Category III codes (no 97009)
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
)


@given(start=moments, post=st.integers(min_value=0, max_value=8 * 3600), zone=st.sampled_from(ZONES))
@settings(max_examples=300, deadline=None)
def test_97009_units_are_whole_30_minute_blocks_of_absolute_time(start: datetime, post: int, zone: str) -> None:
    # Arithmetic on aware datetimes sharing a tzinfo is wall-clock arithmetic in Python, so
    # every step goes through UTC; each time is then written with its own local offset.
    local = start.tzinfo
    start_utc = start.astimezone(UTC)
    infusion_end = (start_utc + timedelta(minutes=60)).astimezone(local)
    cooling_end = (start_utc + timedelta(minutes=60, seconds=post)).astimezone(ZoneInfo(zone))
    record = session(
        cooling_start=(start_utc - timedelta(minutes=30)).astimezone(local).isoformat(),
        infusion_start=start_utc.astimezone(local).isoformat(),
        infusion_end=infusion_end.isoformat(),
        cooling_end=cooling_end.isoformat(),
    )
    result = code_batch([record])[0]
    units = sum(line["units"] for line in result["lines"] if line["code"] == "97009")
    assert units == post // 1800
    assert OUTPUT.is_valid(result)


def _random_session(rng: random.Random, index: int, course: str = "C") -> dict[str, Any]:
    day = datetime(2025, 11, 1, 8, 0, tzinfo=ZoneInfo("America/New_York")) + timedelta(days=rng.randrange(0, 120))
    pre, infusion, post = rng.randrange(0, 60), rng.randrange(10, 300), rng.randrange(0, 250)
    return session(
        session_id=f"S{index}",
        course_id=course,
        facility_state=rng.choice(["PA", "OH", "GA", "NY", "TX", "LA"]),
        setting=rng.choice(["office", "hospital_outpatient"]),
        payer={"type": rng.choice(["medicare", "medicare_advantage", "medicaid", "commercial", "self_pay"])},
        diagnoses=rng.choice([["C50.912", "Z51.11"], ["C34.90"], ["Z51.11"], ["C92.00", "Z51.11"], ["C56.9"]]),
        chemo_admin=rng.choice([[], [{"code": "96413"}], [{"code": "96413"}, {"code": "96415", "units": 2}]]),
        cap_fitting=rng.random() < 0.3,
        cooling_start=day.isoformat(),
        infusion_start=(day + timedelta(minutes=pre)).isoformat(),
        infusion_end=(day + timedelta(minutes=pre + infusion)).isoformat(),
        cooling_end=(day + timedelta(minutes=pre + infusion + post)).isoformat(),
        em_visit=rng.choice([None, {"code": "99214", "separately_identifiable": rng.random() < 0.5}]),
    )


@given(seed=st.integers(min_value=0, max_value=2**32), size=st.integers(min_value=1, max_value=30))
@settings(max_examples=150, deadline=None)
def test_no_line_without_units_or_pointer_and_output_matches_schema(seed: int, size: int) -> None:
    rng = random.Random(seed)
    records = [_random_session(rng, i, course=f"C{i % 4}") for i in range(size)]
    for result in code_batch(records):
        errors = list(OUTPUT.iter_errors(result))
        assert not errors, errors[0].message
        for line in result["lines"]:
            assert line["units"] >= 1
            assert line["diagnosis_pointers"]
            assert all(1 <= p <= len(result["diagnoses"]) for p in line["diagnosis_pointers"])


@given(
    seed=st.integers(min_value=0, max_value=2**32),
    size=st.integers(min_value=2, max_value=16),
    order=st.randoms(use_true_random=False),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_course_results_do_not_depend_on_batch_order(seed: int, size: int, order: random.Random) -> None:
    rng = random.Random(seed)
    records = [_random_session(rng, i, course=f"C{i % 2}") for i in range(size)]
    shuffled = records[:]
    order.shuffle(shuffled)
    first = {r["session_id"]: r for r in code_batch(records)}
    second = {r["session_id"]: r for r in code_batch(shuffled)}
    assert first == second


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)
contract_keys = st.sampled_from(list(session().keys()))


@given(st.dictionaries(st.one_of(contract_keys, st.text(max_size=8)), json_values, max_size=12))
@settings(max_examples=400, deadline=None)
def test_any_json_object_yields_a_result(raw: dict[str, Any]) -> None:
    result = code_batch([raw])[0]
    assert not list(OUTPUT.iter_errors(result))
    if result["status"] == "rejected":
        assert result["errors"] and all(e["field"] and e["message"] for e in result["errors"])


@given(key=contract_keys, value=json_values)
@settings(max_examples=400, deadline=None)
def test_one_corrupted_field_of_a_valid_session(key: str, value: Any) -> None:
    record = session()
    record[key] = value
    result = code_batch([record])[0]
    assert not list(OUTPUT.iter_errors(result))
    if result["status"] == "rejected":
        assert all(e["field"].split(".")[0].split("[")[0] == key for e in result["errors"])
