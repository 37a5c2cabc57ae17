"""Properties of the case core over arbitrary event sequences."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.calendars import is_business_day
from coolclaim.hub import replay
from coolclaim.hub.vocabulary import CalendarName, PayerType
from tests.core.hub.support import reference

TIMEZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu")

_FIELDS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "enrolled": st.just({}),
    "patient_contacted": st.just({}),
    "bi_completed": st.fixed_dictionaries(
        {
            "coverage": st.sampled_from(["covered", "not_covered", "underinsured", "uninsured"]),
            "pa_required": st.booleans(),
        }
    ),
    "pa_submitted": st.fixed_dictionaries({"expedited": st.booleans()}),
    "pa_decided": st.fixed_dictionaries(
        {"decision": st.sampled_from(["approved", "denied"]), "appeal_available": st.booleans()}
    ),
    "appeal_filed": st.just({}),
    "appeal_decided": st.fixed_dictionaries({"decision": st.sampled_from(["approved", "denied"])}),
    "pap_decided": st.fixed_dictionaries({"eligible": st.booleans()}),
    "withdrawn": st.just({}),
}


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A case whose events are drawn freely (any order of types), at increasing times."""
    start = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2031, 12, 31)))  # noqa: DTZ001
    zone = draw(st.sampled_from(TIMEZONES))
    moment = start.replace(tzinfo=ZoneInfo(zone))
    first_is_enrolled = draw(st.booleans())
    kinds = draw(st.lists(st.sampled_from(sorted(_FIELDS)), min_size=0, max_size=12))
    if first_is_enrolled or not kinds:
        kinds = ["enrolled", *kinds]
    events = []
    for kind in kinds:
        moment = moment + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 20)))
        events.append({"type": kind, "at": moment.astimezone(UTC).isoformat(), **draw(_FIELDS[kind])})
    return {
        "case_id": "P",
        "payer_type": draw(st.sampled_from([str(p) for p in PayerType])),
        "facility_contracted": draw(st.booleans()),
        "calendar": draw(st.sampled_from([str(c) for c in CalendarName])),
        "timezone": zone,
        "events": events,
    }


@settings(max_examples=300, deadline=None)
@given(cases())
def test_never_two_appeals(raw: dict[str, Any]) -> None:
    out = replay(raw, reference()).as_dict()
    refused = {e["event_index"]: e["code"] for e in out["errors"]}
    filings = [i for i, e in enumerate(raw["events"]) if e["type"] == "appeal_filed"]
    applied_filings = [i for i in filings if i not in refused]
    assert len(applied_filings) <= 1
    if applied_filings:
        assert {refused[i] for i in filings if i > applied_filings[0]} <= {"SECOND_APPEAL"}


@settings(max_examples=150, deadline=None)
@given(cases())
def test_a_closed_case_never_changes(raw: dict[str, Any]) -> None:
    closed_at: int | None = None
    closed: tuple[Any, Any] | None = None
    for n in range(1, len(raw["events"]) + 1):
        out = replay({**raw, "events": raw["events"][:n]}, reference()).as_dict()
        if closed is not None:
            assert (out["state"], out["outcome"]) == closed
            assert out["next"] == []
            assert n - 1 in {e["event_index"] for e in out["errors"]}, out["errors"]
        elif out["state"] == "closed":
            closed_at, closed = n - 1, (out["state"], out["outcome"])
            assert out["outcome"] in ("covered", "pap", "self_pay", "withdrawn")
    if closed_at is None:
        assert replay(raw, reference()).as_dict()["outcome"] is None


@settings(max_examples=200, deadline=None)
@given(cases(), st.text(min_size=1, max_size=8).filter(str.strip), st.datetimes(timezones=st.just(UTC)))
def test_outcome_depends_only_on_the_events(raw: dict[str, Any], case_id: str, as_of: datetime) -> None:
    first = replay(raw, reference()).as_dict()
    second = replay({**raw, "case_id": case_id, "as_of": as_of.isoformat()}, reference()).as_dict()
    keep = ("state", "outcome", "next", "errors")
    assert {k: first[k] for k in keep} == {k: second[k] for k in keep}
    due = [(d["kind"], d["due"], d["basis"]) for d in first["deadlines"]]
    assert due == [(d["kind"], d["due"], d["basis"]) for d in second["deadlines"]]


@settings(max_examples=300, deadline=None)
@given(cases())
def test_business_day_deadlines_fall_on_business_days(raw: dict[str, Any]) -> None:
    out = replay(raw, reference()).as_dict()
    calendar = reference().calendars[CalendarName(raw["calendar"])]
    zone = ZoneInfo(raw["timezone"])
    for found in out["deadlines"]:
        if found["kind"] != "patient_contact":
            continue
        due = datetime.fromisoformat(found["due"]).astimezone(zone)
        assert due.time().isoformat() == "23:59:59"
        assert due.weekday() < 5
        assert calendar.closure(due.date()) is None
        assert is_business_day(due.date(), calendar)
        refused = {e["event_index"] for e in out["errors"]}
        started = next(e for i, e in enumerate(raw["events"]) if e["type"] == "enrolled" and i not in refused)
        enrolled = datetime.fromisoformat(started["at"]).astimezone(zone).date()
        between = [enrolled + timedelta(days=k) for k in range(1, (due.date() - enrolled).days + 1)]
        assert sum(is_business_day(d, calendar) for d in between) == 2


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_hub_closure_days_are_never_business_days(day: date) -> None:
    hub = reference().calendars[CalendarName.HUB]
    names = {c.day: c.name for c in hub.closure_days(day.year)}
    assert is_business_day(day, hub) == (day.weekday() < 5 and day not in names)
