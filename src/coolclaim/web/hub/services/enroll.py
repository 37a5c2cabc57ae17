"""Enrollment: the facility's form starts a case (the ``enrolled`` event)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import acting_as
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.record_event import record_event


@dataclass(frozen=True)
class Enrollment:
    patient: Patient
    payer_type: str
    first_infusion_date: dt.date
    received_at: dt.datetime
    course: Course | None = None
    owner: Any = None
    payer_name: str = ""
    prescriber: str = ""
    diagnosis: str = ""
    regimen: str = ""
    planned_sessions: int = 6
    consent: bool = False
    calendar: str = "hub"
    timezone: str | None = None  # default: the facility's


def enroll(enrollment: Enrollment, *, actor: Any, reason: str = "Enrollment form received") -> Case:
    """Create the case and its ``enrolled`` event (the actor needs ``enroll_hub_case`` at the facility)."""
    facility: Facility = enrollment.patient.facility
    require(actor, Action.ENROLL_HUB_CASE, facility.pk)
    with transaction.atomic(), acting_as(actor):
        case = Case.objects.create(
            facility=facility,
            patient=enrollment.patient,
            course=enrollment.course,
            owner=enrollment.owner,
            payer_type=enrollment.payer_type,
            payer_name=enrollment.payer_name,
            prescriber=enrollment.prescriber,
            diagnosis=enrollment.diagnosis,
            regimen=enrollment.regimen or (enrollment.course.regimen if enrollment.course else ""),
            planned_sessions=enrollment.planned_sessions,
            consent=enrollment.consent,
            first_infusion_date=enrollment.first_infusion_date,
            calendar=enrollment.calendar,
            timezone=enrollment.timezone or facility.time_zone,
        )
        record_event(case, "enrolled", enrollment.received_at, actor=actor, reason=reason)
    return case
