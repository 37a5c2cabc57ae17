"""The clinic app's API router: ``/patients`` and ``/courses`` of the caller's facilities (read
only, every read audited) and ``/sessions`` (:mod:`.sessions`); mounted at ``/api/v1/`` by
``coolclaim.api.main``."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from coolclaim.api.auth import api_user
from coolclaim.api.common import LimitParam, OffsetParam, remote_addr
from coolclaim.api.pagination import PageMeta, take
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_read, audit_reads
from coolclaim.web.clinic.api.sessions import router as sessions
from coolclaim.web.clinic.models import Course, Patient

#: The app's router (mounted by ``coolclaim.api.main``), one sub-router (an OpenAPI tag) per resource.
router = Router()
patients = Router(tags=["patients"])
courses = Router(tags=["courses"])


class PatientOut(Schema):
    id: int
    facility_id: int
    mrn: str
    family_name: str
    given_name: str
    birth_date: dt.date
    sex: str


class PatientPage(PageMeta):
    items: list[PatientOut]


@patients.get("/patients", response=PatientPage, summary="List patients")
def list_patients(
    request: HttpRequest,
    facility: int | None = None,
    mrn: str | None = None,
    limit: int = LimitParam,
    offset: int = OffsetParam,
) -> dict[str, object]:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    queryset = Patient.objects.for_user(user).order_by("pk")
    if facility is not None:
        queryset = queryset.filter(facility_id=facility)
    if mrn:
        queryset = queryset.filter(mrn=mrn)
    page = take(queryset, limit, offset)
    audit_reads(user, page.items, remote_addr(request))
    return {"items": page.items, "count": page.count, "limit": page.limit, "offset": page.offset}


@patients.get("/patients/{patient_id}", response=PatientOut, summary="One patient")
def get_patient(request: HttpRequest, patient_id: int) -> Patient:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    patient = get_object_or_404(Patient.objects.for_user(user), pk=patient_id)
    audit_read(user, patient, remote_addr(request))
    return patient


# --- courses ----------------------------------------------------------------------------


class CourseOut(Schema):
    id: int
    patient_id: int
    reference: str
    regimen: str
    start_date: dt.date
    end_date: dt.date | None
    planned_sessions: int
    status: str


class CoursePage(PageMeta):
    items: list[CourseOut]


@courses.get("/courses", response=CoursePage, summary="List courses")
def list_courses(
    request: HttpRequest,
    patient: int | None = None,
    facility: int | None = None,
    limit: int = LimitParam,
    offset: int = OffsetParam,
) -> dict[str, object]:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    queryset = Course.objects.for_user(user).order_by("pk")
    if patient is not None:
        queryset = queryset.filter(patient_id=patient)
    if facility is not None:
        queryset = queryset.filter(patient__facility_id=facility)
    page = take(queryset, limit, offset)
    audit_reads(user, page.items, remote_addr(request))
    return {"items": page.items, "count": page.count, "limit": page.limit, "offset": page.offset}


@courses.get("/courses/{course_id}", response=CourseOut, summary="One course")
def get_course(request: HttpRequest, course_id: int) -> Course:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    course = get_object_or_404(Course.objects.for_user(user), pk=course_id)
    audit_read(user, course, remote_addr(request))
    return course


router.add_router("", patients)
router.add_router("", courses)
router.add_router("", sessions)
