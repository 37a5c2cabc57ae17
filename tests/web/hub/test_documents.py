"""Documents on a hub case: facts from the case, edits, the PDF kept, downloads audited and scoped;
the cap-kit replacement a qualifying PAP promises; the standalone screening page."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from coolclaim.documents import DocumentKind, render_html
from coolclaim.web.accounts.choices import Role
from coolclaim.web.hub.models import CapKitReplacement, Case, GeneratedDocument, PapDecision
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.decide_pap import application_for, decide_pap
from coolclaim.web.hub.services.generate_document import draft_for, generate_document, pdf_of
from coolclaim.web.hub.services.submit_pa import submit_pa

from .. import factories as f
from .world import HubWorld, at, build, new_case

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "hub_documents"
ISSUED = dt.date(2026, 12, 1)
PATIENT = "Ada Testpatient"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fixed_world() -> HubWorld:
    """The hub world with fixed names (for golden files): facility, patient, coverage, BI."""
    world = build()
    world.facility.name = "Golden Test Oncology"
    world.facility.npi = "1093817465"
    world.facility.save()
    world.patient.given_name, world.patient.family_name = "Ada", "Testpatient"
    world.patient.birth_date = dt.date(1978, 4, 12)
    world.patient.city, world.patient.postal_code = "Albany", "12207"
    world.patient.save()
    f.coverage(
        world.patient, payer_name="Example Advantage Plan", plan_name="Example Advantage PPO", member_id="XH000000042"
    )
    return world


def _denied_case(world: HubWorld) -> Case:
    case = new_case(world, regimen="TC")
    found = BenefitsFound(
        completed_at=at("2026-11-30"),
        coverage="covered",
        coverage_active=True,
        pa_required=True,
        network="in",
        deductible=Decimal("1500.00"),
        deductible_met=Decimal("400.00"),
        coinsurance_percent=Decimal("20"),
        copay=Decimal("25.00"),
    )
    complete_bi(case, found, actor=world.coordinator)
    auth = submit_pa(
        case, rail="portal", submitted_at=at("2026-12-01"), actor=world.coordinator, reference_number="PA-1"
    )
    decide_pa(
        auth,
        decision="denied",
        decided_at=at("2026-12-03"),
        actor=world.coordinator,
        denial_reasons=["50"],
        appeal_available=True,
    )
    case.refresh_from_db()
    return case


def _golden(name: str, html: str, case: Case) -> None:
    data = html.replace(f"HUB-{case.pk}", "HUB-<case>").encode("utf-8")
    path = GOLDEN / f"{name}.html"
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.exists(), f"{path} missing: run with COOLCLAIM_UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes()


@pytest.mark.parametrize(
    "kind",
    [kind.value for kind in DocumentKind],
)
def test_documents_from_a_hub_case_equal_their_golden_files(kind: str) -> None:
    world = _fixed_world()
    case = _denied_case(world)
    _golden(kind, render_html(draft_for(case, kind, on=ISSUED)), case)


def test_the_letter_is_written_from_the_case_and_a_checklist_names_no_patient() -> None:
    world = _fixed_world()
    case = _denied_case(world)
    letter = render_html(draft_for(case, DocumentKind.LETTER_OF_MEDICAL_NECESSITY, on=ISSUED))
    assert PATIENT in letter
    assert "XH000000042" in letter
    assert "C50.912" in letter
    checklist = render_html(draft_for(case, DocumentKind.APPEAL_CHECKLIST, on=ISSUED))
    assert PATIENT not in checklist
    assert "XH000000042" not in checklist
    assert "C50.912" not in checklist


def test_coordinator_edits_a_paragraph_and_the_pdf_is_kept_with_who_and_when() -> None:
    world = _fixed_world()
    case = _denied_case(world)
    client = _client(world.coordinator)
    page = client.get(f"/hub/cases/{case.pk}/documents/new/?kind=letter_of_medical_necessity")
    assert page.status_code == 200
    form = page.context["form"]
    first = next(iter(form.fields))
    data = {"kind": "letter_of_medical_necessity", **{k: form.fields[k].initial for k in form.fields}}
    data[first] = "An edited opening paragraph, written by the coordinator."
    done = client.post(f"/hub/cases/{case.pk}/documents/new/", data)
    assert done.status_code == 302
    assert done["Location"] == f"/hub/cases/{case.pk}/#documents-heading"
    doc = GeneratedDocument.objects.get()
    assert doc.created_by == world.coordinator
    assert doc.edited == [first]
    assert doc.sections[first] == "An edited opening paragraph, written by the coordinator."
    pdf = pdf_of(doc)
    assert pdf.startswith(b"%PDF-")
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest()
    assert doc.pages == 3
    case_page = client.get(f"/hub/cases/{case.pk}/").content.decode()
    assert f"/hub/cases/{case.pk}/documents/{doc.pk}/pdf/" in case_page
    assert "Letter of medical necessity" in case_page


def test_an_edit_that_brings_back_withheld_information_is_refused() -> None:
    world = _fixed_world()
    case = _denied_case(world)
    client = _client(world.coordinator)
    form = client.get(f"/hub/cases/{case.pk}/documents/new/?kind=appeal_checklist").context["form"]
    key = next(iter(form.fields))
    data = {"kind": "appeal_checklist", **{k: form.fields[k].initial for k in form.fields}}
    data[key] = f"For {PATIENT}."
    refused = client.post(f"/hub/cases/{case.pk}/documents/new/", data)
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [
        f"{key}: contains the patient's name, which this document's recipient must not receive"
    ]
    assert GeneratedDocument.objects.count() == 0


def test_a_document_the_case_cannot_support_names_the_missing_facts() -> None:
    world = _fixed_world()
    case = new_case(world)  # no BI, no denial
    page = _client(world.coordinator).get(f"/hub/cases/{case.pk}/documents/new/?kind=letter_of_appeal")
    assert page.status_code == 409
    assert page.context["missing"] == ["denial"]


def test_download_is_audited_once_per_download_and_scoped_to_the_facility() -> None:
    world = _fixed_world()
    case = _denied_case(world)
    doc = generate_document(case, "appeal_checklist", edits={}, actor=world.coordinator, on=ISSUED)
    url = f"/hub/cases/{case.pk}/documents/{doc.pk}/pdf/"
    doc_type = ContentType.objects.get_for_model(GeneratedDocument)

    def downloads() -> int:
        entries = LogEntry.objects.filter(
            content_type=doc_type, object_pk=str(doc.pk), action=LogEntry.Action.ACCESS, actor=world.nurse
        )
        return int(entries.count())

    before = downloads()
    response = _client(world.nurse).get(url)  # facility staff of the case's facility
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="hub-case-{case.pk}-appeal-checklist-{doc.pk}.pdf"'
    assert response.content == pdf_of(doc)
    _client(world.nurse).get(url)
    assert downloads() == before + 2
    assert _client(world.other_coordinator).get(url).status_code == 404
    outsider = f.user(Role.NURSE, world.other_facility)
    assert _client(outsider).get(url).status_code == 404


def test_facility_staff_may_not_generate_documents() -> None:
    world = _fixed_world()
    case = _denied_case(world)
    assert _client(world.nurse).get(f"/hub/cases/{case.pk}/documents/new/?kind=appeal_checklist").status_code == 403


def test_the_blank_enrollment_form_is_a_pdf_without_patient_data() -> None:
    world = build()
    response = _client(world.nurse).get("/hub/enrollment-form.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert _client(f.user(Role.ANALYST, world.facility)).get("/hub/enrollment-form.pdf").status_code == 403


# --- the cap-kit replacement -----------------------------------------------------------------
def _qualify(case: Case, world: HubWorld, income: str = "20000") -> PapDecision:
    application = {**application_for(case, dt.date(2026, 12, 5)), "household_size": 2, "household_income": income}
    application["insurance"] = "none"
    return decide_pap(case, application, decided_at=at("2026-12-05"), actor=world.coordinator)


def _pap_case(world: HubWorld) -> Case:
    """A case in PAP screening, its events before today (the page keeps a screening as of now)."""
    case = new_case(world, payer_type="none", received="2026-11-20")
    found = BenefitsFound(completed_at=at("2026-11-23"), coverage="uninsured", coverage_active=False, pa_required=False)
    complete_bi(case, found, actor=world.coordinator)
    return case


def test_a_qualifying_pap_decision_promises_the_cap_kit_and_a_coordinator_records_it_shipped() -> None:
    world = build()
    case = _pap_case(world)
    decision = _qualify(case, world)
    assert decision.eligible is True
    kit = CapKitReplacement.objects.get(case=case)
    assert (kit.status, kit.decision, kit.promised_at) == ("promised", decision, at("2026-12-05"))
    client = _client(world.coordinator)
    page = client.get(f"/hub/cases/{case.pk}/").content.decode()
    assert 'id="cap-kit-status">Promised<' in page
    done = client.post(
        f"/hub/cases/{case.pk}/cap-kit/", {"status": "shipped", "at": "2026-12-06T09:00", "reference": "ORD-7"}
    )
    assert done.status_code == 302
    kit.refresh_from_db()
    assert (kit.status, kit.shipped_at, kit.reference, kit.updated_by) == (
        "shipped",
        at("2026-12-06", 9),
        "ORD-7",
        world.coordinator,
    )
    again = client.post(f"/hub/cases/{case.pk}/cap-kit/", {"status": "shipped", "at": "2026-12-07T09:00"})
    assert again.status_code == 400
    assert again.context["form"].non_field_errors() == ["status: the kit is already shipped"]
    kit_type = ContentType.objects.get_for_model(CapKitReplacement)
    assert (
        LogEntry.objects.filter(content_type=kit_type, object_pk=str(kit.pk), action=LogEntry.Action.UPDATE).count()
        == 1
    )
    assert (
        _client(world.nurse)
        .post(f"/hub/cases/{case.pk}/cap-kit/", {"status": "fulfilled", "at": "2026-12-08T09:00"})
        .status_code
        == 403
    )


def test_a_pap_decision_that_does_not_qualify_promises_nothing() -> None:
    world = build()
    case = _pap_case(world)
    decision = _qualify(case, world, income="900000")
    assert decision.eligible is False
    assert CapKitReplacement.objects.filter(case=case).count() == 0


# --- the standalone screening page ---------------------------------------------------------------
def _screening_data(world: HubWorld, **kw: Any) -> dict[str, Any]:
    data = {
        "facility": world.facility.pk,
        "application_date": "2026-11-29",
        "state": "NY",
        "us_physical_address": "on",
        "household_size": "2",
        "household_income": "30000",
        "product_cost": "2400",
        "insurance": "none",
        "pa_status": "",
        "on_label_diagnosis": "on",
        "prescription": "on",
    }
    data.update(kw)
    return data


def test_facility_staff_screen_and_see_both_programs_with_every_reason_and_nothing_is_stored() -> None:
    world = build()
    client = _client(world.nurse)
    assert 'href="/hub/screening/"' in client.get("/hub/screening/").content.decode()
    before = (PapDecision.objects.count(), LogEntry.objects.count())
    response = client.post("/hub/screening/", _screening_data(world))
    assert response.status_code == 200
    result = response.context["result"]
    assert [p["program"] for p in result["programs"]] == ["manufacturer_pap", "hairtostay"]
    pap = result["programs"][0]
    assert (pap["eligible"], pap["route"]) == (True, "income")
    assert [r["code"] for r in pap["reasons"] if r["met"] is False] == ["HARDSHIP_WAIVER"]
    assert response.context["attach_cases"] == []
    assert (PapDecision.objects.count(), LogEntry.objects.count()) == before


def test_screening_names_every_bad_field() -> None:
    world = build()
    response = _client(world.nurse).post(
        "/hub/screening/", _screening_data(world, household_size="0", household_income="-1")
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["household_income", "household_size"]


def test_a_coordinator_keeps_a_screening_on_a_case_in_pap_screening() -> None:
    world = build()
    case = _pap_case(world)
    assert case.state == "pap_screening"
    client = _client(world.coordinator)
    shown = client.post("/hub/screening/", _screening_data(world))
    assert shown.context["attach_cases"] == [case]
    kept = client.post("/hub/screening/", {**_screening_data(world), "case": str(case.pk)})
    assert kept.status_code == 302
    assert kept["Location"] == f"/hub/cases/{case.pk}/"
    decision = PapDecision.objects.get(case=case)
    assert decision.application["household_income"] == "30000"
    assert CapKitReplacement.objects.get(case=case).status == "promised"


def test_roles_without_enrollment_do_not_see_the_screening_page() -> None:
    world = build()
    analyst = f.user(Role.ANALYST, world.facility)
    assert _client(analyst).get("/hub/screening/").status_code == 403
    assert 'href="/hub/screening/"' not in _client(analyst).get("/queue/").content.decode()
