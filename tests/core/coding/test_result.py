"""The engine's typed result and the one contract serializer."""

from __future__ import annotations

import dataclasses
import io
import random
from datetime import date

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.coding.contract_json import as_contract, encode, encode_lines, encode_many, encode_plainly
from coolclaim.coding.result import CodedSession, Line
from coolclaim.io.coded_output import write_csv
from coolclaim.vocabulary import CodedStatus, Severity
from tests.core.coding.test_properties import _random_session
from tests.core.factories import engine, session


def test_engine_returns_frozen_slotted_types() -> None:
    result = engine().code_batch([session(cap_fitting=True)])[0]
    assert isinstance(result, CodedSession)
    assert result.status is CodedStatus.READY
    assert result.date_of_service == date(2026, 2, 3)
    assert [line.code for line in result.lines] == ["96413", "97007", "97008", "97009"]
    assert all(isinstance(line, Line) for line in result.lines)
    assert result.edits[0].severity is Severity.INFO
    assert not hasattr(result, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = CodedStatus.HOLD  # type: ignore[misc]


def test_one_serializer_for_object_array_and_lines() -> None:
    results = engine().code_batch([session(), session(session_id="T-2", setting="hospital_outpatient"), {}])
    each = [encode(r) for r in results]
    assert encode_many(results) == b"[" + b",".join(each) + b"]"
    assert encode_lines(results) == b"\n".join(each) + b"\n"
    assert [as_contract(r) for r in results] == [orjson.loads(e) for e in each]


def test_contract_keys_in_order() -> None:
    ready, hospital, rejected = engine().code_batch(
        [session(), session(session_id="T-2", setting="hospital_outpatient"), {}]
    )
    assert list(as_contract(ready)) == [
        "session_id",
        "status",
        "date_of_service",
        "lines",
        "edits",
        "diagnoses",
        "course_session_number",
        "coverage",
    ]
    assert list(as_contract(ready)["lines"][0]) == ["code", "modifiers", "units", "diagnosis_pointers"]
    assert list(as_contract(hospital)["lines"][0]) == [
        "code",
        "modifiers",
        "units",
        "diagnosis_pointers",
        "revenue_code",
    ]
    assert list(as_contract(rejected)) == ["session_id", "status", "date_of_service", "lines", "edits", "errors"]


def test_csv_row_derives_from_the_same_result() -> None:
    result = engine().code_batch([session()])[0]
    out = io.StringIO()
    write_csv([result], out)
    row = out.getvalue().splitlines()[1]
    lines = "96413 x1 [1,2]; 97008 x1 [1,2]; 97009 x3 [1,2]"
    assert row.startswith(f'T-1,ready,2026-02-03,"{lines}","COVERAGE_UNKNOWN (info): ')
    assert row.endswith(",unknown,")


@settings(deadline=None, max_examples=20)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=40))
def test_fragment_encoding_is_exactly_one_orjson_dump(seed: int, size: int) -> None:
    records = [_random_session(random.Random(seed * 1000 + i), i) for i in range(size)]
    for result in engine().code_batch([*records, *records]):  # repeats hit the fragment memo
        assert encode(result) == encode_plainly(result)
