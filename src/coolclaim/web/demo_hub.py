"""Hub cases of the synthetic demo: one in every state, overdue ones, and one that runs through
a denied PA, an appeal and the PAP. Dates are relative to the day the demo is seeded, so the
queue always has something due, something overdue and first infusions ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from coolclaim.web.accounts.models import Facility, User
from coolclaim.web.clinic.choices import CourseStatus
from coolclaim.web.clinic.models import Course, Patient, Session
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_appeal import decide_appeal
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.decide_pap import application_for, decide_pap
from coolclaim.web.hub.services.enroll import Enrollment, enroll
from coolclaim.web.hub.services.file_appeal import file_appeal
from coolclaim.web.hub.services.record_event import record_event
from coolclaim.web.hub.services.submit_pa import submit_pa


def seed_hub_cases(facilities: list[Facility], coordinator: User, today: dt.date | None = None) -> list[Case]:
    """Create the demo's cases (call once, on a new demo)."""
    today = today or timezone.localdate()
    # the courses that started last: a case's prior authorization is checked against its
    # course's sessions, and those of a course that began long before the case would all be held
    courses = list(
        Course.objects.filter(patient__facility__in=facilities)
        .select_related("patient__facility")
        .order_by("-start_date", "pk")[: 2 * len(_plans(coordinator))]
    )
    plans = _plans(coordinator)
    cases = []
    for (payer, ago, first_in, steps), course in zip(
        plans, courses[:: max(1, len(courses) // len(plans))], strict=False
    ):
        patient: Patient = course.patient
        tz = ZoneInfo(patient.facility.time_zone)
        start = today - dt.timedelta(days=ago)
        _begin_course_on(course, today + dt.timedelta(days=first_in), today)

        def at(day: int, hour: int = 10, start: dt.date = start, tz: ZoneInfo = tz) -> dt.datetime:
            d = start + dt.timedelta(days=day)
            return dt.datetime(d.year, d.month, d.day, hour, 0, tzinfo=tz)

        case = enroll(
            Enrollment(
                patient=patient,
                course=course,
                owner=coordinator,
                payer_type=payer,
                payer_name={"commercial": "Example Health Plan", "none": ""}.get(payer, "Example Advantage Plan"),
                prescriber="Dr Demo Prescriber",
                diagnosis="C50.912",
                regimen=course.regimen,
                planned_sessions=course.planned_sessions,
                consent=True,
                first_infusion_date=today + dt.timedelta(days=first_in),
                received_at=at(0, 9),
            ),
            actor=coordinator,
            reason="Demo enrollment",
        )
        for step in steps:
            step(case, at)
        cases.append(case)
    return cases


def _begin_course_on(course: Course, first: dt.date, today: dt.date) -> None:
    """Make ``course`` begin on its case's first infusion: a case is opened before treatment,
    so its course has no session before that day (the sessions the clinical data dated earlier
    are dropped, and the first one left is the cap fitting). Without this, every session of a
    course that began months before its case was held for its prior authorization, and the
    demo's work queue was led by claims hundreds of days old."""
    Session.objects.filter(course=course, service_date__lt=first).delete()
    kept = Session.objects.filter(course=course).order_by("service_date", "pk").first()
    if kept is not None and not kept.cap_fitting:
        Session.objects.filter(pk=kept.pk).update(cap_fitting=True)
    course.start_date = first
    if first > today:
        course.status, course.end_date = CourseStatus.PLANNED, None
    elif course.end_date is not None and course.end_date < first:
        course.status, course.end_date = CourseStatus.ACTIVE, None
    course.save(update_fields=["start_date", "status", "end_date"])


def _plans(c: User) -> list[tuple[str, int, int, list[Callable[..., object]]]]:
    def contact(day: int) -> Callable[..., object]:
        return lambda case, at: record_event(case, "patient_contacted", at(day), actor=c, reason="Phoned the patient")

    def bi(day: int, coverage: str = "covered", pa: bool = True) -> Callable[..., object]:
        def run(case: Case, at: Callable[..., dt.datetime]) -> None:
            found = BenefitsFound(
                completed_at=at(day),
                coverage=coverage,
                coverage_active=coverage != "uninsured",
                pa_required=pa,
                network="in" if coverage != "uninsured" else "unknown",
                deductible=Decimal("1500.00") if coverage != "uninsured" else None,
                deductible_met=Decimal("1500.00") if coverage != "uninsured" else None,
                coinsurance_percent=Decimal("0") if coverage != "uninsured" else None,
                copay=Decimal("0.00") if coverage != "uninsured" else None,
                pa_override_reason="Confirmed with the payer by phone",
                plan_state=case.facility.state,
            )
            complete_bi(case, found, actor=c, reason="Demo benefits investigation")

        return run

    def submit(day: int) -> Callable[..., object]:
        return lambda case, at: submit_pa(
            case, rail="portal", submitted_at=at(day), actor=c, reference_number="DEMO-PA"
        )

    def decide(day: int, decision: str) -> Callable[..., object]:
        def run(case: Case, at: Callable[..., dt.datetime]) -> None:
            auth = case.authorizations.get(decision="")
            if decision == "denied":
                decide_pa(auth, decision="denied", decided_at=at(day), actor=c, denial_reasons=["50", "N130"])
            else:
                first = case.first_infusion_date
                decide_pa(
                    auth, decision=decision, decided_at=at(day), actor=c, reference_number="AUTH-DEMO",
                    valid_from=first, valid_to=first + dt.timedelta(days=120), authorized_sessions=4,
                    authorized_units={"0662T": 1, "0663T": 4},
                )  # fmt: skip

        return run

    def regimen_changed(day: int) -> Callable[..., object]:
        """Approved, then the oncologist changes the regimen: the re-authorization step opens."""

        def run(case: Case, at: Callable[..., dt.datetime]) -> None:
            auth = case.authorizations.get(decision="")
            first = case.first_infusion_date
            decide_pa(
                auth, decision="approved", decided_at=at(day), actor=c, reference_number="AUTH-DEMO-3",
                valid_from=first, valid_to=first + dt.timedelta(days=120), authorized_sessions=6,
            )  # fmt: skip
            course = case.course
            if course is not None:
                course.regimen = "weekly paclitaxel" if course.regimen != "weekly paclitaxel" else "TC"
                course.save(update_fields=["regimen", "updated_at"])

        return run

    def appeal(day: int) -> Callable[..., object]:
        return lambda case, at: file_appeal(case, filed_at=at(day), actor=c, grounds="Rugo, JAMA 2017; on-label use")

    def appeal_decided(day: int, decision: str) -> Callable[..., object]:
        return lambda case, at: decide_appeal(case.appeal, decision=decision, decided_at=at(day), actor=c)

    def pap(day: int, income: str) -> Callable[..., object]:
        def run(case: Case, at: Callable[..., dt.datetime]) -> None:
            application = application_for(case, at(day).date())
            application.update(household_size=3, household_income=income, product_cost="2400", prescription=True)
            application["us_physical_address"] = True
            decide_pap(case, application, decided_at=at(day), actor=c)

        return run

    def withdraw(day: int) -> Callable[..., object]:
        return lambda case, at: record_event(case, "withdrawn", at(day), actor=c, reason="Patient chose not to cool")

    # (payer type, enrolled days ago, first infusion in days, steps)
    return [
        ("medicare_advantage", 1, 12, []),  # BI pending, patient contact due
        ("commercial", 12, 3, []),  # BI pending, contact overdue
        ("commercial", 6, 9, [contact(1), bi(3)]),  # PA required: the provider has to submit
        ("medicare_advantage", 14, 5, [contact(1), bi(2), submit(4)]),  # PA pending, decision overdue (7 days)
        ("medicare_advantage", 8, 10, [contact(1), bi(2), submit(3), decide(6, "denied")]),  # appeal possible
        ("commercial", 20, 2, [contact(1), bi(2), submit(3), decide(8, "denied"), appeal(10)]),  # appeal pending
        ("none", 4, 14, [contact(1), bi(2, "uninsured", False)]),  # PAP screening
        ("commercial", 30, -5, [contact(1), bi(2), submit(3), decide(6, "approved")]),  # covered
        ("medicare_advantage", 40, -10, [contact(1), bi(2), submit(3), decide(7, "modified")]),  # covered, fewer units
        (
            "commercial", 45, -2,
            [contact(1), bi(2), submit(3), decide(8, "denied"), appeal(10), appeal_decided(25, "denied"),
             pap(27, "52000")],
        ),  # the whole way: denied PA, appeal denied, PAP
        ("none", 35, -8, [contact(1), bi(2, "uninsured", False), pap(5, "400000")]),  # self-pay (income too high)
        ("commercial", 10, 20, [contact(1), withdraw(3)]),  # withdrawn
        ("medicare_advantage", 30, -20, [contact(1), bi(2), submit(3), regimen_changed(6)]),  # re-authorization due
    ]  # fmt: skip
