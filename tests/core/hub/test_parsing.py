"""Bad input: every bad field is named, a bad event is refused alone, an invalid case is not replayed."""

from __future__ import annotations

from typing import Any

import pytest

from coolclaim.hub import replay
from tests.core.hub.support import BI_PA, ENROLLED, SUBMITTED, codes, ev, reference, run


def errors_by_field(out: dict[str, Any]) -> dict[str | None, tuple[int | None, str]]:
    return {e["field"]: (e["event_index"], e["code"]) for e in out["errors"]}


def test_every_bad_case_field_is_named() -> None:
    raw = {
        "case_id": "",
        "payer_type": "medicaid",
        "facility_contracted": "yes",
        "calendar": "state",
        "timezone": "Mars/Olympus_Mons",
        "as_of": "2026-05-04T09:00:00",
        "events": [{"type": "enrolled", "at": "2026-05-04"}, {"type": "pa_decided", "at": 5, "decision": "modified"}],
    }
    out = replay(raw, reference()).as_dict()
    assert (out["case_id"], out["state"], out["outcome"], out["next"], out["deadlines"]) == (None, None, None, [], [])
    assert [(e["event_index"], e["code"], e["field"], e["message"]) for e in out["errors"]] == [
        (None, "INVALID_CASE", "case_id", "case_id: '' is not a non-empty string"),
        (
            None,
            "INVALID_CASE",
            "payer_type",
            "payer_type: 'medicaid' is not one of medicare, medicare_advantage, medicaid_ffs, "
            "medicaid_managed_care, chip, exchange_qhp, commercial, none",
        ),
        (None, "INVALID_CASE", "facility_contracted", "facility_contracted: 'yes' is not true or false"),
        (None, "INVALID_CASE", "calendar", "calendar: 'state' is not one of hub, federal"),
        (None, "INVALID_CASE", "timezone", "timezone: 'Mars/Olympus_Mons' is not an IANA time zone name"),
        (None, "INVALID_CASE", "as_of", "as_of: '2026-05-04T09:00:00' has no UTC offset"),
        (0, "BAD_EVENT", "events[0].at", "events[0].at: '2026-05-04' is a date, not a date-time"),
        (1, "BAD_EVENT", "events[1].at", "events[1].at: 5 is not an ISO 8601 date-time string"),
        (1, "BAD_EVENT", "events[1].decision", "events[1].decision: 'modified' is not one of approved, denied"),
    ]


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"events": [ENROLLED]}, "case_id", "case_id: is required"),
        ({"case_id": 7, "events": [ENROLLED]}, "case_id", "case_id: 7 is not a non-empty string"),
        ({"case_id": "A"}, "events", "events: is required (a list that starts with the enrolled event)"),
        ({"case_id": "A", "events": {}}, "events", "events: dict is not a list"),
        ({"case_id": "A", "events": []}, "events", "events: is empty: a case starts with the enrolled event"),
    ],
)
def test_case_shape(raw: dict[str, Any], field: str, message: str) -> None:
    out = replay(raw, reference()).as_dict()
    assert [(e["code"], e["field"], e["message"]) for e in out["errors"]] == [("INVALID_CASE", field, message)]


def test_a_case_that_is_not_an_object() -> None:
    out = replay(["enrolled"], reference()).as_dict()
    assert out["errors"] == [
        {
            "event_index": None,
            "code": "INVALID_CASE",
            "message": "case: a case must be a JSON object, not list",
            "field": None,
        }
    ]


AT = "2026-05-04T10:00:00-04:00"


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("enrolled", {"events[1]": "events[1]: str is not an object"}),
        ({"at": AT}, {"events[1].type": "events[1].type: is required"}),
        (
            {"type": "paid", "at": AT},
            {
                "events[1].type": "events[1].type: 'paid' is not one of enrolled, "
                "patient_contacted, bi_completed, pa_submitted, pa_decided, appeal_filed, "
                "appeal_decided, pap_decided, withdrawn"
            },
        ),
        ({"type": "withdrawn"}, {"events[1].at": "events[1].at: is required (ISO 8601 date-time with offset)"}),
        (
            {"type": "withdrawn", "at": "yesterday"},
            {"events[1].at": "events[1].at: 'yesterday' is not an ISO 8601 date-time"},
        ),
        ({"type": "bi_completed", "at": AT}, {"events[1].coverage": "events[1].coverage: is required"}),
        (
            {"type": "bi_completed", "at": AT, "coverage": "covered"},
            {"events[1].pa_required": "events[1].pa_required: is required (true or false)"},
        ),
        (
            {"type": "bi_completed", "at": AT, "coverage": "partial", "pa_required": "no"},
            {
                "events[1].coverage": "events[1].coverage: 'partial' is not one of covered, not_covered, underinsured, "
                "uninsured",
                "events[1].pa_required": "events[1].pa_required: 'no' is not true or false",
            },
        ),
        (
            {"type": "pa_submitted", "at": AT, "expedited": 1},
            {"events[1].expedited": "events[1].expedited: 1 is not true or false"},
        ),
        (
            {"type": "pa_decided", "at": AT, "appeal_available": "maybe"},
            {
                "events[1].decision": "events[1].decision: is required",
                "events[1].appeal_available": "events[1].appeal_available: 'maybe' is not true or false",
            },
        ),
        ({"type": "appeal_decided", "at": AT}, {"events[1].decision": "events[1].decision: is required"}),
        (
            {"type": "pap_decided", "at": AT, "eligible": None},
            {"events[1].eligible": "events[1].eligible: is required (true or false)"},
        ),
    ],
)
def test_every_bad_event_field_is_named(event: Any, expected: dict[str, str]) -> None:
    out = run(ENROLLED, event)
    assert {e["field"]: e["message"] for e in out["errors"]} == expected
    assert {(e["event_index"], e["code"]) for e in out["errors"]} == {(1, "BAD_EVENT")}
    assert out["state"] == "bi_pending"


def test_bad_event_is_not_applied_and_the_others_replay() -> None:
    out = run(ENROLLED, BI_PA, {"type": "pa_submitted", "at": AT, "expedited": "yes"}, SUBMITTED)
    assert codes(out) == [(2, "BAD_EVENT")]
    assert out["state"] == "pa_pending"


def test_uncovered_bi_needs_no_pa_flag_and_extra_fields_are_ignored() -> None:
    out = run(ENROLLED, ev("bi_completed", AT, coverage="uninsured", actor="coordinator", reason="no plan"))
    assert (out["state"], out["errors"]) == ("pap_screening", [])


def test_events_out_of_order_are_refused() -> None:
    out = run(ENROLLED, ev("bi_completed", "2026-05-03T09:00:00-04:00", coverage="uninsured"))
    assert out["errors"] == [
        {
            "event_index": 1,
            "code": "BAD_EVENT",
            "message": "events[1].at: 2026-05-03T09:00:00-04:00 is before an earlier event's time "
            "(2026-05-04T09:00:00-04:00); events must be listed in the order they happened",
            "field": "events[1].at",
        }
    ]
    assert out["state"] == "bi_pending"


def test_same_instant_in_another_offset_is_in_order() -> None:
    out = run(ENROLLED, ev("bi_completed", "2026-05-04T13:00:00Z", coverage="uninsured"))
    assert (out["state"], out["errors"]) == ("pap_screening", [])


def test_defaults() -> None:
    raw = {"case_id": "D", "events": [ENROLLED]}
    out = replay(raw, reference()).as_dict()
    assert out["errors"] == []
    assert out["deadlines"][0]["due"] == "2026-05-06T23:59:59-04:00"  # hub calendar, New York


def test_a_validated_case_replays_the_same_as_its_raw_form() -> None:
    from coolclaim.hub.parsing import parse_case
    from tests.core.hub.support import case

    raw = case(ENROLLED, BI_PA, SUBMITTED, payer_type="medicare_advantage")
    parsed = parse_case(raw)
    assert parsed.case is not None
    assert replay(parsed.case, reference()) == replay(raw, reference())
