"""The payer and amount of a list's rows, read two ways: as subqueries in the list's query
(`with_payer_and_amount`, used to sort) and for a page's rows alone (`payers_and_amounts`, used
to show them). Both must give the same answer for every kind of coverage history."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from coolclaim.web.billing.models import ClaimLine
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.billing.tables import PayerKey, payers_and_amounts, with_payer_and_amount
from coolclaim.web.clinic.models import Session

from .. import factories as f

pytestmark = pytest.mark.django_db


def _both_ways() -> tuple[list[tuple[str | None, Decimal | None]], list[tuple[str | None, Decimal | None]]]:
    sessions = Session.objects.select_related("course", "claim").order_by("pk")
    annotated = with_payer_and_amount(
        sessions,
        patient="course__patient_id",
        service_date="service_date",
        coverage="coverage_id",
        version="claim__current_version_id",
    )
    in_sql = [(s.payer_name, s.amount) for s in annotated]  # type: ignore[attr-defined]
    keys = [
        PayerKey(
            s.coverage_id,
            s.course.patient_id,
            s.service_date,
            s.claim.current_version_id if getattr(s, "claim", None) else None,
        )
        for s in sessions
    ]
    return in_sql, payers_and_amounts(keys)


def test_named_dated_ranked_and_missing_coverages_read_alike() -> None:
    hub = f.hub()
    facility = f.facility(hub, state="PA")
    march = dt.date(2026, 3, 2)
    # one primary, then a newer primary from the 5th: the newer wins from its start
    a = f.patient(facility)
    f.coverage(a, payer_name="Older Primary", start_date=dt.date(2025, 1, 1))
    f.coverage(a, payer_name="Newer Primary", start_date=dt.date(2026, 3, 5))
    course_a = f.course(a)
    f.session(course_a, march)
    f.session(course_a, dt.date(2026, 3, 9))
    # a primary that ended before the date: the secondary is the payer
    b = f.patient(facility)
    f.coverage(b, payer_name="Ended", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 2, 28))
    f.coverage(b, payer_name="Secondary", priority=2, start_date=dt.date(2025, 1, 1))
    f.session(f.course(b), march)
    # the session names its coverage: that one, whatever the others
    c = f.patient(facility)
    f.coverage(c, payer_name="Primary C")
    own = f.coverage(c, payer_name="Named By The Session", priority=3)
    f.session(f.course(c), march, coverage=own)
    # a primary that ends on the date of service still pays for that day
    e = f.patient(facility)
    f.coverage(e, payer_name="Ends That Day", start_date=dt.date(2025, 1, 1), end_date=march)
    f.coverage(e, payer_name="Secondary E", priority=2, start_date=dt.date(2025, 1, 1))
    f.session(f.course(e), march)
    # a coverage starting after the date, and a patient with none at all
    d = f.patient(facility)
    f.coverage(d, payer_name="Not Yet", start_date=dt.date(2026, 4, 1))
    f.session(f.course(d), march)
    f.session(f.course(f.patient(facility)), march)
    # claims with charges, and one whose line has no fee
    code_sessions(list(Session.objects.all()))
    lines = ClaimLine.objects.order_by("pk")
    ClaimLine.objects.filter(pk=lines[0].pk).update(charge=None)
    in_sql, per_page = _both_ways()
    assert per_page == in_sql
    payers = [payer for payer, _ in per_page]
    assert payers == [
        "Older Primary",
        "Newer Primary",
        "Secondary",
        "Named By The Session",
        "Ends That Day",
        None,
        None,
    ]
    assert any(amount is not None for _, amount in per_page)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_coverage_histories_read_alike(seed: int) -> None:
    rng = random.Random(seed)
    facility = f.facility(f.hub(), state="PA")
    for _ in range(4):
        patient = f.patient(facility)
        made = []
        for _ in range(rng.randint(0, 4)):
            start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 90))
            end = start + dt.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.4 else None
            made.append(
                f.coverage(
                    patient,
                    payer_name=f"Plan {rng.randint(1, 9)}",
                    priority=rng.randint(1, 3),
                    start_date=start,
                    end_date=end,
                )
            )
        course = f.course(patient)
        for _ in range(rng.randint(1, 3)):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 120))
            own = rng.choice(made) if made and rng.random() < 0.25 else None
            f.session(course, day, coverage=own)
    sessions = list(Session.objects.all())
    code_sessions([s for s in sessions if rng.random() < 0.7])
    in_sql, per_page = _both_ways()
    assert per_page == in_sql
