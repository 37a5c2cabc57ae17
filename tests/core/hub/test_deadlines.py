"""Clocks: the patient contact across closure days, CMS-0057-F across DST, appeal windows, `met`."""

from __future__ import annotations

from typing import Any

import pytest

from coolclaim.calendars import calendar_from_spec
from coolclaim.hub import HubReference, replay
from coolclaim.hub.vocabulary import CalendarName, DeadlineKind, EventType
from coolclaim.refdata.builders import calendars
from coolclaim.refdata.payer_clock_model import AppealWindows
from tests.core.hub.support import (
    BI_PA,
    CONTACTED,
    DENIED,
    DENIED_FINAL,
    ENROLLED,
    SUBMITTED,
    case,
    deadline,
    ev,
    reference,
    result,
    run,
)

HUB_BASIS = "hub: patient contacted by the second hub business day after enrollment"


def contact_due(enrolled_at: str, **fields: Any) -> dict[str, Any]:
    return deadline(run(ev("enrolled", enrolled_at), **fields), "patient_contact")


class TestPatientContact:
    @pytest.mark.parametrize(
        ("enrolled_at", "due"),
        [
            # Thanksgiving (Thu 26) and the day after (Fri 27) are closed.
            ("2026-11-24T09:00:00-05:00", "2026-11-30T23:59:59-05:00"),
            ("2026-11-25T09:00:00-05:00", "2026-12-01T23:59:59-05:00"),
            ("2026-11-26T09:00:00-05:00", "2026-12-01T23:59:59-05:00"),
            ("2026-11-27T16:00:00-05:00", "2026-12-01T23:59:59-05:00"),
            # Christmas (Fri 25) and the year end (New Year's Day, Fri 1 January 2027).
            ("2026-12-23T09:00:00-05:00", "2026-12-28T23:59:59-05:00"),
            ("2026-12-24T09:00:00-05:00", "2026-12-29T23:59:59-05:00"),
            ("2026-12-30T09:00:00-05:00", "2027-01-04T23:59:59-05:00"),
            ("2026-12-31T17:00:00-05:00", "2027-01-05T23:59:59-05:00"),
            # Labor Day (Mon 7 September), a weekend in between.
            ("2026-09-04T15:00:00-04:00", "2026-09-09T23:59:59-04:00"),
            # The November DST change (Sunday 1 November 2026): the due time is local.
            ("2026-10-30T09:00:00-04:00", "2026-11-03T23:59:59-05:00"),
            # MLK Day (Mon 18 January 2027) and Memorial Day (Mon 31 May 2027).
            ("2027-01-15T09:00:00-05:00", "2027-01-20T23:59:59-05:00"),
            ("2027-05-28T09:00:00-04:00", "2027-06-02T23:59:59-04:00"),
        ],
    )
    def test_hub_calendar(self, enrolled_at: str, due: str) -> None:
        assert contact_due(enrolled_at) == {"kind": "patient_contact", "due": due, "met": None, "basis": HUB_BASIS}

    def test_federal_calendar_has_the_day_after_thanksgiving_but_not_veterans_day_off(self) -> None:
        assert contact_due("2026-11-25T09:00:00-05:00", calendar="federal")["due"] == "2026-11-30T23:59:59-05:00"
        assert contact_due("2026-11-10T09:00:00-05:00", calendar="federal")["due"] == "2026-11-13T23:59:59-05:00"
        assert contact_due("2026-11-10T09:00:00-05:00")["due"] == "2026-11-12T23:59:59-05:00"
        assert contact_due("2026-11-10T09:00:00-05:00", calendar="federal")["basis"] == (
            "federal: patient contacted by the second federal business day after enrollment"
        )

    def test_day_of_enrollment_is_the_local_day_of_the_case_timezone(self) -> None:
        at = "2026-11-24T22:30:00-08:00"  # Tuesday in Los Angeles, already Wednesday in New York
        assert contact_due(at, timezone="America/Los_Angeles")["due"] == "2026-11-30T23:59:59-08:00"
        assert contact_due(at)["due"] == "2026-12-01T23:59:59-05:00"

    def test_an_observed_closure_day_names_the_unverified_setting(self) -> None:
        # Independence Day 2026 is a Saturday: observed on Friday 3 July by default.
        out = contact_due("2026-07-02T09:00:00-04:00")
        assert out["due"] == "2026-07-07T23:59:59-04:00"
        assert out["basis"] == (
            HUB_BASIS + " (closed 2026-07-03 Independence Day (observed) under the setting "
            "weekend_observance=nearest_weekday, an unverified default: seed lists the eight days without an "
            "observance rule; default follows 5 U.S.C. 6103(b))"
        )

    def test_an_observed_closure_on_the_day_of_enrollment_is_not_named(self) -> None:
        # Friday 3 July 2026 is the observed Independence Day; the count starts the day after.
        assert contact_due("2026-07-03T09:00:00-04:00") == {
            "kind": "patient_contact",
            "due": "2026-07-07T23:59:59-04:00",
            "met": None,
            "basis": HUB_BASIS,
        }

    def test_observance_none_keeps_the_friday_open(self) -> None:
        spec = calendars.load().get("hub")
        assert spec is not None
        base = reference()
        no_observance = HubReference(
            {**base.calendars, CalendarName.HUB: calendar_from_spec(spec, "none")},
            base.appeal_windows,
            base.pa_turnaround,
        )
        out = replay(case(ev("enrolled", "2026-07-02T09:00:00-04:00")), no_observance).as_dict()
        assert deadline(out, "patient_contact") == {
            "kind": "patient_contact",
            "due": "2026-07-06T23:59:59-04:00",
            "met": None,
            "basis": HUB_BASIS,
        }

    def test_year_end_2027_observes_christmas_and_new_years_day_on_fridays(self) -> None:
        assert contact_due("2027-12-23T09:00:00-05:00")["due"] == "2027-12-28T23:59:59-05:00"
        assert contact_due("2027-12-30T09:00:00-05:00")["due"] == "2028-01-04T23:59:59-05:00"


class TestMet:
    def test_contacted_in_time(self) -> None:
        assert deadline(run(ENROLLED, CONTACTED), "patient_contact")["met"] is True

    def test_contacted_at_the_last_second(self) -> None:
        out = run(ENROLLED, ev("patient_contacted", "2026-05-06T23:59:59-04:00"))
        assert deadline(out, "patient_contact")["met"] is True

    def test_contacted_late(self) -> None:
        out = run(ENROLLED, ev("patient_contacted", "2026-05-07T00:00:00-04:00"))
        assert deadline(out, "patient_contact")["met"] is False

    def test_not_contacted_and_last_event_past_due(self) -> None:
        out = run(ENROLLED, ev("bi_completed", "2026-05-07T09:00:00-04:00", coverage="covered", pa_required=True))
        assert deadline(out, "patient_contact")["met"] is False

    def test_not_contacted_and_last_event_before_due(self) -> None:
        assert deadline(run(ENROLLED, BI_PA), "patient_contact")["met"] is None

    def test_a_clock_exactly_at_the_due_time_is_not_yet_late(self) -> None:
        at_due = run(ENROLLED, BI_PA, as_of="2026-05-06T23:59:59-04:00")
        after = run(ENROLLED, BI_PA, as_of="2026-05-07T00:00:00-04:00")
        assert deadline(at_due, "patient_contact")["met"] is None
        assert deadline(after, "patient_contact")["met"] is False

    def test_each_deadline_awaits_its_event(self) -> None:
        found = result(ENROLLED, BI_PA, SUBMITTED, DENIED, payer_type="medicare_advantage")
        assert [(d.kind, d.awaits) for d in found.deadlines] == [
            (DeadlineKind.PATIENT_CONTACT, EventType.PATIENT_CONTACTED),
            (DeadlineKind.PA_DECISION, EventType.PA_DECIDED),
            (DeadlineKind.APPEAL_FILING, EventType.APPEAL_FILED),
        ]
        unknown = result(ENROLLED, BI_PA, SUBMITTED, DENIED, payer_type="medicaid_ffs")
        assert [(d.kind, d.awaits) for d in unknown.undetermined] == [
            (DeadlineKind.APPEAL_FILING, EventType.APPEAL_FILED)
        ]
        raw = case(ENROLLED, BI_PA, SUBMITTED, DENIED)
        del raw["payer_type"]
        untyped = replay(raw, reference())
        assert [(d.kind, d.awaits) for d in untyped.undetermined] == [
            (DeadlineKind.APPEAL_FILING, EventType.APPEAL_FILED)
        ]

    def test_as_of_is_the_clock(self) -> None:
        late = run(ENROLLED, BI_PA, as_of="2026-05-07T00:00:00-04:00")
        early = run(
            ENROLLED,
            ev("bi_completed", "2026-05-08T09:00:00-04:00", coverage="uninsured"),
            as_of="2026-05-05T00:00:00-04:00",
        )
        assert (deadline(late, "patient_contact")["met"], late["clock"]) == (False, "2026-05-07T00:00:00-04:00")
        assert deadline(early, "patient_contact")["met"] is None


MA = {"payer_type": "medicare_advantage"}


def pa(submitted: dict[str, Any], *after: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return run(
        ev("enrolled", "2025-12-01T09:00:00-05:00"),
        ev("bi_completed", "2025-12-02T09:00:00-05:00", coverage="covered", pa_required=True),
        submitted,
        *after,
        **fields,
    )


class TestPaDecision:
    def test_standard_across_the_november_dst_change_keeps_the_local_time(self) -> None:
        out = pa(ev("pa_submitted", "2026-10-27T10:00:00-04:00"), **MA)
        assert deadline(out, "pa_decision") == {
            "kind": "pa_decision",
            "due": "2026-11-03T10:00:00-05:00",
            "met": None,
            "basis": "CMS-0057-F: standard request decided within 7 calendar days",
        }

    def test_standard_across_the_march_dst_change_keeps_the_local_time(self) -> None:
        out = pa(ev("pa_submitted", "2026-03-05T10:00:00-05:00"), **MA)
        assert deadline(out, "pa_decision")["due"] == "2026-03-12T10:00:00-04:00"

    def test_a_wall_time_that_occurs_twice_on_the_due_day_is_its_first_occurrence(self) -> None:
        # 01:30 on Sunday 1 November 2026 happens twice in New York; the due time is the first (EDT).
        out = pa(ev("pa_submitted", "2026-10-25T01:30:00-04:00"), **MA)
        assert deadline(out, "pa_decision")["due"] == "2026-11-01T01:30:00-04:00"

    def test_expedited_is_72_hours_of_absolute_time(self) -> None:
        out = pa(ev("pa_submitted", "2026-10-30T10:00:00-04:00", expedited=True), **MA)
        assert deadline(out, "pa_decision") == {
            "kind": "pa_decision",
            "due": "2026-11-02T09:00:00-05:00",
            "met": None,
            "basis": "CMS-0057-F: expedited request decided within 72 hours",
        }

    def test_submission_in_another_offset_is_judged_in_the_case_timezone(self) -> None:
        out = pa(ev("pa_submitted", "2026-06-01T14:00:00+00:00"), **MA)
        assert deadline(out, "pa_decision")["due"] == "2026-06-08T10:00:00-04:00"

    @pytest.mark.parametrize("payer_type", ["medicare_advantage", "medicaid_ffs", "medicaid_managed_care", "chip"])
    def test_bound_payer_types(self, payer_type: str) -> None:
        out = pa(ev("pa_submitted", "2026-01-01T00:30:00-05:00"), payer_type=payer_type)
        assert deadline(out, "pa_decision")["due"] == "2026-01-08T00:30:00-05:00"

    @pytest.mark.parametrize("payer_type", ["medicare", "exchange_qhp", "commercial", "none"])
    def test_other_payers_have_no_decision_deadline(self, payer_type: str) -> None:
        out = pa(ev("pa_submitted", "2026-06-01T10:00:00-04:00"), payer_type=payer_type)
        assert [d["kind"] for d in out["deadlines"]] == ["patient_contact"]
        assert out["undetermined_deadlines"] == []

    def test_requests_before_2026_have_no_decision_deadline(self) -> None:
        # 2026-01-01T03:00Z is still 31 December 2025 in New York, the case's timezone.
        for at in ("2025-12-31T10:00:00-05:00", "2026-01-01T03:00:00+00:00"):
            out = pa(ev("pa_submitted", at), **MA)
            assert [d["kind"] for d in out["deadlines"]] == ["patient_contact"]

    def test_decided_late_and_in_time(self) -> None:
        sub = ev("pa_submitted", "2026-06-01T10:00:00-04:00")
        late = pa(sub, ev("pa_decided", "2026-06-08T10:00:01-04:00", decision="approved"), **MA)
        on_time = pa(sub, ev("pa_decided", "2026-06-08T10:00:00-04:00", decision="approved"), **MA)
        assert deadline(late, "pa_decision")["met"] is False
        assert deadline(on_time, "pa_decision")["met"] is True

    def test_undecided_past_due_by_as_of(self) -> None:
        out = pa(ev("pa_submitted", "2026-06-01T10:00:00-04:00"), as_of="2026-06-09T00:00:00-04:00", **MA)
        assert deadline(out, "pa_decision")["met"] is False


def denied_case(payer_type: str, decision: dict[str, Any], *after: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return run(ENROLLED, CONTACTED, BI_PA, SUBMITTED, decision, *after, payer_type=payer_type, **fields)


class TestAppealFiling:
    @pytest.mark.parametrize(
        ("payer_type", "due", "basis_starts"),
        [
            ("medicare_advantage", "2026-07-12T23:59:59-04:00", "Medicare Advantage: 65 calendar days"),
            ("medicaid_managed_care", "2026-07-07T23:59:59-04:00", "Medicaid managed care: 60 calendar days"),
            ("commercial", "2026-11-04T23:59:59-05:00", "Employer (ERISA) and ACA plans: at least 180 days"),
            ("exchange_qhp", "2026-11-04T23:59:59-05:00", "ACA plans (exchange QHP): at least 180 days"),
        ],
    )
    def test_known_windows(self, payer_type: str, due: str, basis_starts: str) -> None:
        found = deadline(denied_case(payer_type, DENIED), "appeal_filing")
        assert (found["due"], found["met"]) == (due, None)
        assert found["basis"].startswith(basis_starts)
        assert "counted from the denial's date (2026-05-08)" in found["basis"]

    def test_medicare_advantage_basis_names_rule_and_source(self) -> None:
        assert deadline(denied_case("medicare_advantage", DENIED), "appeal_filing")["basis"] == (
            "Medicare Advantage: 65 calendar days from the date on the denial notice (CMS guidance from "
            "2025-01-01); counted from the denial's date (2026-05-08) as the date on the notice "
            "(42 CFR 422.582; CMS notice 2024-11-20; confidence P)"
        )

    def test_medicare_advantage_before_2025(self) -> None:
        out = run(
            ev("enrolled", "2024-06-03T09:00:00-04:00"),
            ev("bi_completed", "2024-06-03T10:00:00-04:00", coverage="covered", pa_required=True),
            ev("pa_submitted", "2024-06-03T11:00:00-04:00"),
            ev("pa_decided", "2024-06-03T12:00:00-04:00", decision="denied"),
            **MA,
        )
        found = deadline(out, "appeal_filing")
        assert found["due"] == "2024-08-07T23:59:59-04:00"
        assert found["basis"].startswith("Medicare Advantage: 60 calendar days from receipt of the notice")

    @pytest.mark.parametrize(
        ("payer_type", "why"),
        [
            ("medicaid_ffs", "Medicaid fee-for-service: the appeal window is set by the state"),
            ("chip", "CHIP: 60 calendar days from the notice in CHIP managed care"),
            ("medicare", "Traditional Medicare: no pre-service appeal"),
        ],
    )
    def test_unknown_windows_have_no_due_date_and_say_why(self, payer_type: str, why: str) -> None:
        out = denied_case(payer_type, DENIED)
        assert "appeal_filing" not in [d["kind"] for d in out["deadlines"]]
        [undetermined] = out["undetermined_deadlines"]
        assert (undetermined["kind"], undetermined["due"], undetermined["met"]) == ("appeal_filing", None, None)
        assert undetermined["basis"].startswith(f"appeal window unknown: {why}")
        assert undetermined["basis"].endswith(", so no due date")

    def test_no_payer_type_given(self) -> None:
        raw = case(ENROLLED, BI_PA, SUBMITTED, DENIED)
        del raw["payer_type"]
        out = replay(raw, reference()).as_dict()
        assert out["undetermined_deadlines"] == [
            {
                "kind": "appeal_filing",
                "due": None,
                "met": None,
                "basis": "appeal window unknown: the case gives no payer type, so no due date",
            }
        ]

    def test_the_window_counts_from_the_local_date_of_the_denial(self) -> None:
        # 22:00 in New York on 8 May is already 9 May in UTC.
        late_evening = ev("pa_decided", "2026-05-08T22:00:00-04:00", decision="denied")
        found = deadline(denied_case("medicare_advantage", late_evening), "appeal_filing")
        assert found["due"] == "2026-07-12T23:59:59-04:00"
        assert "counted from the denial's date (2026-05-08)" in found["basis"]

    def test_a_window_counted_from_receipt_says_so(self) -> None:
        assert deadline(denied_case("commercial", DENIED), "appeal_filing")["basis"] == (
            "Employer (ERISA) and ACA plans: at least 180 days after receiving the denial (the plan may allow"
            " more); counted from the denial's date (2026-05-08) as its receipt (29 CFR 2560.503-1(h)(3)(i);"
            " 45 CFR 147.136; confidence P)"
        )

    def test_a_payer_type_without_a_reference_row(self) -> None:
        base = reference()
        without_rows = HubReference(base.calendars, AppealWindows("test", ()), base.pa_turnaround)
        found = replay(case(ENROLLED, BI_PA, SUBMITTED, DENIED, payer_type="medicare_advantage"), without_rows)
        assert [d.as_dict() for d in found.undetermined] == [
            {
                "kind": "appeal_filing",
                "due": None,
                "met": None,
                "basis": "appeal window unknown: no reference row for payer type medicare_advantage on 2026-05-08,"
                " so no due date",
            }
        ]
        assert [(d.kind, d.awaits) for d in found.undetermined] == [
            (DeadlineKind.APPEAL_FILING, EventType.APPEAL_FILED)
        ]

    def test_not_filed_by_the_clock_past_the_window(self) -> None:
        past = denied_case("medicare_advantage", DENIED, as_of="2026-07-13T00:00:00-04:00")
        within = denied_case("medicare_advantage", DENIED, as_of="2026-07-12T23:59:59-04:00")
        assert deadline(past, "appeal_filing")["met"] is False
        assert deadline(within, "appeal_filing")["met"] is None

    def test_no_window_when_no_appeal_is_available(self) -> None:
        out = denied_case("medicare_advantage", DENIED_FINAL)
        assert [d["kind"] for d in out["deadlines"]] == ["patient_contact", "pa_decision"]
        assert out["undetermined_deadlines"] == []

    def test_filed_in_time_and_late(self) -> None:
        on_time = denied_case("medicare_advantage", DENIED, ev("appeal_filed", "2026-07-12T23:00:00-04:00"))
        late = denied_case("medicare_advantage", DENIED, ev("appeal_filed", "2026-07-13T08:00:00-04:00"))
        assert deadline(on_time, "appeal_filing")["met"] is True
        assert deadline(late, "appeal_filing")["met"] is False
