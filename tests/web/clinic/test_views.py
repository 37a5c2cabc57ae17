"""Patient pages and the nurse's session entry with its live coding preview."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim, ClaimVersion
from coolclaim.web.clinic.models import Session

from ..pages_world import World, audit_count, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def entry(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "session_id": "WARD-1",
        "cooling_start": "2026-03-03T08:00",
        "infusion_start": "2026-03-03T08:30",
        "infusion_end": "2026-03-03T10:30",
        "cooling_end": "2026-03-03T12:10",
        "chemo_code_1": "96413",
        "chemo_units_1": "1",
        "chemo_code_2": "96415",
        "chemo_units_2": "1",
        "diagnoses": "C50.912, Z51.11",
        "device_model": "Paxman",
        "device_serial": "SN-42",
        "cap_lot": "LOT-7",
        "order_verified": "on",
        "contraindications_screened": "on",
        "tolerance_monitored": "on",
        "scalp_assessed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_patient_list_search_and_audit(world: World) -> None:
    client = world.client(Role.NURSE)
    body = client.get(reverse("clinic:patient_list"), {"q": world.mine.patient.mrn}).content.decode()
    assert world.mine.patient.display_name in body
    assert audit_count(world.mine.patient, LogEntry.Action.ACCESS) == 1
    body = client.get(reverse("clinic:patient_list"), {"q": "no such person"}).content.decode()
    assert "No patients found" in body


def test_patient_page_shows_coverage_courses_sessions_claims(world: World) -> None:
    body = world.client(Role.BILLING).get(reverse("clinic:patient_detail", args=[world.mine.patient.pk])).content
    text = body.decode()
    assert world.mine.patient.display_name in text
    assert "Example Health Plan" in text
    assert "XH000000001" in text  # member id (PHI) shown to a role that may view patient data
    assert "Required documentation is missing: physician order verified" in text  # the held claim's error
    assert "On hold" in text and "Ready" in text and "Not yet coded" in text
    assert "97008" in text
    for obj in (world.mine.patient, world.mine.course, world.mine.held, world.mine.uncoded):
        assert audit_count(obj, LogEntry.Action.ACCESS) == 1, obj


def test_entry_form_has_now_buttons_checklist_and_preview(world: World) -> None:
    body = world.client(Role.NURSE).get(reverse("clinic:session_new", args=[world.mine.course.pk])).content.decode()
    assert body.count("data-now-for=") == 4
    for label in ("Order for scalp cooling verified", "Contraindications screened", "Device serial number", "Cap lot"):
        assert label in body
    assert 'type="datetime-local"' in body
    assert 'hx-post="' + reverse("clinic:session_preview", args=[world.mine.course.pk]) in body
    assert "coolclaim/workbench.js" in body


def test_preview_shows_lines_and_every_edit_in_plain_words(world: World) -> None:
    client = world.client(Role.NURSE)
    url = reverse("clinic:session_preview", args=[world.mine.course.pk])
    response = client.post(url, entry(order_verified=None, device_serial=None))
    body = response.content.decode()
    assert response.status_code == 200
    assert "On hold" in body
    assert "97008" in body and "97009" in body
    assert "DOCUMENTATION_INCOMPLETE" in body
    assert "Source:" in body
    assert 'class="badge sev-error"' in body
    assert not Session.objects.filter(session_id="WARD-1").exists()  # a preview stores nothing


def test_preview_counts_earlier_sessions_of_the_course(world: World) -> None:
    # The course's first session billed the fitting, so a second fitting is refused.
    url = reverse("clinic:session_preview", args=[world.mine.course.pk])
    body = world.client(Role.NURSE).post(url, entry(cap_fitting="on")).content.decode()
    assert "FITTING_ALREADY_BILLED" in body


def test_preview_names_bad_fields(world: World) -> None:
    url = reverse("clinic:session_preview", args=[world.mine.course.pk])
    body = world.client(Role.NURSE).post(url, entry(diagnoses="C50.912, breast", chemo_units_3="2")).content.decode()
    assert "Diagnoses (ICD-10-CM): Not ICD-10-CM codes: BREAST" in body
    assert "Chemotherapy administration code 3: Choose a code" in body


def test_save_stores_and_codes_the_session(world: World) -> None:
    client = world.client(Role.NURSE)
    response = client.post(reverse("clinic:session_new", args=[world.mine.course.pk]), entry())
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("clinic:patient_detail", args=[world.mine.patient.pk])
    session = Session.objects.get(facility=world.mine.facility, session_id="WARD-1")
    assert session.documented_by == world.users[Role.NURSE]
    assert session.chemo_admin == [{"code": "96413", "units": 1}, {"code": "96415", "units": 1}]
    assert session.diagnoses == ["C50.912", "Z51.11"]
    assert session.cooling_start is not None
    assert session.cooling_start.isoformat() == "2026-03-03T13:00:00+00:00"  # 08:00 in New York
    claim = Claim.objects.get(session=session)
    assert claim.status == "ready"
    assert audit_count(session, LogEntry.Action.CREATE) == 1


def test_save_errors_name_the_field(world: World) -> None:
    client = world.client(Role.NURSE)
    url = reverse("clinic:session_new", args=[world.mine.course.pk])
    response = client.post(url, entry(session_id=world.mine.uncoded.session_id, cooling_start="yesterday"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Pre-cooling started: Enter a valid date/time." in body
    response = client.post(url, entry(session_id=world.mine.uncoded.session_id))
    assert response.status_code == 400
    assert "Session ID: another session of this facility already has this ID." in response.content.decode()


def test_editing_a_session_recodes_it_as_a_new_version(world: World) -> None:
    held = world.mine.held
    client = world.client(Role.NURSE)
    url = reverse("clinic:session_edit", args=[held.session_id])
    page = client.get(url).content.decode()
    assert held.session.session_id in page
    response = client.post(url, entry(session_id=held.session.session_id, cooling_start="2026-02-10T08:00"))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "ready"
    assert held.current_version is not None and held.current_version.number == 2


def test_correcting_a_submitted_claim_makes_a_new_version(world: World) -> None:
    ready = world.mine.ready
    version = ready.current_version
    assert version is not None
    version.submit(world.users[Role.BILLING])
    client = world.client(Role.NURSE)
    url = reverse("clinic:session_edit", args=[ready.session_id])
    response = client.post(url, entry(session_id=ready.session.session_id, cap_fitting="on", diagnoses="C50.911"))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.current_version_id != version.pk
    frozen = ClaimVersion.objects.get(pk=version.pk)
    assert frozen.is_submitted
    assert [ln.code for ln in frozen.lines.all()] == [ln.code for ln in version.lines.all()]


# --- session entry on a ward tablet (issue 8, item 2) --------------------------------------
def _new_form(world: World, query: str = "") -> str:
    url = reverse("clinic:session_new", args=[world.mine.course.pk]) + query
    return str(world.client(Role.NURSE).get(url).content.decode())


def test_payers_are_labelled_by_name_plan_and_member_id(world: World) -> None:
    coverage = world.mine.patient.coverages.get()
    body = _new_form(world)
    assert f"<option value=\"{coverage.pk}\">Example Health Plan (primary, member XH000000001)</option>" in body
    assert "coverage " + str(coverage.pk) + " of patient" not in body


def test_every_aria_describedby_points_at_an_element_on_the_page(world: World) -> None:
    import re

    body = _new_form(world)
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    assert sorted(described) == ["abn-help", "id_diagnoses-help", "id_session_id-help"]
    for ref in described:
        assert body.count(f'id="{ref}"') == 1, ref


def test_first_field_has_focus_and_time_fields_take_four_digit_years(world: World) -> None:
    body = _new_form(world)
    assert body.count(" autofocus") == 1
    assert 'name="session_id"' in body.split(" autofocus")[0].rsplit("<input", 1)[1]
    assert body.count('min="2000-01-01T00:00" max="2099-12-31T23:59"') == 4


def test_now_uses_the_facility_time_zone(world: World) -> None:
    zone = world.mine.facility.time_zone
    body = _new_form(world)
    assert body.count(f'data-now-zone="{zone}"') == 4
    assert f"Now: set pre-cooling started to the current time in {zone}" in body


def test_a_new_session_starts_from_the_course_last_session(world: World) -> None:
    last = world.mine.uncoded
    last.device_serial = "SN-LAST"
    last.cap_lot = "LOT-LAST"
    last.diagnoses = ["C50.911", "Z51.11"]
    last.save()
    body = _new_form(world)
    assert f"Started from the course's last session, {last.session_id}" in body
    assert 'name="device_serial" value="SN-LAST"' in body
    assert 'name="cap_lot" value="LOT-LAST"' in body
    assert 'name="diagnoses" value="C50.911, Z51.11"' in body
    blank = _new_form(world, "?blank=1")
    assert "Started from the course's last session" not in blank
    assert 'name="device_serial" value="SN-LAST"' not in blank
