"""What an imported record needs beside its session: the patient (by MRN), the course (by the
patient and the course reference) and the coverage (by the patient and the payer), found in bulk
or created set-based (audited), never one query per record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from coolclaim.web.accounts.models import Facility
from coolclaim.web.audit import audit_bulk_create, audit_bulk_update
from coolclaim.web.bulk_rows import create_rows, update_rows
from coolclaim.web.clinic.models import Course, Coverage, Patient

#: Payer as a coverage is found by: (type, name, funding, group size, plan state other than
#: the facility's state).
PayerKey = tuple[str, str, str, str, str]
PART = 2000


def _parts(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), PART):
        yield items[start : start + PART]


def coverage_key(coverage: Coverage, facility_state: str) -> PayerKey:
    plan_state = "" if coverage.plan_state in ("", facility_state) else coverage.plan_state
    return (
        coverage.payer_type,
        coverage.payer_name,
        coverage.funding or "",
        coverage.group_size or "",
        plan_state,
    )


def ensure_patients(facility: Facility, wanted: Mapping[str, dt.date], actor: Any) -> dict[str, Patient]:
    """MRN → patient; missing ones created with the birth date given."""
    found: dict[str, Patient] = {}
    for mrns in _parts(sorted(wanted)):
        for patient in Patient.objects.for_facility(facility).filter(mrn__in=mrns):
            found[patient.mrn] = patient
    missing = [
        Patient(facility=facility, mrn=mrn, family_name="", given_name="", birth_date=birth)
        for mrn, birth in wanted.items()
        if mrn not in found
    ]
    create_rows(missing)
    audit_bulk_create(actor, missing)
    found.update((p.mrn, p) for p in missing)
    return found


def ensure_courses(
    facility: Facility,
    patients: Mapping[str, Patient],
    first_day: Mapping[tuple[str, str], dt.date],
    regimen: Mapping[tuple[str, str], str],
    actor: Any,
) -> dict[tuple[str, str], Course]:
    """(MRN, course reference) → course; missing ones created starting on their first day; a
    stored course whose regimen differs from a given one gets the new regimen."""
    mrn_of = {p.pk: mrn for mrn, p in patients.items()}
    found: dict[tuple[str, str], Course] = {}
    keys = sorted(first_day)
    for part in _parts(keys):
        patient_ids = {patients[mrn].pk for mrn, _ in part}
        references = {ref for _, ref in part}
        for course in Course.objects.for_facility(facility).filter(
            patient_id__in=patient_ids, reference__in=references
        ):
            key = (mrn_of[course.patient_id], course.reference)
            if key in first_day:
                course.patient = patients[key[0]]
                found[key] = course
    missing = [
        Course(patient=patients[key[0]], reference=key[1], regimen=regimen.get(key, ""), start_date=first_day[key])
        for key in keys
        if key not in found
    ]
    create_rows(missing)
    audit_bulk_create(actor, missing)
    regimen_changed = [c for key, c in found.items() if regimen.get(key) and c.regimen != regimen[key]]
    now = timezone.now()
    for course in regimen_changed:
        course.regimen = regimen[(mrn_of[course.patient_id], course.reference)]
        course.updated_at = now
    update_rows(regimen_changed, ["regimen", "updated_at"])
    audit_bulk_update(actor, regimen_changed, {c.pk: ["regimen"] for c in regimen_changed})
    found.update(((mrn_of[c.patient_id], c.reference), c) for c in missing)
    return found


def ensure_coverages(
    facility: Facility,
    patients: Mapping[str, Patient],
    first_day: Mapping[tuple[str, PayerKey], dt.date],
    actor: Any,
) -> dict[tuple[str, PayerKey], Coverage]:
    """(MRN, payer key) → the patient's coverage of that payer; missing ones created from
    their first day."""
    mrn_of = {p.pk: mrn for mrn, p in patients.items()}
    found: dict[tuple[str, PayerKey], Coverage] = {}
    patient_ids = sorted({patients[mrn].pk for mrn, _ in first_day})
    for part in _parts(patient_ids):
        for coverage in Coverage.objects.for_facility(facility).filter(patient_id__in=part).order_by("priority", "pk"):
            key = (mrn_of[coverage.patient_id], coverage_key(coverage, facility.state))
            if key in first_day:
                found.setdefault(key, coverage)
    missing: list[Coverage] = []
    for key, day in first_day.items():
        if key in found:
            continue
        payer_type, name, funding, group_size, plan_state = key[1]
        missing.append(
            Coverage(
                patient=patients[key[0]],
                payer_type=payer_type,
                payer_name=name,
                funding=funding or None,
                group_size=group_size or None,
                plan_state=plan_state,
                start_date=day,
            )
        )
    create_rows(missing)
    audit_bulk_create(actor, missing)
    for coverage in missing:
        found[(mrn_of[coverage.patient_id], coverage_key(coverage, facility.state))] = coverage
    return found
