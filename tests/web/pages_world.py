"""A small two-facility world for the page tests: my facility and one I cannot see.

Each facility has a patient with coverage, a course, a ready claim, a held claim (error edit
DOCUMENTATION_INCOMPLETE), and a session not yet coded. Users: one per role at my facility,
plus an analyst of another hub.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility, User
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Course, Patient, Session

from . import factories as f


@dataclass
class Side:
    facility: Facility
    patient: Patient
    course: Course
    ready: Claim
    held: Claim
    uncoded: Session


@dataclass
class World:
    mine: Side
    theirs: Side
    users: dict[str, User] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


def build_side(facility: Facility, *, extra_sessions: int = 0) -> Side:
    patient = f.patient(facility)
    f.coverage(patient)
    course = f.course(patient)
    ready = f.session(course, dt.date(2026, 2, 3), cap_fitting=True)
    held = f.session(course, dt.date(2026, 2, 10), order_verified=False)
    extra = [f.session(course, dt.date(2026, 2, 17) + dt.timedelta(days=7 * i)) for i in range(extra_sessions)]
    code_sessions([ready, held, *extra])
    uncoded = f.session(course, dt.date(2026, 4, 7), contraindications_screened=False)
    ready_claim = Claim.objects.get(session=ready)
    held_claim = Claim.objects.get(session=held)
    assert ready_claim.status == ClaimStatus.READY, ready_claim.status
    assert held_claim.status == ClaimStatus.HOLD, held_claim.status
    return Side(facility, patient, course, ready_claim, held_claim, uncoded)


def build_world() -> World:
    hub = f.hub()
    mine = build_side(f.facility(hub, state="PA"))
    theirs = build_side(f.facility(hub, state="OH"))
    world = World(mine=mine, theirs=theirs)
    for role in (Role.NURSE, Role.BILLING, Role.FACILITY_ADMIN):
        world.users[role] = f.user(role, mine.facility)
    # Hub roles see the whole hub: give them their own hub with only my facility's twin.
    other_hub = f.hub()
    world.users[Role.ANALYST] = f.user(Role.ANALYST, mine.facility, hub_=other_hub)
    world.users[Role.HUB_COORDINATOR] = f.user(Role.HUB_COORDINATOR, mine.facility, hub_=other_hub)
    return world


def audit_count(obj: Any, action: int | None = None) -> int:
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj)
    return int(entries.filter(action=action).count() if action is not None else entries.count())
