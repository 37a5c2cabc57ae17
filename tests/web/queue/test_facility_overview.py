"""The facilities overview (``/``): its figures, and a cost that grows with the facility's
patients plus its claims — never with their product (the join that made the page take 45 s
at 19,000 sessions on SQLite)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.queue.services.facility_overview import facility_overview

from .. import factories as f

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's own query plan and VM")


def _claims(facility: Facility, patients: int, statuses: list[str]) -> None:
    """``patients`` new patients of ``facility``, each with one course and a session per
    status in ``statuses``, each session with a claim of that status."""
    claims: list[Claim] = []
    for _ in range(patients):
        patient = f.patient(facility)
        course = f.course(patient)
        for week, status in enumerate(statuses):
            day = dt.date(2026, 2, 3) + dt.timedelta(days=7 * week)
            session = f.session(course, day)
            claims.append(
                Claim(facility=facility, patient=patient, session=session, status=status, date_of_service=day)
            )
    Claim.objects.bulk_create(claims)


def test_overview_figures_per_facility() -> None:
    hub = f.hub()
    busy, empty, theirs = f.facility(hub), f.facility(hub), f.facility(hub)
    _claims(busy, 2, [ClaimStatus.HOLD, ClaimStatus.READY, ClaimStatus.SUBMITTED])
    _claims(busy, 1, [ClaimStatus.HOLD])
    f.patient(busy)  # a patient with no claim yet
    _claims(theirs, 4, [ClaimStatus.HOLD, ClaimStatus.READY])
    admin = f.user(Role.FACILITY_ADMIN, busy, empty)

    rows: list[Any] = list(facility_overview(admin))  # annotated facilities
    figures = {row.pk: (row.patient_count, row.held_count, row.ready_count) for row in rows}
    assert figures == {busy.pk: (4, 3, 2), empty.pk: (0, 0, 0)}

    client = Client()
    client.force_login(admin)
    body = client.get(reverse("queue:facilities")).content.decode()
    cells = {
        name: re.findall(r'<td class="num">(\d+)</td>', row)
        for name, row in re.findall(r'<th scope="row">([^<]+)<br>.*?</th>(.*?)</tr>', body, flags=re.S)
    }
    assert cells == {busy.name: ["4", "3", "2"], empty.name: ["0", "0", "0"]}


@contextmanager
def _vm_steps() -> Iterator[list[int]]:
    """Counts SQLite virtual-machine instructions (in tens) run inside the block: the
    work a query does, independent of the machine's speed or load."""
    connection.ensure_connection()
    raw = connection.connection
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0  # go on

    raw.set_progress_handler(tick, 10)
    try:
        yield steps
    finally:
        raw.set_progress_handler(None, 10)


def _overview_steps(user: object) -> int:
    with _vm_steps() as steps:
        rows = list(facility_overview(user))  # type: ignore[arg-type]
    assert len(rows) == 1
    return steps[0]


@sqlite_only
def test_overview_work_grows_with_patients_plus_claims_not_their_product() -> None:
    hub = f.hub()
    facility = f.facility(hub)
    admin = f.user(Role.FACILITY_ADMIN, facility)
    _claims(facility, 12, [ClaimStatus.HOLD, ClaimStatus.READY, ClaimStatus.SUBMITTED])
    small = _overview_steps(admin)
    _claims(facility, 12, [ClaimStatus.HOLD, ClaimStatus.READY, ClaimStatus.SUBMITTED])
    double = _overview_steps(admin)
    # twice the patients and twice the claims: about twice the work when each is counted on
    # its own; four times when every patient row meets every claim row (a join of both)
    assert double < 2.5 * small, f"{small} then {double} tens of VM steps: the work grows faster than the data"


@sqlite_only
def test_overview_counts_read_indexes_that_lead_with_the_facility() -> None:
    admin = f.user(Role.FACILITY_ADMIN, f.facility(f.hub()))
    plan = facility_overview(admin).explain()
    searches = sorted(
        line.split(" SEARCH ", 1)[1]
        for line in plan.splitlines()
        if " SEARCH U0 " in line and ("facility_id=?" in line)
    )
    assert searches == [
        "U0 USING COVERING INDEX billing_cla_facilit_860ea0_idx (facility_id=? AND status=?)",
        "U0 USING COVERING INDEX billing_cla_facilit_860ea0_idx (facility_id=? AND status=?)",
        "U0 USING COVERING INDEX sqlite_autoindex_clinic_patient_1 (facility_id=?)",
    ]
    assert "count(DISTINCT)" not in plan
    assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", "")
