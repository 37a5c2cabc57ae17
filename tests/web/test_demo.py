"""The synthetic demo: idempotent, clearly synthetic, a mix of ready and held claims."""

from __future__ import annotations

import pytest

from coolclaim.web.accounts.models import Facility, Hub, User
from coolclaim.web.billing.models import Claim, ClaimVersion
from coolclaim.web.clinic.models import Patient, Session
from coolclaim.web.demo import DEMO_HUB_NAME, DEMO_PASSWORD, LOGINS, format_summary, seed_demo
from coolclaim.x12.validation import validate

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Hub, Facility, User, Patient, Session, Claim, ClaimVersion))


def test_seed_demo_is_idempotent_and_synthetic() -> None:
    first = seed_demo()
    assert first.created
    after_first = counts()
    second = seed_demo()
    assert not second.created
    assert second.coding is None
    assert counts() == after_first
    assert first.claims_by_status == second.claims_by_status

    hub = Hub.objects.get()
    assert hub.name == DEMO_HUB_NAME
    assert Facility.objects.count() == 3
    assert len(set(Facility.objects.values_list("state", flat=True))) == 3
    assert set(Facility.objects.values_list("setting", flat=True)) == {
        "office",
        "hospital_outpatient",
    }
    assert 55 <= Patient.objects.count() <= 65
    assert all(name.startswith("Patient ") for name in Patient.objects.values_list("family_name", flat=True))
    assert set(Patient.objects.values_list("given_name", flat=True)) == {"Test"}
    years = {s.cooling_start.year for s in Session.objects.all() if s.cooling_start}
    assert {2025, 2026} <= years
    statuses = first.claims_by_status
    assert statuses.get("ready", 0) > statuses.get("hold", 0) > 0
    assert Claim.objects.count() == Session.objects.count()


def test_every_demo_login_works_and_is_printed() -> None:
    summary = seed_demo()
    text = format_summary(summary, "http://127.0.0.1:8000/")
    for login in LOGINS:
        assert login.username in text
        assert User.objects.get(username=login.username).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in text
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {
        "nurse",
        "billing",
        "facility_admin",
        "hub_coordinator",
        "analyst",
        "system_admin",
    }


def test_demo_is_the_same_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # Submitted claims never go away: this test of the clinical data seeds without the exchange.
    monkeypatch.setattr("coolclaim.web.demo._ensure_claims_exchange", lambda facilities, today=None: None)
    seed_demo()
    snapshot = list(Session.objects.order_by("session_id").values_list("session_id", "cooling_start"))
    from coolclaim.web.clinic.models import Course, Coverage
    from coolclaim.web.hub.models import Case

    Case.objects.all().delete()
    Claim.objects.all().delete()

    Session.objects.all().delete()
    Course.objects.all().delete()
    Coverage.objects.all().delete()
    Patient.objects.all().delete()
    Hub.objects.filter(pk__in=Facility.objects.values("hub")).update(slug="old-demo")
    User.objects.all().delete()
    Facility.objects.all().delete()
    Hub.objects.all().delete()
    seed_demo()
    again = list(Session.objects.order_by("session_id").values_list("session_id", "cooling_start"))
    assert again == snapshot


def test_demo_submits_acknowledges_and_posts_so_the_queue_shows_denials() -> None:
    from coolclaim.web.billing.models import LinePayment, RemittancePosting, SubmissionBatch, SubmittedClaim
    from coolclaim.web.queue.models import QueueItem

    seed_demo()
    batch = SubmissionBatch.objects.get()
    assert (batch.kind, batch.claim_count, batch.ack_status) == ("837P", 8, "accepted")
    assert validate(batch.content) == ()
    assert SubmittedClaim.objects.filter(batch=batch).count() == 8
    posting = RemittancePosting.objects.get()
    assert posting.summary["unmatched"] == []
    assert posting.summary["claims_matched"] == 8
    denied = LinePayment.objects.filter(denied=True)
    assert {tuple(a["reason"] for a in p.adjustments) for p in denied} == {("197",), ("96",)}
    assert {tuple(p.remarks) for p in denied} == {("N54",), ("N130",)}
    assert QueueItem.objects.filter(denied=True).count() == 2
    seed_demo()
    assert (SubmissionBatch.objects.count(), RemittancePosting.objects.count()) == (1, 1)


def test_no_demo_session_is_separately_identifiable_without_an_e_m_code() -> None:
    seed_demo()
    assert Session.objects.filter(em_separately_identifiable=True, em_code="").count() == 0
    assert Session.objects.filter(em_separately_identifiable=True).exclude(em_code="").count() > 0


def test_demo_dates_are_relative_to_the_seeding_day() -> None:
    import datetime as dt

    today = dt.date(2027, 3, 15)
    seed_demo(today=today)
    days = sorted(d for d in Session.objects.values_list("service_date", flat=True) if d is not None)
    assert days[-1] <= today
    assert (today - days[-1]).days <= 30  # the newest sessions are from the last weeks
    oldest = (today - days[0]).days
    assert 365 < oldest <= (dt.date(2026, 6, 30) - dt.date(2025, 1, 6)).days  # about 18 months back at most


def test_the_demo_queue_ages_like_a_real_office_s() -> None:
    """Record gaps only in the last weeks, hub cases' courses beginning at their first infusion,
    the 835's denials recent: the queue is led by weeks-old work, not claims a year old."""
    import datetime as dt

    from coolclaim.web.demo import RECENT_DAYS
    from coolclaim.web.hub.models import Case
    from coolclaim.web.queue.models import QueueItem

    today = dt.date(2027, 3, 15)
    seed_demo(today=today)
    ages = sorted((today - d).days for d in QueueItem.objects.values_list("service_date", flat=True) if d is not None)
    assert len(ages) > 3
    assert sum(age <= 90 for age in ages) >= 0.8 * len(ages)
    incomplete = list(QueueItem.objects.filter(documentation_incomplete=True).values_list("service_date", flat=True))
    assert incomplete and all(d is not None and (today - d).days <= RECENT_DAYS for d in incomplete)
    denied = list(QueueItem.objects.filter(denied=True).values_list("service_date", flat=True))
    assert denied and all(d is not None and 14 <= (today - d).days <= 90 for d in denied)
    for case in Case.objects.select_related("course"):
        first = case.first_infusion_date
        assert case.course is not None and case.course.start_date == first
        assert not Session.objects.filter(course=case.course, service_date__lt=first).exists()


def test_readme_lists_every_demo_login_with_its_role() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your first five minutes", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    listed = {name.strip("` ") for row in rows for name in row.split("|")[1].split(",")}
    assert listed == {login.username for login in LOGINS}
    from coolclaim.web.accounts.choices import Role

    for login in LOGINS:
        row = next(r for r in rows if f"`{login.username}`" in r)
        assert row.split("|")[2].strip() == Role(login.role).label
    assert f"password `{DEMO_PASSWORD}`" in section
