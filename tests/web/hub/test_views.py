"""Hub pages: the queue, enrollment, the case page and its forms; scoping, permissions, queries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coolclaim.web.billing.models import Claim
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.hub.models import Case, CaseEvent, PriorAuthorization
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.submit_pa import submit_pa

from .. import factories as f
from .world import HubWorld, at, build, new_case

pytestmark = pytest.mark.django_db

BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())["hub"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pa_pending(world: HubWorld) -> tuple[Case, PriorAuthorization]:
    case = new_case(world)
    found = BenefitsFound(completed_at=at("2026-11-30"), coverage="covered", coverage_active=True, pa_required=True)
    complete_bi(case, found, actor=world.coordinator)
    return case, submit_pa(case, rail="portal", submitted_at=at("2026-12-03"), actor=world.coordinator)


def test_queue_shows_my_cases_with_days_left_and_nothing_to_another_hub() -> None:
    world = build()
    case = new_case(world)
    page = _client(world.coordinator).get("/hub/cases/")
    assert page.status_code == 200
    assert f'href="/hub/cases/{case.pk}/"' in page.content.decode()
    assert page.context["rows"][0]["case"] == case
    assert page.context["rows"][0]["next_due_label"] == "Patient contact"
    other = _client(world.other_coordinator).get("/hub/cases/?owner=all")
    assert other.context["rows"] == []
    assert _client(world.other_coordinator).get(f"/hub/cases/{case.pk}/").status_code == 404


def test_queue_filters_overdue_and_waiting_on() -> None:
    world = build()
    late = new_case(world, received="2026-01-05")  # contact deadline long past
    assert late.overdue is True
    client = _client(world.coordinator)
    assert [r["case"] for r in client.get("/hub/cases/?overdue=on").context["rows"]] == [late]
    assert client.get("/hub/cases/?waiting_on=payer").context["rows"] == []
    partial = client.get("/hub/cases/?owner=all", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-results")
    assert partial.templates[0].name == "hub/_case_results.html"


def test_enrollment_form_starts_a_case_owned_by_the_coordinator() -> None:
    world = build()
    response = _client(world.coordinator).post(
        "/hub/cases/enroll/",
        {
            "patient": world.patient.pk,
            "course": world.course.pk,
            "payer_type": "commercial",
            "payer_name": "Example Plan",
            "planned_sessions": "6",
            "first_infusion_date": "2026-12-14",
            "calendar": "hub",
            "received_at": "2026-11-25T09:00",
            "consent": "on",
        },
    )
    case = Case.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/hub/cases/{case.pk}/")
    assert (case.owner, case.state, case.consent) == (world.coordinator, "bi_pending", True)
    assert CaseEvent.objects.get(case=case).at == at("2026-11-25", 9)


def test_enrollment_form_names_bad_fields() -> None:
    world = build()
    other_course = f.course(f.patient(world.facility))
    response = _client(world.nurse).post(
        "/hub/cases/enroll/", {"patient": world.patient.pk, "course": other_course.pk, "payer_type": "x"}
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == [
        "calendar", "course", "first_infusion_date", "payer_type", "planned_sessions", "received_at",
    ]  # fmt: skip
    assert Case.objects.count() == 0


def test_case_page_shows_deadlines_with_their_basis_and_next_steps() -> None:
    world = build()
    case, auth = _pa_pending(world)
    page = _client(world.coordinator).get(f"/hub/cases/{case.pk}/")
    html = page.content.decode()
    assert "CMS-0057-F: standard request decided within 7 calendar days" in html
    assert "hub: patient contacted by the second hub business day after enrollment" in html
    assert f'href="/hub/cases/{case.pk}/pa/{auth.pk}/decision/"' in html


def test_nurse_sees_the_case_but_cannot_decide_the_pa() -> None:
    world = build()
    case, auth = _pa_pending(world)
    nurse = _client(world.nurse)
    page = nurse.get(f"/hub/cases/{case.pk}/")
    assert page.status_code == 200
    assert "/decision/" not in page.content.decode()
    url = f"/hub/cases/{case.pk}/pa/{auth.pk}/decision/"
    response = nurse.post(url, {"decided_at": "2026-12-04T10:00", "decision": "approved"})
    assert response.status_code == 403
    assert CaseEvent.objects.filter(case=case, type="pa_decided").count() == 0


def test_refused_event_shows_the_cores_message() -> None:
    world = build()
    case = new_case(world)
    response = _client(world.coordinator).post(
        f"/hub/cases/{case.pk}/events/", {"type": "patient_contacted", "at": "2026-11-20T10:00", "reason": ""}
    )
    assert response.status_code == 400
    assert (
        response.context["form"].non_field_errors()[0].startswith("events[1].at: 2026-11-20T10:00:00-05:00 is before")
    )


def test_pa_denial_form_needs_reason_codes_then_opens_the_appeal() -> None:
    world = build()
    case, auth = _pa_pending(world)
    client = _client(world.coordinator)
    url = f"/hub/cases/{case.pk}/pa/{auth.pk}/decision/"
    bad = client.post(url, {"decided_at": "2026-12-08T10:00", "decision": "denied", "appeal_available": "on"})
    assert (bad.status_code, list(bad.context["form"].errors)) == (400, ["denial_reasons"])
    good = client.post(
        url,
        {"decided_at": "2026-12-08T10:00", "decision": "denied", "appeal_available": "on", "denial_reasons": ["50"]},
    )
    assert good.status_code == 302
    case.refresh_from_db()
    # the patient was never contacted: that deadline stays the soonest open one
    assert (case.state, case.waiting_on, case.next_due_kind) == ("appeal_possible", "provider", "patient_contact")


def test_pap_form_is_prefilled_from_the_case() -> None:
    world = build()
    case = new_case(world, payer_type="none")
    found = BenefitsFound(completed_at=at("2026-11-30"), coverage="uninsured", coverage_active=False, pa_required=False)
    complete_bi(case, found, actor=world.coordinator)
    form = _client(world.coordinator).get(f"/hub/cases/{case.pk}/pap/").context["form"]
    assert {k: form.initial[k] for k in ("state", "insurance", "us_physical_address", "on_label_diagnosis")} == {
        "state": "NY",
        "insurance": "none",
        "us_physical_address": True,
        "on_label_diagnosis": True,
    }


def test_outcomes_page() -> None:
    world = build()
    new_case(world)
    page = _client(world.coordinator).get("/hub/outcomes/?start=2026-11-01&end=2026-11-30")
    assert page.status_code == 200
    assert (page.context["figures"].patients, page.context["figures"].open) == (0, 1)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queue_and_case_page_stay_within_their_query_budget_as_data_grows() -> None:
    world = build()
    case, _ = _pa_pending(world)
    client = _client(world.coordinator)
    urls = {"page hub:case_list": "/hub/cases/", "page hub:case_detail": f"/hub/cases/{case.pk}/"}
    client.get("/hub/cases/")  # the session's first refresh and per-process caches
    before = {name: _count(client, url) for name, url in urls.items()}
    for n in range(6):
        _pa_pending(world)
        f.session(world.course, dt.date(2026, 12, 14) + dt.timedelta(days=7 * n))
    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before
    assert {name: count <= BUDGETS[name] for name, count in after.items()} == {name: True for name in urls}


def test_nurse_and_billing_see_the_case_status_on_the_patient_and_claim_pages() -> None:
    world = build()
    case, _ = _pa_pending(world)
    session = f.session(world.course, dt.date(2026, 12, 14), cap_fitting=True)
    code_sessions([session])
    claim = Claim.objects.get(session=session)
    billing = f.user("billing", world.facility)
    patient_page = _client(world.nurse).get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    assert f"Hub case {case.pk}</a>: prior authorization pending with the payer" in patient_page
    claim_page = _client(billing).get(f"/billing/claims/{claim.pk}/").content.decode()
    assert f"Hub case {case.pk}</a>: prior authorization pending with the payer" in claim_page
    other = f.patient(world.facility)
    assert "Coverage (hub)" not in _client(world.nurse).get(f"/clinic/patients/{other.pk}/").content.decode()
