"""Building cases for the hub tests: the reference data once, events in one line each."""

from __future__ import annotations

from functools import cache
from typing import Any

from coolclaim.hub import CaseResult, HubReference, hub_reference, replay
from coolclaim.refdata.builders import appeal_windows, calendars, pa_turnaround


@cache
def reference() -> HubReference:
    return hub_reference(calendars.load(), appeal_windows.load(), pa_turnaround.load())


def ev(kind: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "at": at, **fields}


def case(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "case_id": fields.pop("case_id", "T-1"),
        "payer_type": fields.pop("payer_type", "commercial"),
        **fields,
        "events": list(events),
    }


def run(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The contract's output object for a case made of these events."""
    return replay(case(*events, **fields), reference()).as_dict()


def result(*events: dict[str, Any], **fields: Any) -> CaseResult:
    return replay(case(*events, **fields), reference())


def deadline(out: dict[str, Any], kind: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [d for d in out["deadlines"] if d["kind"] == kind]
    assert len(found) == 1, out["deadlines"]
    return found[0]


def codes(out: dict[str, Any]) -> list[tuple[int | None, str]]:
    return [(e["event_index"], e["code"]) for e in out["errors"]]


# A few events on weekdays of May 2026 (no closure day between them), New York time.
ENROLLED = ev("enrolled", "2026-05-04T09:00:00-04:00")
CONTACTED = ev("patient_contacted", "2026-05-04T15:00:00-04:00")
BI_PA = ev("bi_completed", "2026-05-05T09:00:00-04:00", coverage="covered", pa_required=True)
BI_NO_PA = ev("bi_completed", "2026-05-05T09:00:00-04:00", coverage="covered", pa_required=False)
BI_UNINSURED = ev("bi_completed", "2026-05-05T09:00:00-04:00", coverage="uninsured")
SUBMITTED = ev("pa_submitted", "2026-05-06T09:00:00-04:00")
APPROVED = ev("pa_decided", "2026-05-08T09:00:00-04:00", decision="approved")
DENIED = ev("pa_decided", "2026-05-08T09:00:00-04:00", decision="denied")
DENIED_FINAL = ev("pa_decided", "2026-05-08T09:00:00-04:00", decision="denied", appeal_available=False)
APPEAL = ev("appeal_filed", "2026-05-11T09:00:00-04:00")
APPEAL_APPROVED = ev("appeal_decided", "2026-05-20T09:00:00-04:00", decision="approved")
APPEAL_DENIED = ev("appeal_decided", "2026-05-20T09:00:00-04:00", decision="denied")
PAP_YES = ev("pap_decided", "2026-05-21T09:00:00-04:00", eligible=True)
PAP_NO = ev("pap_decided", "2026-05-21T09:00:00-04:00", eligible=False)
WITHDRAWN = ev("withdrawn", "2026-05-22T09:00:00-04:00")
