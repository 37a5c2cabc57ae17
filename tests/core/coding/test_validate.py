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
