"""Helpers of the API, import and token tests: a two-facility world and token clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import ApiToken, Facility, Hub, User
from coolclaim.web.billing.coding_service import code_sessions
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Course, Patient, Session

from . import factories as f


def token_client(user: User) -> Client:
    _, raw = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@dataclass
class Site:
    facility: Facility
    patient: Patient
    course: Course
    session: Session
    claim_id: int


def site(hub: Hub, state: str = "PA") -> Site:
    facility = f.facility(hub, state=state)
    patient = f.patient(facility)
    f.coverage(patient)
    course = f.course(patient)
    session = f.session(course, cap_fitting=True)
    code_sessions([session])
    return Site(facility, patient, course, session, Claim.objects.get(session=session).pk)


@dataclass
class World:
    mine: Site
    theirs: Site
    nurse: User
    billing: User
    admin: User
    analyst: User

    def urls_of(self, s: Site) -> list[str]:
        return [
            f"/api/v1/sessions/{s.session.pk}",
            f"/api/v1/patients/{s.patient.pk}",
            f"/api/v1/courses/{s.course.pk}",
            f"/api/v1/claims/{s.claim_id}",
        ]


def world() -> World:
    """Two facilities of one hub; facility roles are members of the first only."""
    hub = f.hub()
    mine, theirs = site(hub, "PA"), site(hub, "OH")
    return World(
        mine,
        theirs,
        nurse=f.user(Role.NURSE, mine.facility),
        billing=f.user(Role.BILLING, mine.facility),
        admin=f.user(Role.FACILITY_ADMIN, mine.facility),
        analyst=f.user(Role.ANALYST, hub_=hub),
    )


def contract_record(n: int, **overrides: Any) -> dict[str, Any]:
    """A valid contract session for a Pennsylvania office (synthetic values)."""
    day = dt.date(2026, 2, 3) + dt.timedelta(days=7 * (n % 20))
    start = f"{day.isoformat()}T08:00:00-05:00"
    record: dict[str, Any] = {
        "session_id": f"IMP-S-{n:04d}",
        "patient_id": f"IMP-P-{n // 4:03d}",
        "course_id": f"IMP-C-{n // 4:03d}",
        "facility_state": "PA",
        "setting": "office",
        "patient_birth_date": "1971-05-02",
        "payer": {
            "type": "commercial",
            "name": "Synthetic Health Plan",
            "funding": "fully_insured",
            "plan_state": None,
            "group_size": "large",
        },
        "diagnoses": ["C50.912", "Z51.11"],
        "chemo_admin": [{"code": "96413", "units": 1}],
        "regimen": "TC",
        "cap_fitting": n % 4 == 0,
        "cooling_start": start,
        "infusion_start": start.replace("T08:00", "T08:30"),
        "infusion_end": start.replace("T08:00", "T10:00"),
        "cooling_end": start.replace("T08:00", "T11:44"),
        "device": {"model": "Paxman PSCS", "serial": "SYN-SN-1", "cap_lot": "SYN-LOT-1"},
        "documentation": {
            "order_verified": True,
            "contraindications_screened": True,
            "tolerance_monitored": True,
            "scalp_assessed": True,
        },
        "em_visit": None,
    }
    record.update(overrides)
    return record
