"""A small hub world for the hub app's tests: two hubs, a facility each, coordinators, a nurse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility, User
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.enroll import Enrollment, enroll

from .. import factories as f

NY = ZoneInfo("America/New_York")


def at(day: str, hour: int = 10) -> dt.datetime:
    """A New York time on a day given as YYYY-MM-DD."""
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, 0, tzinfo=NY)


@dataclass
class HubWorld:
    facility: Facility
    other_facility: Facility
    coordinator: User
    other_coordinator: User
    nurse: User
    patient: Patient
    course: Course


def build() -> HubWorld:
    hub, other_hub = f.hub(), f.hub()
    facility, other = f.facility(hub, state="NY"), f.facility(other_hub)
    patient = f.patient(facility, state="NY", address_line1="1 Test Street")
    return HubWorld(
        facility=facility,
        other_facility=other,
        coordinator=f.user(Role.HUB_COORDINATOR, hub_=hub),
        other_coordinator=f.user(Role.HUB_COORDINATOR, hub_=other_hub),
        nurse=f.user(Role.NURSE, facility),
        patient=patient,
        course=f.course(patient, start_date=dt.date(2026, 12, 14)),
    )


def new_case(
    world: HubWorld, payer_type: str = "medicare_advantage", received: str = "2026-11-25", **kw: object
) -> Case:
    values: dict[str, object] = {
        "patient": world.patient,
        "course": world.course,
        "owner": world.coordinator,
        "payer_type": payer_type,
        "payer_name": "Example Advantage Plan",
        "prescriber": "Dr Test Prescriber",
        "diagnosis": "C50.912",
        "first_infusion_date": dt.date(2026, 12, 14),
        "received_at": at(received),
        "consent": True,
    }
    values.update(kw)
    return enroll(Enrollment(**values), actor=world.coordinator)  # type: ignore[arg-type]
