"""Set-based writes: rows created with ids taken up front (COPY on PostgreSQL, executemany on
SQLite) read back exactly as Django writes them; updates write only the columns named."""

from __future__ import annotations

import datetime as dt

import pytest

from coolclaim.web.bulk_rows import allocate_ids, create_like, create_rows, update_rows
from coolclaim.web.clinic.models import Course, Session

from . import factories as f

pytestmark = pytest.mark.django_db


def test_created_rows_read_back_as_written_and_ids_are_not_reused() -> None:
    facility = f.facility(f.hub())
    course = f.course(f.patient(facility))
    start = dt.datetime(2026, 2, 3, 13, 0, tzinfo=dt.UTC)
    rows = [
        Session(
            facility=facility,
            course=course,
            session_id=f"R-{n}",
            cooling_start=start + dt.timedelta(days=n),
            chemo_admin=[{"code": "96413", "units": n + 1}],
            diagnoses=["C50.911", "Z51.11"],
            abn_obtained=None if n else True,
            device_serial="",
        )
        for n in range(3)
    ]
    assert create_rows(rows) == 3
    ids = [s.pk for s in rows]
    assert len(set(ids)) == 3 and all(isinstance(i, int) for i in ids)
    stored = list(Session.objects.filter(pk__in=ids).order_by("pk"))
    assert [(s.session_id, s.cooling_start, s.chemo_admin, s.diagnoses, s.abn_obtained) for s in stored] == [
        (
            f"R-{n}",
            start + dt.timedelta(days=n),
            [{"code": "96413", "units": n + 1}],
            ["C50.911", "Z51.11"],
            None if n else True,
        )
        for n in range(3)
    ]
    assert all(s.created_at is not None for s in stored)
    later = f.session(course, session_id="after")  # Django's own insert continues after them
    assert later.pk > max(ids)
    assert min(allocate_ids(Session, 2)) > later.pk


def test_create_like_copies_the_template_and_update_rows_writes_only_named_columns() -> None:
    patient = f.patient(f.facility(f.hub()))
    created = create_like(
        Course(patient=patient, regimen="TC", start_date=dt.date(2026, 1, 5)),
        ("reference",),
        [("A",), ("B",)],
    )
    assert created == 2
    courses = list(Course.objects.filter(patient=patient).order_by("reference"))
    assert [(c.reference, c.regimen, c.start_date) for c in courses] == [
        ("A", "TC", dt.date(2026, 1, 5)),
        ("B", "TC", dt.date(2026, 1, 5)),
    ]
    courses[0].regimen, courses[0].reference = "AC", "changed-but-not-written"
    courses[1].regimen = "FEC"
    assert update_rows(courses, ["regimen"]) == 2
    assert sorted(Course.objects.filter(patient=patient).values_list("reference", "regimen")) == [
        ("A", "AC"),
        ("B", "FEC"),
    ]
