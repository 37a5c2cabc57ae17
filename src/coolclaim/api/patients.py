"""``/patients``: read the patients of the caller's facilities (every read audited)."""

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
from coolclaim.web.clinic.models import Patient

router = Router(tags=["patients"])


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


@router.get("/patients", response=PatientPage, summary="List patients")
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


@router.get("/patients/{patient_id}", response=PatientOut, summary="One patient")
def get_patient(request: HttpRequest, patient_id: int) -> Patient:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    patient = get_object_or_404(Patient.objects.for_user(user), pk=patient_id)
    audit_read(user, patient, remote_addr(request))
    return patient
