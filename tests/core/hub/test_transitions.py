"""Every row of the contract's transition table, the guards, and every refused event type."""

from __future__ import annotations

from typing import Any

import pytest

from coolclaim.hub.transitions import TRANSITIONS
from coolclaim.hub.vocabulary import CaseState, EventType
from tests.core.hub.support import (
    APPEAL,
    APPEAL_APPROVED,
    APPEAL_DENIED,
    APPROVED,
    BI_NO_PA,
    BI_PA,
    BI_UNINSURED,
    CONTACTED,
    DENIED,
    DENIED_FINAL,
    ENROLLED,
    PAP_NO,
    PAP_YES,
    SUBMITTED,
    WITHDRAWN,
    codes,
    ev,
    run,
)

BI_AT = "2026-05-05T09:00:00-04:00"


@pytest.mark.parametrize(
    ("events", "state", "outcome"),
    [
        ([ENROLLED], "bi_pending", None),
        ([ENROLLED, BI_NO_PA], "closed", "covered"),
        ([ENROLLED, BI_PA], "pa_required", None),
        ([ENROLLED, ev("bi_completed", BI_AT, coverage="not_covered")], "pap_screening", None),
        ([ENROLLED, ev("bi_completed", BI_AT, coverage="underinsured", pa_required=True)], "pap_screening", None),
        ([ENROLLED, BI_UNINSURED], "pap_screening", None),
        ([ENROLLED, BI_PA, SUBMITTED], "pa_pending", None),
        ([ENROLLED, BI_PA, SUBMITTED, APPROVED], "closed", "covered"),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED], "appeal_possible", None),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED_FINAL], "pap_screening", None),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL], "appeal_pending", None),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_APPROVED], "closed", "covered"),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_DENIED], "pap_screening", None),
        ([ENROLLED, BI_UNINSURED, PAP_YES], "closed", "pap"),
        ([ENROLLED, BI_UNINSURED, PAP_NO], "closed", "self_pay"),
        ([ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_DENIED, PAP_YES], "closed", "pap"),
        ([ENROLLED, CONTACTED], "bi_pending", None),
    ],
)
def test_table_rows(events: list[dict[str, Any]], state: str, outcome: str | None) -> None:
    out = run(*events)
    assert (out["state"], out["outcome"], out["errors"]) == (state, outcome, [])


@pytest.mark.parametrize(
    "before",
    [
        [ENROLLED],
        [ENROLLED, BI_PA],
        [ENROLLED, BI_PA, SUBMITTED],
        [ENROLLED, BI_PA, SUBMITTED, DENIED],
        [ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL],
        [ENROLLED, BI_UNINSURED],
    ],
)
def test_withdrawn_closes_every_open_state(before: list[dict[str, Any]]) -> None:
    out = run(*before, WITHDRAWN)
    assert (out["state"], out["outcome"], out["next"], out["errors"]) == ("closed", "withdrawn", [], [])


@pytest.mark.parametrize(
    ("events", "next_events"),
    [
        ([], ["enrolled"]),
        ([ENROLLED], ["patient_contacted", "bi_completed", "withdrawn"]),
        ([ENROLLED, CONTACTED], ["bi_completed", "withdrawn"]),
        ([ENROLLED, BI_PA], ["patient_contacted", "pa_submitted", "withdrawn"]),
        ([ENROLLED, CONTACTED, BI_PA, SUBMITTED], ["pa_decided", "withdrawn"]),
        ([ENROLLED, CONTACTED, BI_PA, SUBMITTED, DENIED], ["appeal_filed", "withdrawn"]),
        ([ENROLLED, CONTACTED, BI_PA, SUBMITTED, DENIED, APPEAL], ["appeal_decided", "withdrawn"]),
        ([ENROLLED, CONTACTED, BI_UNINSURED], ["pap_decided", "withdrawn"]),
        ([ENROLLED, BI_NO_PA], []),
    ],
)
def test_next_events(events: list[dict[str, Any]], next_events: list[str]) -> None:
    if events:
        assert run(*events)["next"] == next_events
    else:  # a case whose only event is refused has not started
        out = run(ev("bi_completed", BI_AT, coverage="uninsured"))
        assert (out["state"], out["next"]) == (None, next_events)


class TestFacilityNotContracted:
    """Every step that would open the PAP screening closes the case as self_pay; pap_decided is refused."""

    @pytest.mark.parametrize(
        "events",
        [
            [ENROLLED, BI_UNINSURED],
            [ENROLLED, BI_PA, SUBMITTED, DENIED_FINAL],
            [ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_DENIED],
        ],
    )
    def test_pap_screening_becomes_self_pay(self, events: list[dict[str, Any]]) -> None:
        out = run(*events, facility_contracted=False)
        assert (out["state"], out["outcome"], out["errors"]) == ("closed", "self_pay", [])

    def test_pap_decided_refused_with_the_reason(self) -> None:
        out = run(ENROLLED, PAP_YES, facility_contracted=False)
        assert out["errors"] == [
            {
                "event_index": 1,
                "code": "ILLEGAL_TRANSITION",
                "message": "pap_decided refused: the patient assistance program is open only to facilities "
                "contracted under the insurance-based billing model, and this facility is not contracted",
            }
        ]
        assert (out["state"], out["next"]) == ("bi_pending", ["patient_contacted", "bi_completed", "withdrawn"])

    def test_covered_paths_are_unchanged(self) -> None:
        out = run(ENROLLED, BI_PA, SUBMITTED, APPROVED, facility_contracted=False)
        assert (out["state"], out["outcome"]) == ("closed", "covered")


class TestOneAppeal:
    def test_second_appeal_while_pending(self) -> None:
        out = run(ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, ev("appeal_filed", "2026-05-12T09:00:00-04:00"))
        assert out["errors"] == [
            {
                "event_index": 5,
                "code": "SECOND_APPEAL",
                "message": "appeal_filed refused: the hub assists through one appeal per case, and event 4 filed it",
            }
        ]
        assert out["state"] == "appeal_pending"

    def test_second_appeal_after_denied_appeal(self) -> None:
        out = run(
            ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_DENIED, ev("appeal_filed", "2026-05-21T09:00:00-04:00")
        )
        assert codes(out) == [(6, "SECOND_APPEAL")]
        assert (out["state"], out["next"]) == ("pap_screening", ["patient_contacted", "pap_decided", "withdrawn"])

    def test_second_appeal_after_closing(self) -> None:
        out = run(
            ENROLLED, BI_PA, SUBMITTED, DENIED, APPEAL, APPEAL_APPROVED, ev("appeal_filed", "2026-05-21T09:00:00-04:00")
        )
        assert codes(out) == [(6, "SECOND_APPEAL")]
        assert (out["state"], out["outcome"]) == ("closed", "covered")


LATER = "2026-05-25T09:00:00-04:00"


REFUSALS: list[tuple[list[dict[str, Any]], str]] = [
    (
        [ENROLLED, ev("enrolled", LATER)],
        "enrolled refused: the case already started with event 0 (enrolled at 2026-05-04T09:00:00-04:00)",
    ),
    (
        [ENROLLED, CONTACTED, ev("patient_contacted", LATER)],
        "patient_contacted refused: the patient contact is recorded once, and event 1 recorded it",
    ),
    (
        [ENROLLED, BI_PA, ev("bi_completed", LATER, coverage="covered", pa_required=False)],
        "bi_completed refused: not allowed while the case is pa_required (bi_completed is allowed in: "
        "bi_pending; allowed now: patient_contacted, pa_submitted, withdrawn)",
    ),
    (
        [ENROLLED, ev("pa_submitted", LATER)],
        "pa_submitted refused: not allowed while the case is bi_pending (pa_submitted is allowed in: "
        "pa_required; allowed now: patient_contacted, bi_completed, withdrawn)",
    ),
    (
        [ENROLLED, BI_PA, ev("pa_decided", LATER, decision="approved")],
        "pa_decided refused: not allowed while the case is pa_required (pa_decided is allowed in: "
        "pa_pending; allowed now: patient_contacted, pa_submitted, withdrawn)",
    ),
    (
        [ENROLLED, BI_PA, SUBMITTED, ev("appeal_filed", LATER)],
        "appeal_filed refused: not allowed while the case is pa_pending (appeal_filed is allowed in: "
        "appeal_possible; allowed now: patient_contacted, pa_decided, withdrawn)",
    ),
    (
        [ENROLLED, BI_PA, SUBMITTED, DENIED, ev("appeal_decided", LATER, decision="approved")],
        "appeal_decided refused: not allowed while the case is appeal_possible (appeal_decided is allowed "
        "in: appeal_pending; allowed now: patient_contacted, appeal_filed, withdrawn)",
    ),
    (
        [ENROLLED, ev("pap_decided", LATER, eligible=True)],
        "pap_decided refused: not allowed while the case is bi_pending (pap_decided is allowed in: "
        "pap_screening; allowed now: patient_contacted, bi_completed, withdrawn)",
    ),
    (
        [ENROLLED, BI_NO_PA, ev("withdrawn", LATER)],
        "withdrawn refused: the case was closed (covered) by event 1; a closed case takes no more events",
    ),
    (
        [ENROLLED, BI_NO_PA, ev("patient_contacted", LATER)],
        "patient_contacted refused: the case was closed (covered) by event 1; a closed case takes no more events",
    ),
    (
        [ev("bi_completed", BI_AT, coverage="uninsured"), ev("enrolled", LATER)],
        "bi_completed refused: the case has not started: its first event must be enrolled",
    ),
]


@pytest.mark.parametrize(("events", "message"), REFUSALS)
def test_refused_events_are_explained(events: list[dict[str, Any]], message: str) -> None:
    out = run(*events)
    assert [(e["code"], e["message"]) for e in out["errors"]] == [("ILLEGAL_TRANSITION", message)]


def test_refused_event_is_not_applied_and_replay_continues() -> None:
    out = run(ENROLLED, ev("pa_submitted", "2026-05-04T10:00:00-04:00"), BI_PA, SUBMITTED, APPROVED)
    assert codes(out) == [(1, "ILLEGAL_TRANSITION")]
    assert (out["state"], out["outcome"]) == ("closed", "covered")


def test_every_event_type_is_refused_somewhere() -> None:
    """The refusal cases above cover each event type of the contract."""
    assert {message.split(" ", 1)[0] for _, message in REFUSALS} == {str(e) for e in EventType}


def test_table_never_leaves_closed() -> None:
    assert [key for key in TRANSITIONS if key[0] is CaseState.CLOSED] == []
