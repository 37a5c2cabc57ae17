"""Small builders for the web tests (plain functions, clearly synthetic values)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.accounts.models import Facility, Hub, Membership, User
from coolclaim.web.billing.models import FeeScheduleEntry
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session
from coolclaim.web.demo import npi_with_check_digit

_counter = itertools.count(1)


def hub(name: str | None = None) -> Hub:
    n = next(_counter)
    return Hub.objects.create(name=name or f"Test Hub {n}", slug=f"test-hub-{n}")


#: Per-unit charges every test facility starts with (so coded claims are priced, not held).
DEFAULT_FEES = {
    "0662T": "350.00",
    "0663T": "1200.00",
    "97007": "350.00",
    "97008": "300.00",
    "97009": "100.00",
    "96401": "150.00",
    "96409": "200.00",
    "96411": "120.00",
    "96413": "410.00",
    "96415": "95.00",
    "96417": "120.00",
    "99211": "45.00",
    "99212": "90.00",
    "99213": "130.00",
    "99214": "185.00",
    "99215": "250.00",
    "G0463": "250.00",
}


def facility(
    hub_: Hub,
    state: str = "PA",
    setting: str = Setting.OFFICE,
    tz: str = "America/New_York",
    *,
    fees: dict[str, str] | None = None,
) -> Facility:
    """A facility with a fee schedule (``DEFAULT_FEES`` from 2020-01-01 unless ``fees`` is given)."""
    n = next(_counter)
    made = Facility.objects.create(
        hub=hub_,
        name=f"Test Facility {n}",
        npi=npi_with_check_digit(f"{100000000 + n}"),
        tin="00-0000000",
        state=state,
        time_zone=tz,
        setting=setting,
    )
    FeeScheduleEntry.objects.bulk_create(
        FeeScheduleEntry(facility=made, code=code, charge=Decimal(charge), effective_from=dt.date(2020, 1, 1))
        for code, charge in (DEFAULT_FEES if fees is None else fees).items()
    )
    return made


def user(role: str = Role.NURSE, *facilities: Facility, hub_: Hub | None = None) -> User:
    n = next(_counter)
    u = User.objects.create_user(username=f"user{n}", password="test-password-123", role=role, hub=hub_)
    for f in facilities:
        Membership.objects.create(user=u, facility=f)
    return u


def patient(facility_: Facility, **kwargs: Any) -> Patient:
    n = next(_counter)
    values: dict[str, Any] = {
        "facility": facility_,
        "mrn": f"MRN-{n}",
        "family_name": f"Patient {n:03d}",
        "given_name": "Test",
        "birth_date": dt.date(1970, 5, 2),
    }
    values.update(kwargs)
    return Patient.objects.create(**values)


def coverage(patient_: Patient, payer_type: str = PayerType.COMMERCIAL, **kwargs: Any) -> Coverage:
    values: dict[str, Any] = {
        "patient": patient_,
        "payer_name": "Example Health Plan",
        "payer_type": payer_type,
        "funding": "fully_insured" if payer_type == PayerType.COMMERCIAL else None,
        "group_size": "large" if payer_type == PayerType.COMMERCIAL else None,
        "member_id": "XH000000001",
        "start_date": dt.date(2024, 1, 1),
    }
    values.update(kwargs)
    return Coverage.objects.create(**values)


def course(patient_: Patient, **kwargs: Any) -> Course:
    values: dict[str, Any] = {
        "patient": patient_,
        "regimen": "TC",
        "start_date": dt.date(2026, 2, 3),
        "planned_sessions": 4,
    }
    values.update(kwargs)
    return Course.objects.create(**values)


def session(course_: Course, day: dt.date = dt.date(2026, 2, 3), **kwargs: Any) -> Session:
    n = next(_counter)
    tz = ZoneInfo(course_.patient.facility.time_zone)
    start = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz)
    values: dict[str, Any] = {
        "course": course_,
        "session_id": f"S-{n}",
        "cap_fitting": False,
        "cooling_start": start,
        "infusion_start": start + dt.timedelta(minutes=30),
        "infusion_end": start + dt.timedelta(minutes=150),
        "cooling_end": start + dt.timedelta(minutes=254),
        "chemo_admin": [{"code": "96413", "units": 1}, {"code": "96415", "units": 1}],
        "diagnoses": ["C50.912", "Z51.11"],
        "device_model": "Paxman Scalp Cooling System",
        "device_serial": "TEST-SN-1",
        "cap_lot": "TEST-LOT-1",
        "order_verified": True,
        "contraindications_screened": True,
        "tolerance_monitored": True,
        "scalp_assessed": True,
    }
    values.update(kwargs)
    return Session.objects.create(**values)


def clinic(state: str = "PA") -> dict[str, Any]:
    """A hub, a facility, a patient with coverage, a course and one session."""
    h = hub()
    f = facility(h, state=state)
    p = patient(f)
    cov = coverage(p)
    c = course(p)
    s = session(c, cap_fitting=True)
    return {"hub": h, "facility": f, "patient": p, "coverage": cov, "course": c, "session": s}
