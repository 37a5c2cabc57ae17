"""The hub app's API router (mounted at ``/api/v1/`` by ``coolclaim.api.main``):

- ``POST /hub/replay``: the case core exactly as ``coolclaim hub replay`` (``contracts/hub-case.md``):
  one case object → its result object; an array of cases → the array of results. Stateless.
- ``POST /screen``: patient-assistance screening exactly as ``coolclaim screen``
  (``contracts/screening.md``): one application → its result; 422 naming every bad field.
- ``POST /hub/cases``: enrollment (the form's fields); ``GET /hub/cases/{id}``: a case with its
  replayed state, deadlines and events (the read is audited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from coolclaim import bootstrap
from coolclaim.api.auth import api_user
from coolclaim.api.common import remote_addr
from coolclaim.api.errors import ApiError
from coolclaim.assistance import InvalidApplication
from coolclaim.hub import replay
from coolclaim.hub.vocabulary import CalendarName, PayerType
from coolclaim.web.accounts.models import User
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_read
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.columns import column_range
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.decide_pap import screen_application
from coolclaim.web.hub.services.enroll import Enrollment, enroll
from coolclaim.web.hub.services.replay_case import replay_case
from coolclaim.web.hub.services.sob_estimate import estimate_for_case

router = Router()
stateless = Router(tags=["hub"])
cases = Router(tags=["hub cases"])


def _json_body(request: HttpRequest) -> Any:
    try:
        return orjson.loads(request.body)
    except orjson.JSONDecodeError as exc:
        raise ApiError.one(422, "body", f"is not valid JSON ({exc})") from None


@stateless.post("/hub/replay", summary="Replay hub cases from their events (contracts/hub-case.md)")
def hub_replay(request: HttpRequest) -> HttpResponse:
    """One case object or an array of them; the same objects ``coolclaim hub replay`` writes."""
    require(api_user(request), Action.VIEW_PATIENT_DATA)
    document = _json_body(request)
    reference = bootstrap.hub_reference()
    if isinstance(document, list):
        body: Any = [replay(item, reference).as_dict() for item in document]
    else:
        body = replay(document, reference).as_dict()
    return HttpResponse(orjson.dumps(body), content_type="application/json")


@stateless.post("/screen", summary="Screen for patient assistance (contracts/screening.md)")
def screen(request: HttpRequest) -> HttpResponse:
    """One application object; 422 with every bad field named when it is invalid."""
    require(api_user(request), Action.VIEW_PATIENT_DATA)
    document = _json_body(request)
    try:
        result = screen_application(document)
    except InvalidApplication as exc:
        raise ApiError(422, [(e.field, e.message) for e in exc.errors]) from None
    return HttpResponse(orjson.dumps(result.as_dict()), content_type="application/json")


#: The range of a case's planned sessions (its column: a small integer).
PLANNED_MIN, PLANNED_MAX = column_range(Case, "planned_sessions")


class EnrollmentIn(Schema):
    patient_id: int
    course_id: int | None = None
    owner_id: int | None = None
    payer_type: PayerType
    payer_name: str = ""
    prescriber: str = ""
    diagnosis: str = ""
    regimen: str = ""
    planned_sessions: int = Field(6, ge=PLANNED_MIN, le=PLANNED_MAX)
    consent: bool = False
    first_infusion_date: dt.date
    received_at: dt.datetime | None = None
    calendar: CalendarName = CalendarName.HUB


class DeadlineOut(Schema):
    kind: str
    due: str | None
    met: bool | None
    basis: str


class EventOut(Schema):
    seq: int
    type: str
    at: dt.datetime
    payload: dict[str, Any]
    actor_id: int | None
    reason: str


class CaseOut(Schema):
    id: int
    facility_id: int
    patient_id: int
    course_id: int | None
    owner_id: int | None
    payer_type: str
    first_infusion_date: dt.date
    calendar: str
    timezone: str
    state: str | None
    outcome: str | None
    next: list[str]
    deadlines: list[DeadlineOut]
    events: list[EventOut]


def _case_out(case: Case) -> dict[str, Any]:
    events = list(case.events.order_by("seq"))
    result = replay_case(case, as_of=timezone.now(), events=events).as_dict()
    return {
        "id": case.pk,
        "facility_id": case.facility_id,
        "patient_id": case.patient_id,
        "course_id": case.course_id,
        "owner_id": case.owner_id,
        "payer_type": case.payer_type,
        "first_infusion_date": case.first_infusion_date,
        "calendar": case.calendar,
        "timezone": case.timezone,
        "state": result["state"],
        "outcome": result["outcome"],
        "next": result["next"],
        "deadlines": result["deadlines"] + result["undetermined_deadlines"],
        "events": events,
    }


@cases.post("/hub/cases", response={201: CaseOut}, summary="Enroll a patient (start a hub case)")
def create_case(request: HttpRequest, payload: EnrollmentIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    require(user, Action.ENROLL_HUB_CASE)
    patient = get_object_or_404(Patient.objects.for_user(user).select_related("facility"), pk=payload.patient_id)
    course = None
    if payload.course_id is not None:
        course = Course.objects.for_user(user).filter(pk=payload.course_id, patient_id=patient.pk).first()
        if course is None:
            raise ApiError.one(422, "course_id", "is not a course of this patient")
    owner = None
    if payload.owner_id is not None:
        owner = User.objects.filter(pk=payload.owner_id, role="hub_coordinator", hub_id=patient.facility.hub_id).first()
        if owner is None:
            raise ApiError.one(422, "owner_id", "is not a hub coordinator of the patient's hub")
    case = enroll(
        Enrollment(
            patient=patient,
            course=course,
            owner=owner,
            payer_type=str(payload.payer_type),
            payer_name=payload.payer_name,
            prescriber=payload.prescriber,
            diagnosis=payload.diagnosis,
            regimen=payload.regimen,
            planned_sessions=payload.planned_sessions,
            consent=payload.consent,
            first_infusion_date=payload.first_infusion_date,
            received_at=payload.received_at or timezone.now(),
            calendar=str(payload.calendar),
        ),
        actor=user,
        reason="Enrollment received through the API",
    )
    return Status(201, _case_out(case))


@cases.get("/hub/cases/{case_id}", response=CaseOut, summary="One hub case, replayed")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    case = get_object_or_404(Case.objects.for_user(user).select_related("facility"), pk=case_id)
    audit_read(user, case, remote_addr(request))
    return _case_out(case)


@cases.get("/hub/cases/{case_id}/estimate", summary="The patient's estimate of the course (the SOB's figures)")
def get_estimate(request: HttpRequest, case_id: int) -> HttpResponse:
    """Fee schedule × planned sessions and units × the benefits found; amounts as exact strings,
    every assumption; ``estimate`` null with the ``problems`` when it cannot be computed yet."""
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    case = get_object_or_404(Case.objects.for_user(user).select_related("facility"), pk=case_id)
    found = estimate_for_case(case)
    audit_read(user, case, remote_addr(request))
    if found.benefits is not None:
        audit_read(user, found.benefits, remote_addr(request))
    return HttpResponse(orjson.dumps(found.as_dict()), content_type="application/json")


router.add_router("", stateless)
router.add_router("", cases)
