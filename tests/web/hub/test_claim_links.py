"""The authorization tied to the course, all the way to the claims: edits on sessions it does not
cover (missing, denied, outside its dates, beyond its sessions or units), the authorization
number on the claims, the case's attention in both queues, and re-authorization steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Session
from coolclaim.web.hub.models import Case, PriorAuthorization, Reauthorization
from coolclaim.web.hub.services.attention import start_of_day
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.next_infusion import next_infusion
from coolclaim.web.hub.services.reauthorization import close_reauthorization, open_expiring
from coolclaim.web.hub.services.submit_pa import submit_pa
from coolclaim.web.hub.tasks import check_overdue
from coolclaim.web.queue.models import HubItem, QueueItem

from .. import factories as f
from .world import NY, HubWorld, at, build, new_case

pytestmark = pytest.mark.django_db


def _bi(case: Case, world: HubWorld, pa_required: bool = True) -> None:
    complete_bi(
        case,
        BenefitsFound(
            completed_at=at("2026-11-30"),
            coverage="covered",
            coverage_active=True,
            pa_required=pa_required,
            deductible=Decimal("1500.00"),
            deductible_met=Decimal("200.00"),
            coinsurance_percent=Decimal("20"),
        ),
        actor=world.coordinator,
    )


def _approve(case: Case, world: HubWorld, **kw: object) -> PriorAuthorization:
    auth = submit_pa(case, rail="portal", submitted_at=at("2026-12-01"), actor=world.coordinator)
    values: dict[str, object] = {
        "decision": "approved",
        "decided_at": at("2026-12-04"),
        "actor": world.coordinator,
        "reference_number": "AUTH-9",
        "valid_from": dt.date(2026, 12, 1),
        "valid_to": dt.date(2027, 3, 31),
    }
    values.update(kw)
    return decide_pa(auth, **values)  # type: ignore[arg-type]


def _sessions(world: HubWorld, *days: dt.date) -> list[Session]:
    f.coverage(world.patient, payer_type="medicare_advantage", payer_name="Example Advantage Plan")
    made = [f.session(world.course, day) for day in days]
    code_sessions(made)
    return made


def _today() -> dt.date:
    return timezone.now().astimezone(NY).date()


def _hub_edits(session: Session) -> list[str]:
    claim = Claim.objects.get(session=session)
    return list(
        ClaimEdit.objects.filter(version_id=claim.current_version_id, code__startswith="HUB_PA_")
        .order_by("position")
        .values_list("code", flat=True)
    )


def test_pa_required_and_missing_holds_the_claims_until_approved_then_numbers_them() -> None:
    world = build()
    case = new_case(world)
    sessions = _sessions(world, dt.date(2026, 12, 14), dt.date(2026, 12, 21))
    assert [_hub_edits(s) for s in sessions] == [[], []]  # no BI yet: nothing known
    _bi(case, world)
    assert [_hub_edits(s) for s in sessions] == [["HUB_PA_MISSING"], ["HUB_PA_MISSING"]]
    claim = Claim.objects.get(session=sessions[0])
    edit = ClaimEdit.objects.get(version_id=claim.current_version_id, code="HUB_PA_MISSING")
    assert (edit.severity, claim.status) == ("error", ClaimStatus.HOLD)
    assert edit.message == (
        "Prior authorization is required and none is approved yet. Payers deny such a claim:"
        " CARC 197 (authorization absent)."
    )
    assert edit.source == f"hub case {case.pk}: benefits investigation of 11/30/2026"
    _approve(case, world)
    assert [_hub_edits(s) for s in sessions] == [[], []]
    numbers = list(Claim.objects.filter(session__in=sessions).order_by("pk").values_list("prior_authorization_number"))
    assert numbers == [("AUTH-9",), ("AUTH-9",)]


def test_no_pa_required_raises_no_edit() -> None:
    world = build()
    case = new_case(world, payer_type="medicare")
    _bi(case, world, pa_required=False)
    (session,) = _sessions(world, dt.date(2026, 12, 14))
    assert _hub_edits(session) == []
    assert Claim.objects.get(session=session).prior_authorization_number == ""


def test_a_denied_pa_says_so_on_the_claim() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world)
    (session,) = _sessions(world, dt.date(2026, 12, 14))
    auth = submit_pa(case, rail="fax", submitted_at=at("2026-12-01"), actor=world.coordinator)
    decide_pa(auth, decision="denied", decided_at=at("2026-12-04"), actor=world.coordinator, denial_reasons=["50"])
    claim = Claim.objects.get(session=session)
    edit = ClaimEdit.objects.get(version_id=claim.current_version_id, code="HUB_PA_DENIED")
    assert edit.message == (
        "The payer denied the prior authorization this session needs (reasons 50). Payers deny such a claim:"
        " CARC 197 (authorization absent)."
    )
    assert claim.status == ClaimStatus.HOLD


def test_sessions_outside_the_dates_or_beyond_sessions_and_units_get_their_edits() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world)
    sessions = _sessions(world, dt.date(2026, 12, 10), dt.date(2026, 12, 14), dt.date(2026, 12, 21))
    claim = Claim.objects.get(session=sessions[1])
    code = ClaimLine.objects.filter(version_id=claim.current_version_id).order_by("position")[0].code
    _approve(case, world, valid_from=dt.date(2026, 12, 14), authorized_sessions=2, authorized_units={code: 1})
    assert [_hub_edits(s) for s in sessions] == [
        ["HUB_PA_DATES"],
        ["HUB_PA_UNITS"],
        ["HUB_PA_SESSIONS", "HUB_PA_UNITS"],
    ]
    claims = {c.session_id: c for c in Claim.objects.filter(session__in=sessions)}
    assert [claims[s.pk].prior_authorization_number for s in sessions] == ["", "AUTH-9", "AUTH-9"]
    dates = ClaimEdit.objects.get(version_id=claims[sessions[0].pk].current_version_id, code="HUB_PA_DATES")
    assert dates.source == (
        f"hub case {case.pk}: prior authorization AUTH-9 (approved), valid 12/14/2026–03/31/2027,"
        f" 2 sessions, {code} × 1"
    )
    assert all(claims[s.pk].status == ClaimStatus.HOLD for s in sessions)


def test_a_session_coded_beyond_the_authorization_raises_an_item_before_the_next_infusion() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world)
    _approve(case, world, authorized_sessions=1)
    first, second = _sessions(world, dt.date(2026, 12, 14), dt.date(2026, 12, 21))
    assert (_hub_edits(first), _hub_edits(second)) == ([], ["HUB_PA_SESSIONS"])
    case.refresh_from_db()
    assert (case.state, case.attention_kind) == ("closed", "authorization_usage")
    expected = next_infusion(case.first_infusion_date, [first.service_date, second.service_date], _today())
    assert case.attention_due == start_of_day(expected.day, NY)
    assert case.attention_basis.startswith("1 session not covered by the authorization (")
    item = HubItem.objects.get(case=case)
    assert (item.state, item.due_kind, item.waiting_on) == ("closed", "authorization_usage", "provider")
    assert QueueItem.objects.get(session=second).held is True


def test_next_infusion_is_estimated_and_says_how() -> None:
    today = dt.date(2026, 12, 22)
    assert next_infusion(dt.date(2026, 12, 30), [], today).basis == "the case's first infusion on 12/30/2026"
    found = next_infusion(dt.date(2026, 12, 1), [dt.date(2026, 12, 1), dt.date(2026, 12, 15)], today)
    assert (found.day, found.basis) == (
        dt.date(2026, 12, 29),
        "the last documented session (12/15/2026) plus the shortest interval between sessions (14 days)",
    )
    single = next_infusion(dt.date(2026, 12, 1), [dt.date(2026, 12, 20)], today)
    assert single.day == dt.date(2026, 12, 27)
    assert single.basis.endswith("plus 7 days (coolclaim's default: the shortest common cycle is weekly)")
    late = next_infusion(dt.date(2026, 12, 1), [dt.date(2026, 12, 1)], today)
    assert (late.day, late.basis.endswith("has passed: today")) == (today, True)


def test_an_expiring_authorization_opens_a_reauthorization_with_its_deadline_and_queue_item() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world)
    auth = _approve(case, world, valid_to=dt.date(2027, 1, 15))
    assert open_expiring(case, at("2026-12-15")) is None  # more than 10 business days ahead
    checked, overdue = check_overdue(at("2027-01-04"))
    step = Reauthorization.objects.get(case=case)
    assert (step.trigger, step.authorization_id, step.detail) == (
        "expiring",
        auth.pk,
        "authorization AUTH-9 is valid to 01/15/2027",
    )
    assert step.due == dt.datetime(2027, 1, 15, 23, 59, 59, tzinfo=NY)
    assert step.basis.startswith("the new authorization has to be in place by the end of 01/15/2027; opened 10")
    case.refresh_from_db()
    assert (case.next_due_kind, case.next_due, case.waiting_on) == ("reauthorization", step.due, "provider")
    assert HubItem.objects.get(case=case).due_kind == "reauthorization"
    assert check_overdue(at("2027-01-05")) == (1, 0)
    assert Reauthorization.objects.filter(case=case).count() == 1  # opened once per authorization
    assert LogEntry.objects.get_for_object(step).filter(action=LogEntry.Action.CREATE).count() == 1
    # the new authorization closes it and numbers the sessions it covers
    (session,) = _sessions(world, dt.date(2027, 1, 20))
    assert _hub_edits(session) == ["HUB_PA_DATES"]
    close_reauthorization(
        step,
        actor=world.coordinator,
        closed_at=at("2027-01-08"),
        reason="Payer renewed the authorization",
        reference_number="AUTH-10",
        valid_from=dt.date(2027, 1, 16),
        valid_to=dt.date(2027, 4, 30),
    )
    assert _hub_edits(session) == []
    assert Claim.objects.get(session=session).prior_authorization_number == "AUTH-10"
    case.refresh_from_db()
    assert (case.attention_kind, case.next_due_kind) == ("", "")
    assert not HubItem.objects.filter(case=case).exists()
    assert (checked, overdue) == (1, 0)


def test_a_regimen_change_opens_a_reauthorization_before_the_next_infusion() -> None:
    world = build()
    case = new_case(world, regimen="TC")
    _bi(case, world)
    _approve(case, world)
    world.course.regimen = "weekly paclitaxel"
    world.course.save()
    step = Reauthorization.objects.get(case=case)
    assert (step.trigger, step.detail) == ("regimen_changed", "regimen changed from TC to weekly paclitaxel")
    expected = next_infusion(case.first_infusion_date, [], _today())
    assert step.due == start_of_day(expected.day, NY)
    assert step.basis == f"before the next infusion, expected {expected.day:%m/%d/%Y} ({expected.basis})"
    case.refresh_from_db()
    assert (case.regimen, case.attention_kind) == ("weekly paclitaxel", "reauthorization")
    with pytest.raises(ValueError, match="reason"):
        close_reauthorization(step, actor=world.coordinator, closed_at=at("2026-12-10"), reason=" ")
    close_reauthorization(step, actor=world.coordinator, closed_at=at("2026-12-10"), reason="Payer: same codes")
    step.refresh_from_db()
    assert (step.close_reason, step.new_authorization_id) == ("Payer: same codes", None)


def test_a_regimen_change_before_any_approval_only_updates_the_case() -> None:
    world = build()
    case = new_case(world, regimen="TC")
    world.course.regimen = "AC-T"
    world.course.save()
    case.refresh_from_db()
    assert (case.regimen, Reauthorization.objects.filter(case=case).count()) == ("AC-T", 0)


def test_a_self_pay_claim_carries_no_authorization_edit() -> None:
    world = build()
    case = new_case(world)
    _bi(case, world)
    f.coverage(world.patient, payer_type="self_pay", payer_name="", member_id="")
    session = f.session(world.course, dt.date(2026, 12, 14))
    code_sessions([session])
    claim = Claim.objects.get(session=session)
    assert (claim.status, _hub_edits(session)) == (ClaimStatus.SELF_PAY, [])


def test_a_regimen_changed_by_a_bulk_path_is_noticed_when_the_course_is_coded() -> None:
    from coolclaim.web.clinic.models import Course

    world = build()
    case = new_case(world, regimen="TC")
    _bi(case, world)
    _approve(case, world)
    Course.objects.filter(pk=world.course.pk).update(regimen="AC-T")  # an import: no save() signal
    _sessions(world, dt.date(2026, 12, 14))
    step = Reauthorization.objects.get(case=case)
    assert (step.trigger, step.detail) == ("regimen_changed", "regimen changed from TC to AC-T")


def test_the_nurse_sees_the_authorization_problem_on_the_patient_page() -> None:
    from django.test import Client

    world = build()
    case = new_case(world)
    _bi(case, world)
    _approve(case, world, authorized_sessions=1)
    _sessions(world, dt.date(2026, 12, 14), dt.date(2026, 12, 21))
    client = Client()
    client.force_login(world.nurse)
    html = client.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    assert '<span class="badge sev-warning">Authorization</span> 1 session not covered by the authorization' in html
