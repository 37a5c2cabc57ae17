"""``/sessions``: read sessions of the caller's facilities, and document a new one (nurses and
facility admins), which is coded at once through the same service as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from coolclaim import bootstrap
from coolclaim.api.auth import api_user
from coolclaim.api.common import LimitParam, OffsetParam, remote_addr
from coolclaim.api.errors import ApiError
from coolclaim.api.pagination import PageMeta, take
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_read, audit_reads
from coolclaim.web.clinic.models import Course, Coverage, Session
from coolclaim.web.clinic.services.record_session import record_session, session_id_taken
from coolclaim.web.clinic.services.session_contract import contract_parts, session_record
from coolclaim.web.columns import COLUMN_RANGES

router = Router(tags=["sessions"])


#: Most units of a line: a claim line's column (billing's ``ClaimLine.units``, an integer).
UNITS_MAX = COLUMN_RANGES["PositiveIntegerField"][1]


class ChemoAdminSchema(Schema):
    code: str = Field(max_length=5)
    units: int = Field(1, ge=1, le=UNITS_MAX)


class DeviceSchema(Schema):
    model: str | None = Field(None, max_length=100)
    serial: str | None = Field(None, max_length=100)
    cap_lot: str | None = Field(None, max_length=100)


class DocumentationSchema(Schema):
    order_verified: bool = False
    contraindications_screened: bool = False
    tolerance_monitored: bool = False
    scalp_assessed: bool = False


class EmVisitSchema(Schema):
    code: str = Field(max_length=5)
    separately_identifiable: bool = False


class ClaimRef(Schema):
    id: int
    status: str


class SessionOut(Schema):
    id: int
    session_id: str
    facility_id: int
    course_id: int
    patient_id: int
    coverage_id: int | None
    cap_fitting: bool
    cooling_start: dt.datetime | None
    infusion_start: dt.datetime | None
    infusion_end: dt.datetime | None
    cooling_end: dt.datetime | None
    chemo_admin: list[ChemoAdminSchema]
    diagnoses: list[str]
    device: DeviceSchema
    documentation: DocumentationSchema
    em_visit: EmVisitSchema | None
    abn_obtained: bool | None
    claim: ClaimRef | None


class SessionPage(PageMeta):
    items: list[SessionOut]


class SessionIn(Schema):
    """A session documented for an existing course. Times need a UTC offset."""

    course: int = Field(description="Id of the course (``/courses``).")
    session_id: str = Field(min_length=1, max_length=64, description="Unique per facility.")
    coverage: int | None = Field(None, description="Id of the patient's coverage; empty = primary on the day.")
    cap_fitting: bool = False
    cooling_start: dt.datetime | None = None
    infusion_start: dt.datetime | None = None
    infusion_end: dt.datetime | None = None
    cooling_end: dt.datetime | None = None
    chemo_admin: list[ChemoAdminSchema] = Field(default_factory=list)
    diagnoses: list[str] = Field(min_length=1)
    device: DeviceSchema = Field(default_factory=lambda: DeviceSchema(model=None, serial=None, cap_lot=None))
    documentation: DocumentationSchema = Field(default_factory=lambda: DocumentationSchema())
    em_visit: EmVisitSchema | None = None
    abn_obtained: bool | None = Field(
        None,
        description=(
            "Advance beneficiary notice: true = signed (modifier GA), false = not obtained (GZ), "
            "null = not asked. Used for traditional Medicare when the diagnosis is outside the coverage policy."
        ),
    )


TIME_FIELDS = ("cooling_start", "infusion_start", "infusion_end", "cooling_end")


def session_out(session: Session) -> dict[str, Any]:
    """The API shape of a session (``course`` and ``claim`` should be loaded)."""
    claim = getattr(session, "claim", None)  # a missing reverse one-to-one raises AttributeError
    return {
        "id": session.pk,
        "session_id": session.session_id,
        "facility_id": session.facility_id,
        "course_id": session.course_id,
        "patient_id": session.course.patient_id,
        "coverage_id": session.coverage_id,
        "cap_fitting": session.cap_fitting,
        "cooling_start": session.cooling_start,
        "infusion_start": session.infusion_start,
        "infusion_end": session.infusion_end,
        "cooling_end": session.cooling_end,
        "chemo_admin": list(session.chemo_admin or []),
        "diagnoses": list(session.diagnoses or []),
        **contract_parts(session),
        "claim": {"id": claim.pk, "status": claim.status} if claim is not None else None,
    }


def _scoped(request: HttpRequest) -> Any:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    return user, Session.objects.for_user(user).select_related("course", "claim")


@router.get("/sessions", response=SessionPage, summary="List sessions")
def list_sessions(
    request: HttpRequest,
    facility: int | None = None,
    course: int | None = None,
    patient: int | None = None,
    session_id: str | None = None,
    limit: int = LimitParam,
    offset: int = OffsetParam,
) -> dict[str, object]:
    user, queryset = _scoped(request)
    queryset = queryset.order_by("-pk")
    if facility is not None:
        queryset = queryset.filter(facility_id=facility)
    if course is not None:
        queryset = queryset.filter(course_id=course)
    if patient is not None:
        queryset = queryset.filter(course__patient_id=patient)
    if session_id:
        queryset = queryset.filter(session_id=session_id)
    page = take(queryset, limit, offset)
    audit_reads(user, page.items, remote_addr(request))
    return {
        "items": [session_out(s) for s in page.items],
        "count": page.count,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get("/sessions/{pk}", response=SessionOut, summary="One session")
def get_session(request: HttpRequest, pk: int) -> dict[str, Any]:
    user, queryset = _scoped(request)
    session = get_object_or_404(queryset, pk=pk)
    audit_read(user, session, remote_addr(request))
    return session_out(session)


@router.post("/sessions", response={201: SessionOut}, summary="Document a session (coded at once)")
def create_session(request: HttpRequest, payload: SessionIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    require(user, Action.DOCUMENT_SESSION)
    course = Course.objects.for_user(user).select_related("patient__facility").filter(pk=payload.course).first()
    if course is None:
        raise ApiError.one(404, "course", "no such course among your facilities")
    facility = course.patient.facility
    require(user, Action.DOCUMENT_SESSION, facility)
    coverages = list(Coverage.objects.for_user(user).filter(patient_id=course.patient_id))
    if payload.coverage is not None and payload.coverage not in {c.pk for c in coverages}:
        raise ApiError.one(422, "coverage", "is not a coverage of this course's patient")
    naive = [name for name in TIME_FIELDS if (value := getattr(payload, name)) is not None and value.tzinfo is None]
    if naive:
        raise ApiError(422, [(name, "needs a UTC offset, e.g. 2026-02-03T08:00:00-05:00") for name in naive])
    session = Session(
        facility=facility,
        course=course,
        coverage_id=payload.coverage,
        session_id=payload.session_id.strip(),
        cap_fitting=payload.cap_fitting,
        cooling_start=payload.cooling_start,
        infusion_start=payload.infusion_start,
        infusion_end=payload.infusion_end,
        cooling_end=payload.cooling_end,
        chemo_admin=[{"code": c.code.strip().upper(), "units": c.units} for c in payload.chemo_admin],
        diagnoses=[code.strip().upper() for code in payload.diagnoses],
        device_model=payload.device.model or "",
        device_serial=payload.device.serial or "",
        cap_lot=payload.device.cap_lot or "",
        order_verified=payload.documentation.order_verified,
        contraindications_screened=payload.documentation.contraindications_screened,
        tolerance_monitored=payload.documentation.tolerance_monitored,
        scalp_assessed=payload.documentation.scalp_assessed,
        em_code=payload.em_visit.code if payload.em_visit else "",
        em_separately_identifiable=bool(payload.em_visit and payload.em_visit.separately_identifiable),
        abn_obtained=payload.abn_obtained,
        documented_by=user,
    )
    parsed = bootstrap.engine().parse(session_record(session, coverages))
    if isinstance(parsed, list):
        raise ApiError(422, [(e.field, e.message) for e in parsed])
    if session_id_taken(facility.pk, session.session_id):
        raise ApiError.one(409, "session_id", "already used at this facility")
    try:
        record_session(
            session, user=user, reason="Session documented through the API", remote_addr=remote_addr(request)
        )
    except IntegrityError:
        raise ApiError.one(409, "session_id", "already used at this facility") from None
    stored = Session.objects.for_user(user).select_related("course", "claim").get(pk=session.pk)
    return Status(201, session_out(stored))
