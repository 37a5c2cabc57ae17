"""Hub services: every transition is a stored event the core accepted; refused events store nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from coolclaim.web.hub.models import Case, CaseEvent, PapDecision
from coolclaim.web.hub.services.authorization_usage import authorization_usage
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_appeal import decide_appeal
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.decide_pap import application_for, decide_pap
from coolclaim.web.hub.services.file_appeal import file_appeal
from coolclaim.web.hub.services.outcome_figures import figures_for
from coolclaim.web.hub.services.record_event import EventRefused, record_event
from coolclaim.web.hub.services.submit_pa import submit_pa

from .. import factories as f
from .world import at, build, new_case

pytestmark = pytest.mark.django_db


def _bi(case: Case, actor: object, coverage: str = "covered", pa_required: bool = True, **kw: object) -> None:
    found = BenefitsFound(
        completed_at=at("2026-11-30"),
        coverage=coverage,
        coverage_active=coverage != "uninsured",
        pa_required=pa_required,
        deductible=Decimal("1500.00"),
        deductible_met=Decimal("200.00"),
        coinsurance_percent=Decimal("20"),
        **kw,  # type: ignore[arg-type]
    )
    complete_bi(case, found, actor=actor)


def test_denied_pa_appeal_and_pap_close_the_case_as_pap() -> None:
    world = build()
    case = new_case(world)
    c = world.coordinator
    record_event(case, "patient_contacted", at("2026-11-30"), actor=c, reason="Phoned the patient")
    _bi(case, c)
    assert case.state == "pa_required"
    auth = submit_pa(case, rail="portal", submitted_at=at("2026-12-03"), actor=c, reference_number="PA-1")
    assert (case.state, case.waiting_on, case.next_due_kind) == ("pa_pending", "payer", "pa_decision")
    assert case.next_due == at("2026-12-10")
    decide_pa(auth, decision="denied", decided_at=at("2026-12-08"), actor=c, denial_reasons=["50", "N130"])
    assert (case.state, case.next_due_kind) == ("appeal_possible", "appeal_filing")
    appeal = file_appeal(case, filed_at=at("2026-12-09"), actor=c, grounds="Rugo 2017")
    assert case.state == "appeal_pending"
    decide_appeal(appeal, decision="denied", decided_at=at("2026-12-20"), actor=c)
    assert (case.state, case.waiting_on) == ("pap_screening", "patient")
    application = application_for(case, dt.date(2026, 12, 21))
    assert (application["insurance"], application["pa_status"]) == ("insured_not_covered", "denied_after_first_appeal")
    application.update(household_size=2, household_income="40000", product_cost="2400")
    decision = decide_pap(case, application, decided_at=at("2026-12-21"), actor=c)
    assert (decision.eligible, decision.route) == (True, "income")
    assert decision.result["programs"][0]["program"] == "manufacturer_pap"
    case.refresh_from_db()
    assert (case.state, case.outcome, case.waiting_on, case.overdue) == ("closed", "pap", "", False)
    assert case.next_due is None
    types = list(CaseEvent.objects.filter(case=case).values_list("type", flat=True))
    assert types == [
        "enrolled", "patient_contacted", "bi_completed", "pa_submitted", "pa_decided",
        "appeal_filed", "appeal_decided", "pap_decided",
    ]  # fmt: skip
    assert auth.status_history[-1] == {"at": "2026-12-08T10:00:00-05:00", "status": "denied", "note": "50, N130"}


def test_refused_event_is_refused_with_the_cores_message_and_stores_nothing() -> None:
    world = build()
    case = new_case(world)
    with pytest.raises(EventRefused) as refused:
        record_event(case, "appeal_filed", at("2026-11-26"), actor=world.coordinator)
    assert refused.value.code == "ILLEGAL_TRANSITION"
    assert refused.value.message.startswith("appeal_filed refused: not allowed while the case is bi_pending")
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_an_event_before_the_last_one_is_refused() -> None:
    world = build()
    case = new_case(world)
    with pytest.raises(EventRefused) as refused:
        record_event(case, "patient_contacted", at("2026-11-20"), actor=world.coordinator)
    assert refused.value.code == "BAD_EVENT"
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_second_appeal_is_refused() -> None:
    world = build()
    case = new_case(world)
    c = world.coordinator
    _bi(case, c)
    auth = submit_pa(case, rail="fax", submitted_at=at("2026-12-01"), actor=c)
    decide_pa(auth, decision="denied", decided_at=at("2026-12-02"), actor=c, denial_reasons=["50"])
    appeal = file_appeal(case, filed_at=at("2026-12-03"), actor=c)
    decide_appeal(appeal, decision="approved", decided_at=at("2026-12-04"), actor=c)
    assert (case.state, case.outcome) == ("closed", "covered")
    with pytest.raises(EventRefused) as refused:
        record_event(case, "appeal_filed", at("2026-12-05"), actor=c)
    assert refused.value.code == "SECOND_APPEAL"


def test_pa_override_needs_a_reason() -> None:
    world = build()
    world.facility.state = "NY"
    case = new_case(world, payer_type="commercial", payer_name="Example Plan")
    with pytest.raises(EventRefused) as refused:
        _bi(case, world.coordinator, pa_required=False, plan_funding="fully_insured", group_size="large")
    assert refused.value.message == ("PA required differs from the proposal (yes): give the reason for the override")
    _bi(
        case, world.coordinator, pa_required=False, plan_funding="fully_insured", group_size="large",
        pa_override_reason="Payer confirmed by phone: no PA for 0662T/0663T",
    )  # fmt: skip
    bi = case.benefits.get()
    assert (bi.pa_required, bi.pa_required_proposed, bi.mandate) == (False, True, bi.proposal["mandate"])
    assert bi.mandate.startswith("ny-")
    assert (case.state, case.outcome) == ("closed", "covered")


def test_nurse_may_enroll_but_not_decide_a_pa() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world.coordinator)
    auth = submit_pa(case, rail="x12_278", submitted_at=at("2026-12-01"), actor=world.coordinator)
    with pytest.raises(PermissionDenied):
        decide_pa(auth, decision="approved", decided_at=at("2026-12-02"), actor=world.nurse)
    assert CaseEvent.objects.filter(case=case, type="pa_decided").count() == 0


def test_coordinator_of_another_hub_cannot_work_the_case() -> None:
    world = build()
    case = new_case(world)
    with pytest.raises(PermissionDenied):
        _bi(case, world.other_coordinator)


def test_denial_needs_reason_codes() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world.coordinator)
    auth = submit_pa(case, rail="fhir", submitted_at=at("2026-12-01"), actor=world.coordinator)
    with pytest.raises(EventRefused) as refused:
        decide_pa(auth, decision="denied", decided_at=at("2026-12-02"), actor=world.coordinator)
    assert refused.value.code == "DENIAL_REASONS"


def test_uncovered_at_an_uncontracted_facility_closes_self_pay() -> None:
    world = build()
    world.facility.contracted = False
    world.facility.save()
    case = new_case(world, payer_type="none")
    _bi(case, world.coordinator, coverage="uninsured", pa_required=False)
    assert (case.state, case.outcome) == ("closed", "self_pay")


def test_events_are_audited_with_the_actor() -> None:
    world = build()
    case = new_case(world)
    event = CaseEvent.objects.get(case=case)
    entry = LogEntry.objects.get_for_object(event).get()
    assert (entry.action, entry.actor_id) == (LogEntry.Action.CREATE, world.coordinator.pk)


def test_authorization_usage_flags_sessions_outside_dates_and_beyond_count() -> None:
    world = build()
    case = new_case(world)
    c = world.coordinator
    _bi(case, c)
    auth = submit_pa(case, rail="portal", submitted_at=at("2026-12-01"), actor=c)
    decide_pa(
        auth, decision="modified", decided_at=at("2026-12-04"), actor=c, reference_number="AUTH-9",
        valid_from=dt.date(2026, 12, 14), valid_to=dt.date(2027, 2, 28), authorized_sessions=2,
    )  # fmt: skip
    assert (case.state, case.outcome) == ("closed", "covered")
    days = [dt.date(2026, 12, 10), dt.date(2026, 12, 14), dt.date(2027, 1, 4)]
    sessions = [f.session(world.course, day) for day in days]
    usage = authorization_usage(case)
    assert (usage.sessions_used, usage.sessions_authorized) == (3, 2)
    assert [(flag.session_pk, flag.problem) for flag in usage.flags] == [
        (sessions[0].pk, "outside the authorization's valid dates"),
        (sessions[2].pk, "beyond the 2 authorized sessions"),
    ]


def test_pap_decision_keeps_the_screening_as_evidence() -> None:
    world = build()
    case = new_case(world, payer_type="none")
    _bi(case, world.coordinator, coverage="uninsured", pa_required=False)
    application = application_for(case, dt.date(2026, 12, 1))
    assert application["insurance"] == "none"
    application.update(household_size=1, household_income="200000", product_cost="2400")
    decision = decide_pap(case, application, decided_at=at("2026-12-01"), actor=world.coordinator)
    assert (decision.eligible, decision.route) == (False, "")
    reasons = {r["code"]: r["met"] for r in decision.result["programs"][0]["reasons"]}
    assert reasons["INCOME_WITHIN_600"] is False
    assert PapDecision.objects.get(case=case).application["household_income"] == "200000"
    case.refresh_from_db()
    assert case.outcome == "self_pay"


def test_outcome_figures_of_stored_cases() -> None:
    world = build()
    c = world.coordinator
    covered = new_case(world)
    _bi(covered, c, pa_required=False, pa_override_reason="Payer: no PA")  # deductible left: the patient pays
    uninsured = new_case(world, payer_type="none")
    _bi(uninsured, c, coverage="uninsured", pa_required=False)
    application = application_for(uninsured, dt.date(2026, 12, 1))
    application.update(household_size=2, household_income="30000", product_cost="2400")
    decide_pap(uninsured, application, decided_at=at("2026-12-01"), actor=c)
    new_case(world)  # still open
    figures = figures_for(Case.objects.all(), dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert figures.as_dict() == {
        "start": "2026-11-01",
        "end": "2026-11-30",
        "patients": 2,
        "coverage_rate": {"numerator": 1, "denominator": 2, "percent": "50.00"},
        "pap_rate_of_uncovered": {"numerator": 1, "denominator": 1, "percent": "100.00"},
        "no_out_of_pocket_rate": {"numerator": 1, "denominator": 2, "percent": "50.00"},
        "covered_share_unknown": 0,
        "withdrawn_excluded": 0,
        "open_excluded": 1,
    }
    assert (
        figures_for(Case.objects.all(), dt.date(2026, 11, 1), dt.date(2026, 11, 30), [world.other_facility.pk]).patients
        == 0
    )
