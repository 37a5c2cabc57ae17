"""Helpers of the API, import and token tests: a two-facility world and token clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import ApiToken, Facility, Hub, User
from coolclaim.web.billing.models import Claim
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Course, Patient, Session
from tests.core.factories import session as contract_session

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
    """A valid contract session for a Pennsylvania office (synthetic values), built on the core
    tests' base session so the contract shape is written down once."""
    day = dt.date(2026, 2, 3) + dt.timedelta(days=7 * (n % 20))
    start = f"{day.isoformat()}T08:00:00-05:00"
    record = contract_session(
        session_id=f"IMP-S-{n:04d}",
        patient_id=f"IMP-P-{n // 4:03d}",
        course_id=f"IMP-C-{n // 4:03d}",
        patient_birth_date="1971-05-02",
        cap_fitting=n % 4 == 0,
        cooling_start=start,
        infusion_start=start.replace("T08:00", "T08:30"),
        infusion_end=start.replace("T08:00", "T10:00"),
        cooling_end=start.replace("T08:00", "T11:44"),
        device={"model": "Paxman PSCS", "serial": "SYN-SN-1", "cap_lot": "SYN-LOT-1"},
    )
    record.update(overrides)
    return record
