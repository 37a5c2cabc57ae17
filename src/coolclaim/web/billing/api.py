"""The billing app's API router: `/claims` of the caller's facilities with lines, edits and versions
(read only, every read audited; mounted at `/api/v1/` by `coolclaim.api.main`). Claims change only through
coding and review, not here."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from coolclaim.api.auth import api_user
from coolclaim.api.common import LimitParam, OffsetParam, remote_addr
from coolclaim.api.pagination import PageMeta, take
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_read, audit_reads
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion

router = Router(tags=["claims"])


class ClaimOut(Schema):
    id: int
    facility_id: int
    patient_id: int
    session: int
    session_id: str
    status: str
    date_of_service: dt.date | None
    version: int | None


class ClaimPage(PageMeta):
    items: list[ClaimOut]


class LineOut(Schema):
    position: int
    code: str
    modifiers: list[str]
    units: int
    diagnosis_pointers: list[int]
    revenue_code: str


class EditOut(Schema):
    position: int
    code: str
    severity: str
    message: str
    source: str
    overridden: bool
    override_reason: str


class VersionOut(Schema):
    number: int
    coded_status: str
    date_of_service: dt.date | None
    reason: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None


class CurrentVersionOut(VersionOut):
    errors: list[dict[str, str]]
    lines: list[LineOut]
    edits: list[EditOut]


class ClaimDetail(ClaimOut):
    current_version: CurrentVersionOut | None
    versions: list[VersionOut]


def _summary(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.pk,
        "facility_id": claim.facility_id,
        "patient_id": claim.patient_id,
        "session": claim.session_id,
        "session_id": claim.session.session_id,
        "status": claim.status,
        "date_of_service": claim.date_of_service,
        "version": claim.current_version.number if claim.current_version is not None else None,
    }


def _version(version: ClaimVersion) -> dict[str, object]:
    return {
        "number": version.number,
        "coded_status": version.coded_status,
        "date_of_service": version.date_of_service,
        "reason": version.reason,
        "created_at": version.created_at,
        "submitted_at": version.submitted_at,
    }


@router.get("/claims", response=ClaimPage, summary="List claims")
def list_claims(
    request: HttpRequest,
    status: str | None = None,
    facility: int | None = None,
    patient: int | None = None,
    limit: int = LimitParam,
    offset: int = OffsetParam,
) -> dict[str, object]:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    queryset = Claim.objects.for_user(user).select_related("session", "current_version").order_by("pk")
    if status:
        queryset = queryset.filter(status=status)
    if facility is not None:
        queryset = queryset.filter(facility_id=facility)
    if patient is not None:
        queryset = queryset.filter(patient_id=patient)
    page = take(queryset, limit, offset)
    audit_reads(user, page.items, remote_addr(request))
    return {
        "items": [_summary(claim) for claim in page.items],
        "count": page.count,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get("/claims/{claim_id}", response=ClaimDetail, summary="One claim with its lines, edits and versions")
def get_claim(request: HttpRequest, claim_id: int) -> dict[str, object]:
    user = api_user(request)
    require(user, Action.VIEW_PATIENT_DATA)
    claim = get_object_or_404(
        Claim.objects.for_user(user)
        .select_related("session", "current_version")
        .prefetch_related(
            Prefetch("versions", queryset=ClaimVersion.objects.order_by("number")),
        ),
        pk=claim_id,
    )
    audit_read(user, claim, remote_addr(request))
    detail = _summary(claim)
    current = claim.current_version
    if current is not None:
        lines = ClaimLine.objects.for_user(user).filter(version_id=current.pk).order_by("position")
        edits = ClaimEdit.objects.for_user(user).filter(version_id=current.pk).order_by("position")
        detail["current_version"] = {
            **_version(current),
            "errors": list(current.errors or []),
            "lines": [
                {
                    "position": ln.position,
                    "code": ln.code,
                    "modifiers": list(ln.modifiers or []),
                    "units": ln.units,
                    "diagnosis_pointers": list(ln.diagnosis_pointers or []),
                    "revenue_code": ln.revenue_code,
                }
                for ln in lines
            ],
            "edits": [
                {
                    "position": e.position,
                    "code": e.code,
                    "severity": e.severity,
                    "message": e.message,
                    "source": e.source,
                    "overridden": e.is_overridden,
                    "override_reason": e.override_reason,
                }
                for e in edits
            ],
        }
    else:
        detail["current_version"] = None
    detail["versions"] = [_version(v) for v in claim.versions.all()]
    return detail
