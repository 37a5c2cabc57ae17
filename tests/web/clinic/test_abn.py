"""The advance beneficiary notice (``Session.abn_obtained``) reaches the coding core from every
way a session comes in: GA (signed) or GZ (not obtained) on the scalp-cooling lines of a
traditional Medicare session whose diagnosis is outside the coverage policy, nothing when
the question was not asked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility, User
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Course, Session
from coolclaim.web.imports.services.import_sessions import import_sessions

from .. import factories as f
from ..api_support import contract_record, token_client

pytestmark = pytest.mark.django_db

#: Ohio is in Medicare jurisdiction J15; lung cancer is outside its scalp-cooling coverage.
LUNG = "C34.90"
ABN_MODIFIERS = {"GA", "GZ"}


class Ohio:
    def __init__(self) -> None:
        hub = f.hub()
        self.facility: Facility = f.facility(hub, state="OH")
        self.nurse: User = f.user(Role.NURSE, self.facility)
        self.patient = f.patient(self.facility)
        f.coverage(self.patient, PayerType.MEDICARE, payer_name="Medicare Part B", member_id="1EG4TE5MK73")
        self.course: Course = f.course(self.patient)

    def client(self) -> Client:
        client = Client()
        client.force_login(self.nurse)
        return client


@pytest.fixture
def ohio() -> Ohio:
    return Ohio()


def abn_modifiers(session: Session) -> set[str]:
    claim = Claim.objects.get(session=session)
    lines = ClaimLine.objects.filter(version_id=claim.current_version_id)
    return {m for line in lines for m in line.modifiers if m in ABN_MODIFIERS}


def abn_edits(session: Session) -> list[ClaimEdit]:
    claim = Claim.objects.get(session=session)
    return list(ClaimEdit.objects.filter(version_id=claim.current_version_id, code="MODIFIER_ABN"))


def entry(session_id: str, abn: str) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "cooling_start": "2026-03-03T08:00",
        "infusion_start": "2026-03-03T08:30",
        "infusion_end": "2026-03-03T10:30",
        "cooling_end": "2026-03-03T12:10",
        "chemo_code_1": "96413",
        "chemo_units_1": "1",
        "diagnoses": f"{LUNG}, Z51.11",
        "device_model": "Paxman",
        "device_serial": "SN-42",
        "cap_lot": "LOT-7",
        "order_verified": "on",
        "contraindications_screened": "on",
        "tolerance_monitored": "on",
        "scalp_assessed": "on",
        "abn": abn,
    }


def _checked(html: str, value: str) -> bool:
    for tag in html.split("<input")[1:]:
        tag = tag.split(">")[0]
        if 'name="abn"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    return False


EXPECTED = [("signed", True, {"GA"}), ("refused", False, {"GZ"}), ("", None, set())]


@pytest.mark.parametrize(("choice", "stored", "modifiers"), EXPECTED)
def test_entry_form(ohio: Ohio, choice: str, stored: bool | None, modifiers: set[str]) -> None:
    response = ohio.client().post(reverse("clinic:session_new", args=[ohio.course.pk]), entry("OH-1", choice))
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(session_id="OH-1")
    assert session.abn_obtained is stored
    assert abn_modifiers(session) == modifiers
    assert len(abn_edits(session)) == (1 if modifiers else 0)
    page = ohio.client().get(reverse("clinic:patient_detail", args=[ohio.patient.pk])).content.decode()
    label = {True: "ABN signed (GA)", False: "No ABN (GZ)", None: "ABN not asked"}[stored]
    assert label in page


def test_form_shows_the_choice_with_help_and_the_preview_uses_it(ohio: Ohio) -> None:
    client = ohio.client()
    page = client.get(reverse("clinic:session_new", args=[ohio.course.pk])).content.decode()
    assert 'name="abn"' in page and "GA" in page and "GZ" in page and "Not asked" in page
    url = reverse("clinic:session_preview", args=[ohio.course.pk])
    assert "GA" in client.post(url, entry("OH-P", "signed")).content.decode()
    assert "GZ" in client.post(url, entry("OH-P", "refused")).content.decode()
    assert Session.objects.filter(session_id="OH-P").count() == 0


def test_changing_the_answer_recodes_as_a_new_version(ohio: Ohio) -> None:
    client = ohio.client()
    client.post(reverse("clinic:session_new", args=[ohio.course.pk]), entry("OH-2", ""))
    session = Session.objects.get(session_id="OH-2")
    assert abn_modifiers(session) == set()
    assert _checked(client.get(reverse("clinic:session_edit", args=[session.pk])).content.decode(), "")
    response = client.post(reverse("clinic:session_edit", args=[session.pk]), entry("OH-2", "refused"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.abn_obtained is False and abn_modifiers(session) == {"GZ"}
    versions = list(ClaimVersion.objects.filter(claim__session=session).order_by("number"))
    assert [v.number for v in versions] == [1, 2] and versions[-1].reason
    assert _checked(client.get(reverse("clinic:session_edit", args=[session.pk])).content.decode(), "refused")


def ohio_record(n: int, abn: bool | None) -> dict[str, Any]:
    record = contract_record(
        n,
        facility_state="OH",
        diagnoses=[LUNG, "Z51.11"],
        payer={"type": "medicare", "name": "Medicare Part B", "funding": None, "plan_state": None, "group_size": None},
    )
    record["abn_obtained"] = abn
    return record


def test_import(ohio: Ohio) -> None:
    records = [ohio_record(1, True), ohio_record(2, False), ohio_record(3, None)]
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    result = import_sessions(data, "ohio.jsonl", ohio.facility, None)
    assert result.batch.rejected == 0
    by_id = {s.session_id: s for s in Session.objects.filter(facility=ohio.facility, session_id__startswith="IMP")}
    assert by_id["IMP-S-0001"].abn_obtained is True and abn_modifiers(by_id["IMP-S-0001"]) == {"GA"}
    assert by_id["IMP-S-0002"].abn_obtained is False and abn_modifiers(by_id["IMP-S-0002"]) == {"GZ"}
    assert by_id["IMP-S-0003"].abn_obtained is None and abn_modifiers(by_id["IMP-S-0003"]) == set()
    # A corrected answer is a change: a new version, with GA instead of GZ.
    records[1]["abn_obtained"] = True
    again = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    import_sessions(again, "ohio-2.jsonl", ohio.facility, None)
    changed = Session.objects.get(facility=ohio.facility, session_id="IMP-S-0002")
    assert changed.abn_obtained is True and abn_modifiers(changed) == {"GA"}
    assert ClaimVersion.objects.filter(claim__session=changed).count() == 2
    assert ClaimVersion.objects.filter(claim__session=by_id["IMP-S-0001"]).count() == 1


@pytest.mark.parametrize(("abn", "modifiers"), [(True, {"GA"}), (False, {"GZ"}), (None, set())])
def test_api(ohio: Ohio, abn: bool | None, modifiers: set[str]) -> None:
    body: dict[str, Any] = {
        "course": ohio.course.pk,
        "session_id": "API-OH-1",
        "cooling_start": "2026-02-10T08:00:00-05:00",
        "infusion_start": "2026-02-10T08:30:00-05:00",
        "infusion_end": "2026-02-10T10:00:00-05:00",
        "cooling_end": "2026-02-10T11:44:00-05:00",
        "chemo_admin": [{"code": "96413", "units": 1}],
        "diagnoses": [LUNG, "Z51.11"],
        "device": {"model": "Paxman PSCS", "serial": "SN-1", "cap_lot": "LOT-1"},
        "documentation": {"order_verified": True, "contraindications_screened": True},
    }
    if abn is not None:
        body["abn_obtained"] = abn
    client = token_client(ohio.nurse)
    response = client.post("/api/v1/sessions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["abn_obtained"] is abn
    session = Session.objects.get(pk=response.json()["id"])
    assert session.abn_obtained is abn and abn_modifiers(session) == modifiers
    assert client.get(f"/api/v1/sessions/{session.pk}").json()["abn_obtained"] is abn


def test_no_modifier_when_the_diagnosis_is_covered(ohio: Ohio) -> None:
    session = f.session(ohio.course, abn_obtained=False)
    code_sessions([session])
    assert abn_modifiers(session) == set() and abn_edits(session) == []
