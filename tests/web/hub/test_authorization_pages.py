"""Pages of the authorization follow-up and the patient's estimate: the case page (attention,
re-authorization steps, estimate), the re-authorization form, the SOB estimate page, the case
list and the claim page; each within its query budget as data grows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coolclaim.web.billing.models import Claim, FeeScheduleEntry
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.hub.models import BenefitsInvestigation, Case, Reauthorization
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.sob_estimate import estimate_for_case
from coolclaim.web.hub.services.submit_pa import submit_pa

from .. import factories as f
from .world import HubWorld, at, build, new_case

pytestmark = pytest.mark.django_db
BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())["hub"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _covered(world: HubWorld, **kw: object) -> Case:
    case = new_case(world, regimen="TC", planned_sessions=6)
    values: dict[str, Any] = {
        "completed_at": at("2026-11-30"),
        "coverage": "covered",
        "coverage_active": True,
        "pa_required": True,
        "network": "in",
        "deductible": Decimal("1500.00"),
        "deductible_met": Decimal("200.00"),
        "coinsurance_percent": Decimal("20"),
        "copay": Decimal("0.00"),
        "oop_max": Decimal("3000.00"),
        "oop_met": Decimal("500.00"),
    }
    values.update(kw)
    complete_bi(case, BenefitsFound(**values), actor=world.coordinator)
    return case


def _approved(world: HubWorld, case: Case, **kw: object) -> None:
    auth = submit_pa(case, rail="portal", submitted_at=at("2026-12-01"), actor=world.coordinator)
    values: dict[str, Any] = {
        "decision": "approved",
        "decided_at": at("2026-12-04"),
        "actor": world.coordinator,
        "reference_number": "AUTH-9",
        "valid_from": dt.date(2026, 12, 1),
        "valid_to": dt.date(2027, 3, 31),
    }
    values.update(kw)
    decide_pa(auth, **values)


def _fees(world: HubWorld) -> None:
    for code, charge, allowed in (
        ("97007", "350.00", "300.00"),
        ("97008", "300.00", "250.00"),
        ("97009", "100.00", "60.00"),
    ):
        FeeScheduleEntry.objects.create(
            facility=world.facility,
            code=code,
            payer_type="medicare_advantage",
            charge=Decimal(charge),
            expected_allowed=Decimal(allowed),
            effective_from=dt.date(2026, 1, 1),
        )


def test_the_estimate_reproduces_a_hand_computed_course() -> None:
    world = build()
    _fees(world)
    case = _covered(world)
    found = estimate_for_case(case)
    e = found.estimate
    assert e is not None
    # allowed: 97007 1 × 300 + 97008 6 × 250 + 97009 (TC: 90 min → 3 units) 18 × 60 = 2,880.00
    assert [(line.code, line.quantity, line.allowed) for line in e.lines] == [
        ("97007", 1, Decimal("300.00")),
        ("97008", 6, Decimal("1500.00")),
        ("97009", 18, Decimal("1080.00")),
    ]
    # deductible left 1,300.00; 20 % of the remaining 1,580.00 = 316.00; OOP left 2,500.00 not reached
    assert (e.charges_total, e.allowed_total, e.deductible_applied, e.coinsurance_amount) == (
        Decimal("3950.00"),
        Decimal("2880.00"),
        Decimal("1300.00"),
        Decimal("316.00"),
    )
    assert (e.patient_total, e.plan_total, e.capped) == (Decimal("1616.00"), Decimal("1264.00"), False)
    codes = [a.code for a in found.assumptions]
    assert codes[:2] == ["BENEFITS_FOUND", "POST_COOLING_PROTOCOL"]
    assert "NOT_A_GUARANTEE" in codes
    assert e.lines[0].fee_source == (
        "facility fee schedule (Billing › Fee schedule), for Medicare Advantage, from 01/01/2026"
    )


def test_the_estimate_says_what_is_missing() -> None:
    world = build()
    assert estimate_for_case(new_case(world)).problems == ("benefits: no benefits investigation yet",)
    FeeScheduleEntry.objects.filter(facility=world.facility, code="97009").delete()
    case = _covered(world)
    found = estimate_for_case(case)
    assert (found.estimate, found.problems) == (
        None,
        ("fee schedule: no charge for 97009 on 12/14/2026; add it under Billing › Fee schedule",),
    )
    case.regimen = "an unlisted regimen"
    FeeScheduleEntry.objects.create(
        facility=world.facility, code="97009", charge=Decimal("100.00"), effective_from=dt.date(2026, 1, 1)
    )
    BenefitsInvestigation.objects.filter(case=case).update(oop_max=None, network="unknown")
    found = estimate_for_case(case)
    assert found.estimate is not None
    codes = [a.code for a in found.assumptions]
    assert ("POST_COOLING_UNKNOWN" in codes, "NETWORK_UNKNOWN" in codes, "NO_OOP_MAX" in codes) == (True, True, True)
    assert [line.quantity for line in found.estimate.lines] == [1, 6, 0]


def test_case_page_and_sob_page_show_the_estimate() -> None:
    world = build()
    _fees(world)
    case = _covered(world)
    page = _client(world.coordinator).get(f"/hub/cases/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Expected cost to the patient for 6 planned sessions: <strong>$1616.00</strong>" in html
    sob = _client(world.nurse).get(f"/hub/cases/{case.pk}/sob/")
    text = sob.content.decode()
    assert sob.status_code == 200
    assert '<span id="sob-patient-total">$1616.00</span>' in text
    assert "TC (docetaxel, cyclophosphamide) every 3 weeks: 90 minutes of cooling after the infusion" in text
    assert _client(world.other_coordinator).get(f"/hub/cases/{case.pk}/sob/").status_code == 404


def test_reauthorization_shows_on_the_case_page_and_in_the_case_list_and_is_closed_by_a_form() -> None:
    world = build()
    case = _covered(world)
    _approved(world, case)
    world.course.regimen = "weekly paclitaxel"
    world.course.save()
    step = Reauthorization.objects.get(case=case)
    client = _client(world.coordinator)
    html = client.get(f"/hub/cases/{case.pk}/").content.decode()
    assert "Re-authorization: regimen changed" in html
    assert "regimen changed from TC to weekly paclitaxel" in html
    assert "<strong>Re-authorization opened</strong>" in html  # on the timeline
    assert f'href="/hub/cases/{case.pk}/reauthorizations/{step.pk}/"' in html
    listed = client.get("/hub/cases/")
    assert [row["case"].pk for row in listed.context["rows"]] == [case.pk]
    assert listed.context["rows"][0]["next_due_label"] == "Re-authorization"
    url = f"/hub/cases/{case.pk}/reauthorizations/{step.pk}/"
    bad = client.post(
        url,
        {
            "closed_at": "2026-12-10T10:00",
            "rail": "portal",
            "reason": "x",
            "valid_from": "2027-01-02",
            "valid_to": "2027-01-01",
        },
    )
    assert (bad.status_code, bad.context["form"].errors["valid_to"]) == (400, ["is before valid from"])
    done = client.post(
        url,
        {
            "closed_at": "2026-12-10T10:00",
            "reference_number": "AUTH-11",
            "rail": "fax",
            "valid_from": "2026-12-10",
            "valid_to": "2027-04-30",
            "authorized_units": "97008=6",
            "reason": "New authorization for weekly paclitaxel",
        },
    )
    assert (done.status_code, done["Location"]) == (302, f"/hub/cases/{case.pk}/")
    step.refresh_from_db()
    assert (step.is_open, step.new_authorization.reference_number if step.new_authorization else None) == (
        False,
        "AUTH-11",
    )
    assert client.post(url, {}).status_code == 404  # closed: nothing to record any more
    assert _client(world.nurse).post(url, {}).status_code == 404


def test_the_claim_page_says_the_pa_is_missing() -> None:
    world = build()
    _covered(world)
    f.coverage(world.patient, payer_type="medicare_advantage", payer_name="Example Advantage Plan")
    session = f.session(world.course, dt.date(2026, 12, 14))
    code_sessions([session])
    claim = Claim.objects.get(session=session)
    html = _client(f.user("billing", world.facility)).get(f"/billing/claims/{claim.pk}/").content.decode()
    assert "HUB_PA_MISSING" in html
    assert "Prior authorization is required and none is approved yet." in html


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_and_sob_pages_stay_within_their_query_budget_as_sessions_grow() -> None:
    world = build()
    _fees(world)
    case = _covered(world)
    _approved(world, case, authorized_sessions=2)
    f.coverage(world.patient, payer_type="medicare_advantage", payer_name="Example Advantage Plan")
    code_sessions([f.session(world.course, dt.date(2026, 12, 14))])
    client = _client(world.coordinator)
    urls = {"page hub:case_detail": f"/hub/cases/{case.pk}/", "page hub:sob": f"/hub/cases/{case.pk}/sob/"}
    client.get("/hub/cases/")
    before = {name: _count(client, url) for name, url in urls.items()}
    code_sessions([f.session(world.course, dt.date(2026, 12, 14) + dt.timedelta(days=7 * n)) for n in range(1, 7)])
    world.course.regimen = "weekly paclitaxel"
    world.course.save()
    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before
    assert {name: count <= BUDGETS[name] for name, count in after.items()} == {name: True for name in urls}


def test_a_medicare_estimate_uses_the_reference_figure_when_the_schedule_has_none() -> None:
    world = build()
    world.facility.setting = "hospital_outpatient"
    world.facility.save()
    for code, charge in (("0662T", "2000.00"), ("0663T", "1200.00")):
        FeeScheduleEntry.objects.create(
            facility=world.facility, code=code, payer_type="medicare", charge=Decimal(charge),
            effective_from=dt.date(2025, 1, 1),
        )  # fmt: skip
    case = new_case(
        world, payer_type="medicare", received="2025-05-12", first_infusion_date=dt.date(2025, 6, 2), planned_sessions=6
    )
    found = BenefitsFound(
        completed_at=at("2025-05-20"), coverage="covered", coverage_active=True, pa_required=False, network="in",
        deductible=Decimal("257.00"), deductible_met=Decimal("0.00"), coinsurance_percent=Decimal("20"),
    )  # fmt: skip
    complete_bi(case, found, actor=world.coordinator)
    estimate = estimate_for_case(case)
    e = estimate.estimate
    assert e is not None
    # 0662T: Medicare's 2025 OPPS figure 1,750.50; 0663T packaged (0.00); 257.00 + 20 % × 1,493.50
    assert [(line.code, line.quantity, line.allowed) for line in e.lines] == [
        ("0662T", 1, Decimal("1750.50")),
        ("0663T", 6, Decimal("0.00")),
    ]
    assert (e.patient_total, e.plan_total) == (Decimal("555.70"), Decimal("1194.80"))
    assert [a.code for a in estimate.assumptions if a.code.startswith("MEDICARE")] == [
        "MEDICARE_REFERENCE",
        "MEDICARE_REFERENCE",
    ]


def test_the_estimate_through_the_api() -> None:
    from ..api_support import token_client

    world = build()
    _fees(world)
    case = _covered(world)
    body = token_client(world.coordinator).get(f"/api/v1/hub/cases/{case.pk}/estimate").json()
    assert (body["case_id"], body["problems"]) == (case.pk, [])
    assert (body["estimate"]["patient_total"], body["estimate"]["plan_total"]) == ("1616.00", "1264.00")
    assert [line["code"] for line in body["estimate"]["lines"]] == ["97007", "97008", "97009"]
    assert body["assumptions"][0]["code"] == "BENEFITS_FOUND"
    other = token_client(world.other_coordinator).get(f"/api/v1/hub/cases/{case.pk}/estimate")
    assert other.status_code == 404
    empty = new_case(world)
    assert token_client(world.coordinator).get(f"/api/v1/hub/cases/{empty.pk}/estimate").json() == {
        "case_id": empty.pk,
        "estimate": None,
        "assumptions": [],
        "problems": ["benefits: no benefits investigation yet"],
    }
