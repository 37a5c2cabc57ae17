"""Bad records are rejected with every bad field named; nothing valid is lost."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.factories import code, code_batch, session


def fields(result: dict[str, Any]) -> list[str]:
    assert result["status"] == "rejected"
    assert result["lines"] == [] and result["edits"] == []
    return [e["field"] for e in result["errors"]]


def test_every_bad_field_is_listed() -> None:
    record = session(
        setting="clinic",
        diagnoses="C50.911",
        facility_state="Pennsylvania",
        patient_birth_date="02/05/1971",
        cooling_start="yesterday",
        chemo_admin=[{"code": "96413", "units": 0}, {"units": 1}],
        payer={"type": "insurance", "funding": "partly", "group_size": "huge", "plan_state": "XX"},
        cap_fitting="maybe",
        em_visit={"code": "12345", "separately_identifiable": "yes"},
    )
    got = fields(code(record))
    assert got == [
        "facility_state",
        "setting",
        "patient_birth_date",
        "payer.type",
        "payer.funding",
        "payer.group_size",
        "payer.plan_state",
        "diagnoses",
        "chemo_admin[0].units",
        "chemo_admin[1].code",
        "cap_fitting",
        "cooling_start",
        "em_visit.code",
        "em_visit.separately_identifiable",
    ]


@pytest.mark.parametrize(
    "missing",
    [
        "session_id",
        "patient_id",
        "course_id",
        "facility_state",
        "setting",
        "patient_birth_date",
        "payer",
        "diagnoses",
    ],
)
def test_required_fields(missing: str) -> None:
    record = session()
    del record[missing]
    result = code(record)
    assert fields(result) == [missing]
    assert "required" in result["errors"][0]["message"]


def test_session_id_is_echoed_on_rejection() -> None:
    assert code(session(setting="x"))["session_id"] == "T-1"


def test_empty_diagnoses_rejected() -> None:
    assert fields(code(session(diagnoses=[]))) == ["diagnoses"]


def test_bad_diagnosis_item_named_by_index() -> None:
    result = code(session(diagnoses=["C50.912", "50.9", 7]))
    assert fields(result) == ["diagnoses[1]", "diagnoses[2]"]


def test_diagnoses_with_or_without_dot_code_the_same() -> None:
    a = code(session(diagnoses=["C50.912", "Z51.11"]))
    b = code(session(diagnoses=["c50912", "Z5111"]))
    assert a == b


def test_birth_date_after_service_rejected() -> None:
    assert fields(code(session(patient_birth_date="2027-01-01"))) == ["patient_birth_date"]


def test_not_an_object() -> None:
    for raw in (None, 3, "text", [1, 2], True):
        result = code_batch([raw])[0]
        assert result["status"] == "rejected"
        assert result["session_id"] is None
        assert result["errors"][0]["field"] == "(record)"


def test_unknown_time_zone_rejected() -> None:
    assert fields(code(session(facility_timezone="Mars/Olympus"))) == ["facility_timezone"]


def test_valid_records_survive_beside_bad_ones() -> None:
    batch = [session(session_id="A"), {"garbage": True}, session(session_id="C", setting="lab")]
    results = code_batch(batch)
    assert [r["status"] for r in results] == ["ready", "rejected", "rejected"]
    assert [r["session_id"] for r in results] == ["A", None, "C"]


def test_extra_fields_are_ignored() -> None:
    assert code(session(custom_note="hello", nurse="RN-7"))["status"] == "ready"


def test_units_default_to_one() -> None:
    result = code(session(chemo_admin=[{"code": "96413"}, {"code": "96415", "units": 2}]))
    assert [(line["code"], line["units"]) for line in result["lines"][:2]] == [
        ("96413", 1),
        ("96415", 2),
    ]


def test_null_optional_objects_are_fine() -> None:
    result = code(session(device=None, documentation=None, em_visit=None, regimen=None, chemo_admin=None))
    assert result["status"] == "hold"  # documentation missing is an edit, not a rejection


# --- the usual-shape path and the full path agree -----------------------------------------
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coolclaim import bootstrap  # noqa: E402
from coolclaim.coding.validate import parse_session, parse_session_fully  # noqa: E402

_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 3), st.text(max_size=12), st.sampled_from(
        ["", " ", "PA", "ny", "office", "C50.912", "2026-02-03T09:00:00-05:00", "2026-02-03", "1970-06-15",
         "America/New_York", "99214", "G0463", "96413", "J9267", "medicare", "large", "self_funded"]
    ),
    st.lists(st.sampled_from(["C50.912", "z51.11", 7, "bad", {"code": "96413"}]), max_size=3),
    st.dictionaries(st.sampled_from(["code", "units", "type", "serial", "order_verified", "plan_state"]),
                    st.one_of(st.none(), st.booleans(), st.integers(0, 2), st.text(max_size=6)), max_size=3),
)  # fmt: skip
_KEYS = st.sampled_from([
    *sorted(session()), "payer__type", "payer__plan_state", "payer__funding", "device__serial",
    "documentation__order_verified", "em_visit", "facility_timezone", "abn_obtained", "payer__plan_renewal_date",
    "payer__medicaid_delivery",
])  # fmt: skip


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(_KEYS, _VALUES, max_size=4))
def test_the_usual_path_gives_exactly_what_the_full_path_gives(changes: dict[str, Any]) -> None:
    try:
        record = session(**changes)
    except TypeError:  # a dotted key inside a field the same example replaced
        assume(False)
        return
    engine = bootstrap.engine()
    states, em = engine._states, engine._em_codes
    assert parse_session(record, states, em) == parse_session_fully(record, states, em)
