"""A clearly synthetic demo: one hub, three facilities, ~60 patients, courses and sessions
across 2025 and 2026, coded through the coding core, and one login per role.

Everything is made from a seeded ``random.Random`` (never the clock), so every run gives the
same data. :func:`seed_demo` is idempotent: a second call changes nothing but codes sessions
that have no claim yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.accounts.models import Facility, Hub, Membership, User
from coolclaim.web.billing.services.code_sessions import CodingSummary, code_sessions
from coolclaim.web.clinic.choices import CourseStatus, Funding, GroupSize, PayerType, Sex
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session
from coolclaim.web.clinic.signals import sessions_changed

DEMO_HUB_NAME = "Demo Hub — synthetic data"
DEMO_HUB_SLUG = "demo-hub"
#: The password of every demo login (printed by ``coolclaim serve --demo``).
DEMO_PASSWORD = "demo-coolcap-2026"  # noqa: S105 - a published demo password
SEED = 20260101
PATIENTS_PER_FACILITY = 20


def npi_with_check_digit(first_nine: str) -> str:
    """Append the Luhn check digit (over the ``80840`` prefix) to nine digits."""
    digits = [int(c) for c in "80840" + first_nine]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return first_nine + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class DemoFacility:
    key: str
    name: str
    state: str
    county: str
    time_zone: str
    setting: str
    npi9: str
    tin: str
    jurisdiction: str  # for the printed summary only; the engine decides from the state


FACILITIES = (
    DemoFacility(
        "oh",
        "Demo Oncology Columbus (OH office)",
        "OH",
        "Franklin",
        "America/New_York",
        Setting.OFFICE,
        "199000001",
        "00-0000001",
        "J15",
    ),
    DemoFacility(
        "ga",
        "Demo Cancer Center Atlanta (GA hospital outpatient)",
        "GA",
        "Fulton",
        "America/New_York",
        Setting.HOSPITAL_OUTPATIENT,
        "199000002",
        "00-0000002",
        "JJ",
    ),
    DemoFacility(
        "pa",
        "Demo Infusion Pittsburgh (PA office)",
        "PA",
        "Allegheny",
        "America/New_York",
        Setting.OFFICE,
        "199000003",
        "00-0000003",
        "JL",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    facilities: tuple[str, ...]  # facility keys; empty for hub-wide roles


LOGINS = (
    DemoLogin("nurse.oh", Role.NURSE, ("oh",)),
    DemoLogin("nurse.ga", Role.NURSE, ("ga",)),
    DemoLogin("nurse.pa", Role.NURSE, ("pa",)),
    DemoLogin("billing.oh", Role.BILLING, ("oh",)),
    DemoLogin("billing.ga", Role.BILLING, ("ga",)),
    DemoLogin("billing.pa", Role.BILLING, ("pa",)),
    DemoLogin("admin.oh", Role.FACILITY_ADMIN, ("oh",)),
    DemoLogin("coordinator", Role.HUB_COORDINATOR, ()),
    DemoLogin("analyst", Role.ANALYST, ()),
    DemoLogin("sysadmin", Role.SYSTEM_ADMIN, ()),
)

REGIMENS = (  # (regimen, interval days, sessions, infusion minutes)
    ("TC", 21, 4, 120),
    ("TC", 21, 6, 120),
    ("AC-T", 14, 8, 90),
    ("weekly paclitaxel", 7, 12, 60),
    ("TCHP", 21, 6, 180),
    ("carboplatin/paclitaxel", 21, 6, 210),
)
DIAGNOSES = (  # weight, codes (in claim order)
    (30, ["C50.912", "Z51.11"]),
    (20, ["C50.911", "Z51.11"]),
    (10, ["C50.411", "Z51.11"]),
    (8, ["C56.1", "Z51.11"]),
    (4, ["C54.1", "Z51.11"]),
    (4, ["C34.90", "Z51.11"]),  # lung: not covered by some policies (a warning)
    (2, ["C50.919"]),
)
DEVICES = (("Paxman Scalp Cooling System", "PX"), ("DigniCap Delta", "DC"))


@dataclass
class DemoSummary:
    hub_id: int
    created: bool
    facilities: list[tuple[str, str, str]]  # name, state, jurisdiction
    logins: list[tuple[str, str]]  # username, role label
    password: str = DEMO_PASSWORD
    patients: int = 0
    sessions: int = 0
    claims_by_status: dict[str, int] = field(default_factory=dict)
    coding: CodingSummary | None = None


def demo_exists() -> bool:
    """Whether this database already holds the demo (``seed_demo`` then only tops it up)."""
    return Hub.objects.filter(slug=DEMO_HUB_SLUG).exists()


def seed_demo(today: dt.date | None = None) -> DemoSummary:
    """Create the demo if it is missing, make sure its logins exist, code uncoded sessions.

    The demo's dates are set relative to ``today`` (the facility-independent local date of
    seeding unless given), so a demo seeded any day has a queue of a real office's ages."""
    from django.db.models import Count

    from coolclaim.web.billing.models import Claim

    with transaction.atomic():
        hub = Hub.objects.filter(slug=DEMO_HUB_SLUG).first()
        created = hub is None
        if hub is None:
            hub = Hub.objects.create(name=DEMO_HUB_NAME, slug=DEMO_HUB_SLUG)
        facilities = _ensure_facilities(hub)
        if created:
            _create_clinical_data(facilities, random.Random(SEED), today or timezone.localdate())
        _ensure_logins(hub, facilities)
        _ensure_fee_schedules(facilities)
        if created:
            from coolclaim.web.demo_hub import seed_hub_cases

            seed_hub_cases(list(facilities.values()), User.objects.get(username="coordinator"), today)
    uncoded = Session.objects.filter(facility__hub=hub, claim__isnull=True)
    coding = code_sessions(uncoded) if uncoded.exists() else None
    _ensure_claims_exchange(facilities, today)
    by_status = dict(
        Claim.objects.filter(facility__hub=hub).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return DemoSummary(
        hub_id=hub.pk,
        created=created,
        facilities=[(f.name, f.state, f.jurisdiction) for f in FACILITIES],
        logins=[(login.username, Role(login.role).label) for login in LOGINS],
        patients=Patient.objects.filter(facility__hub=hub).count(),
        sessions=Session.objects.filter(facility__hub=hub).count(),
        claims_by_status=by_status,
        coding=coding,
    )


def _ensure_facilities(hub: Hub) -> dict[str, Facility]:
    result: dict[str, Facility] = {}
    for spec in FACILITIES:
        facility, _ = Facility.objects.get_or_create(
            npi=npi_with_check_digit(spec.npi9),
            defaults={
                "hub": hub,
                "name": spec.name,
                "tin": spec.tin,
                "state": spec.state,
                "county": spec.county,
                "time_zone": spec.time_zone,
                "setting": spec.setting,
                "contracted": True,
            },
        )
        result[spec.key] = facility
    return result


#: Demo charges per unit (synthetic figures, not anyone's prices); hospital outpatient charges more.
DEMO_FEES = {
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
DEMO_FEES_FROM = dt.date(2024, 1, 1)
HOSPITAL_MARKUP = Decimal("1.5")


def _ensure_fee_schedules(facilities: dict[str, Facility]) -> None:
    """A fee schedule per demo facility (only codes it does not have yet)."""
    from coolclaim.web.billing.models import FeeScheduleEntry

    for facility in facilities.values():
        have = set(FeeScheduleEntry.objects.filter(facility=facility).values_list("code", flat=True))
        factor = HOSPITAL_MARKUP if facility.setting == Setting.HOSPITAL_OUTPATIENT else Decimal(1)
        FeeScheduleEntry.objects.bulk_create(
            FeeScheduleEntry(
                facility=facility,
                code=code,
                charge=(Decimal(charge) * factor).quantize(Decimal("0.01")),
                effective_from=DEMO_FEES_FROM,
            )
            for code, charge in DEMO_FEES.items()
            if code not in have
        )


def _ensure_claims_exchange(facilities: dict[str, Facility], today: dt.date | None = None) -> None:
    """Trading partners for every demo facility; for the first office, once, a submitted
    batch with its 999 and a posted 835 (its denials land in the work queue), dated ``today``
    (the seeding day, noon UTC) when given, else now."""
    from django.utils import timezone

    from coolclaim.web.demo_exchange import ensure_exchange, ensure_trading_partners

    now = timezone.now() if today is None else dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    with transaction.atomic():
        ensure_trading_partners(facilities)
        ensure_exchange(facilities[FACILITIES[0].key], now)


def _ensure_logins(hub: Hub, facilities: dict[str, Facility]) -> None:
    existing = set(User.objects.filter(username__in=[x.username for x in LOGINS]).values_list("username", flat=True))
    for login in LOGINS:
        if login.username in existing:
            continue
        user = User(
            username=login.username,
            role=login.role,
            hub=hub,
            first_name="Demo",
            last_name=Role(login.role).label,
            is_staff=login.role == Role.SYSTEM_ADMIN,
            is_superuser=login.role == Role.SYSTEM_ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.bulk_create([Membership(user=user, facility=facilities[key]) for key in login.facilities])


def _weighted_diagnoses(rng: random.Random) -> list[str]:
    weights = [w for w, _ in DIAGNOSES]
    return list(rng.choices([codes for _, codes in DIAGNOSES], weights=weights)[0])


def _coverage_for(rng: random.Random, patient: Patient, age: int, state: str) -> Coverage | None:
    roll = rng.random()
    start = dt.date(2024, 1, 1)
    if roll < 0.05:
        return None  # self-pay: no coverage on file
    if age >= 65:
        if roll < 0.6:
            return Coverage(
                patient=patient,
                payer_name="Medicare Part B",
                plan_name="Original Medicare",
                member_id=f"DEMO{rng.randrange(10**8):08d}A",
                payer_type=PayerType.MEDICARE,
                plan_state=state,
                start_date=start,
            )
        return Coverage(
            patient=patient,
            payer_name="Sample Advantage Plan",
            plan_name="Demo MA PPO",
            member_id=f"MA{rng.randrange(10**9):09d}",
            payer_type=PayerType.MEDICARE_ADVANTAGE,
            plan_state=state,
            start_date=start,
        )
    if roll < 0.18:
        return Coverage(
            patient=patient,
            payer_name="Demo State Medicaid",
            plan_name="Medicaid",
            member_id=f"MC{rng.randrange(10**9):09d}",
            payer_type=PayerType.MEDICAID,
            plan_state=state,
            start_date=start,
        )
    funding = Funding.SELF_FUNDED if rng.random() < 0.4 else Funding.FULLY_INSURED
    group = rng.choice([GroupSize.LARGE, GroupSize.LARGE, GroupSize.SMALL, GroupSize.INDIVIDUAL])
    if group == GroupSize.INDIVIDUAL:
        funding = Funding.FULLY_INSURED
    return Coverage(
        patient=patient,
        payer_name=rng.choice(["Example Health Plan", "Sample Mutual Insurance"]),
        plan_name="Demo PPO",
        member_id=f"XH{rng.randrange(10**9):09d}",
        payer_type=PayerType.COMMERCIAL,
        funding=funding,
        group_size=group,
        plan_state=state,
        start_date=start,
    )


#: The demo's calendar was written around this last day of sessions; seeding moves every course,
#: session and visit date by (seeding day − this day), so the queue's ages look like a real
#: office's on any day (the newest sessions are from the last weeks, the oldest about 18 months).
DEMO_ANCHOR = dt.date(2026, 6, 30)
#: Sessions this many days before the seeding day or fewer may have gaps in their record.
RECENT_DAYS = 60


def _create_clinical_data(facilities: dict[str, Facility], rng: random.Random, today: dt.date) -> None:
    shift = today - DEMO_ANCHOR
    patients: list[Patient] = []
    specs: list[tuple[Patient, Facility, int]] = []
    number = 0
    for spec in FACILITIES:
        facility = facilities[spec.key]
        for _ in range(PATIENTS_PER_FACILITY):
            number += 1
            age = rng.choice([rng.randint(28, 64), rng.randint(28, 64), rng.randint(65, 84)])
            birth = dt.date(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
            patient = Patient(
                facility=facility,
                mrn=f"DEMO-{spec.key.upper()}-{number:03d}",
                family_name=f"Patient {number:03d}",
                given_name="Test",
                birth_date=birth,
                sex=Sex.FEMALE if rng.random() < 0.92 else Sex.MALE,
                address_line1=f"{number} Example Street",
                city="Sampletown",
                state=spec.state,
                postal_code="00000",
            )
            patients.append(patient)
            specs.append((patient, facility, age))
    Patient.objects.bulk_create(patients)

    coverages = [c for p, f, age in specs if (c := _coverage_for(rng, p, age, f.state))]
    Coverage.objects.bulk_create(coverages)

    courses: list[tuple[Course, Facility, int, int, list[str]]] = []
    for patient, facility, _age in specs:
        regimen, interval, planned, infusion = rng.choice(REGIMENS)
        start = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 500)) + shift
        end = start + dt.timedelta(days=interval * (planned - 1))
        status = CourseStatus.COMPLETED if end < dt.date(2026, 6, 1) + shift else CourseStatus.ACTIVE
        course = Course(
            patient=patient,
            regimen=regimen,
            start_date=start,
            planned_sessions=planned,
            end_date=end if status == CourseStatus.COMPLETED else None,
            status=status,
        )
        courses.append((course, facility, interval, infusion, _weighted_diagnoses(rng)))
    Course.objects.bulk_create([c for c, *_ in courses])

    sessions: list[Session] = []
    serial = 0
    for course, facility, interval, infusion, diagnoses in courses:
        tz = ZoneInfo(facility.time_zone)
        device_model, device_prefix = rng.choice(DEVICES)
        cap_lot = f"LOT-DEMO-{rng.randint(100, 999)}"
        for index in range(course.planned_sessions):
            day = course.start_date + dt.timedelta(days=interval * index)
            if day > DEMO_ANCHOR + shift:
                break
            serial += 1
            cooling_start = dt.datetime(
                day.year,
                day.month,
                day.day,
                rng.randint(8, 12),
                rng.choice([0, 15, 30, 45]),
                tzinfo=tz,
            )
            infusion_start = cooling_start + dt.timedelta(minutes=30)
            infusion_end = infusion_start + dt.timedelta(minutes=infusion + rng.choice([-10, 0, 5, 15]))
            cooling_end = infusion_end + dt.timedelta(minutes=rng.choice([90, 95, 104, 120, 135, 150]))
            chemo_units = max(0, (infusion - 60) // 60)
            chemo = [{"code": "96413", "units": 1}]
            if chemo_units:
                chemo.append({"code": "96415", "units": chemo_units})
            # Gaps in a session's record (no device serial, no infusion end, order not verified,
            # a visit not separately identifiable) are found only in the last weeks before the
            # seeding day: an office completes a record within days, so the queue's documentation
            # work is recent, as a real office's is. The draw is made for every session alike, so
            # the demo stays the same for a given seeding day.
            problem = rng.random()
            problem = problem / 3 if (DEMO_ANCHOR + shift - day).days <= RECENT_DAYS else 1.0
            session = Session(
                facility=facility,
                course=course,
                session_id=f"DEMO-S-{serial:05d}",
                cap_fitting=index == 0,
                cooling_start=cooling_start,
                infusion_start=infusion_start,
                infusion_end=None if 0.04 < problem < 0.08 else infusion_end,
                cooling_end=cooling_end,
                chemo_admin=chemo,
                diagnoses=list(diagnoses),
                device_model=device_model,
                device_serial="" if problem < 0.04 else f"DEMO-{device_prefix}-{rng.randint(1000, 9999)}",
                cap_lot=cap_lot,
                order_verified=not (0.08 < problem < 0.12),
                contraindications_screened=True,
                tolerance_monitored=True,
                scalp_assessed=True,
                em_code=(em_code := "99214" if index == 0 and rng.random() < 0.5 else ""),
                # Only a visit that happened can be separately identifiable: no flag without a code.
                em_separately_identifiable=bool(em_code) and not (0.12 < problem < 0.15),
                # Lung cancer is outside some Medicare policies: the ABN answer (GA/GZ) is recorded.
                abn_obtained=(serial % 2 == 0) if diagnoses[0] == "C34.90" else None,
            )
            session.set_derived(facility.time_zone)
            sessions.append(session)
    Session.objects.bulk_create(sessions, batch_size=500)
    sessions_changed.send(sender=Session, session_ids=[s.pk for s in sessions])


def format_summary(summary: DemoSummary, url: str | None = None) -> str:
    """Plain text for the terminal: facilities, logins and the shared demo password."""
    lines = [
        f"Demo data ({'created' if summary.created else 'already present'}): "
        f"{summary.patients} synthetic patients, {summary.sessions} sessions."
    ]
    if summary.claims_by_status:
        lines.append("Claims: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.claims_by_status.items())))
    lines.append("Facilities:")
    lines.extend(f"  {name} — {state}, Medicare {juris}" for name, state, juris in summary.facilities)
    if url:
        lines.append(f"Open {url}")
    lines.append(f"Demo logins (password for all: {summary.password}):")
    lines.extend(f"  {username:<12} {role}" for username, role in summary.logins)
    return "\n".join(lines)
