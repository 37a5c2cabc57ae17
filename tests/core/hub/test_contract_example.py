"""The contract's own example, output object for output object."""

from __future__ import annotations

from coolclaim.hub import replay
from tests.core.hub.support import case, ev, reference

CONTRACT_EXAMPLE_OUTPUT = {
    "case_id": "K-1",
    "state": "pa_pending",
    "outcome": None,
    "next": ["pa_decided", "withdrawn"],
    "deadlines": [
        {
            "kind": "patient_contact",
            "due": "2026-12-01T23:59:59-05:00",
            "met": True,
            "basis": "hub: patient contacted by the second hub business day after enrollment",
        },
        {
            "kind": "pa_decision",
            "due": "2026-12-10T10:00:00-05:00",
            "met": None,
            "basis": "CMS-0057-F: standard request decided within 7 calendar days",
        },
    ],
    "errors": [],
}


def test_contract_example() -> None:
    """Medicare Advantage, enrolled Wednesday 2026-11-25 (closed Thanksgiving and the day after),
    PA submitted 2026-12-03 10:00, not decided."""
    raw = case(
        ev("enrolled", "2026-11-25T09:00:00-05:00"),
        ev("patient_contacted", "2026-11-30T11:00:00-05:00"),
        ev("bi_completed", "2026-12-01T10:00:00-05:00", coverage="covered", pa_required=True),
        ev("pa_submitted", "2026-12-03T10:00:00-05:00"),
        case_id="K-1",
        payer_type="medicare_advantage",
    )
    out = replay(raw, reference()).as_dict()
    assert out == {
        **CONTRACT_EXAMPLE_OUTPUT,
        "undetermined_deadlines": [],
        "clock": "2026-12-03T10:00:00-05:00",
    }
