"""The work queue: what needs attention, filters, aging, pagination and audited reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.clinic.models import Session

from .. import factories as f
from ..pages_world import World, audit_count, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _rows(body: str) -> list[str]:
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""
    return re.findall(r"<tr>(.*?)</tr>", tbody, flags=re.S)


def test_sign_in_lands_on_the_queue(world: World) -> None:
    user = world.users[Role.NURSE]
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": "test-password-123"})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("queue:index")


def test_queue_lists_held_incomplete_and_uncoded(world: World) -> None:
    body = world.client(Role.BILLING).get(reverse("queue:index")).content.decode()
    rows = _rows(body)
    assert len(rows) == 2  # the held session, and the uncoded session with incomplete documentation
    held = next(r for r in rows if "Held claim" in r)
    assert "DOCUMENTATION_INCOMPLETE" in held
    assert "Required documentation is missing: physician order verified" in held  # the edit catalogue's words
    uncoded = next(r for r in rows if "Not yet coded" in r)
    assert "Required documentation is missing: contraindications screened" in uncoded
    assert world.mine.uncoded.session_id in uncoded
    # oldest first: the held claim (February) comes before the uncoded April session
    assert rows.index(held) < rows.index(uncoded)
    assert "1 held claim" in body.replace("<strong>", "").replace("</strong>", "")


def test_a_held_claims_missing_documentation_is_said_once(world: World) -> None:
    """The held claim's DOCUMENTATION_INCOMPLETE edit already names what is missing: the
    Documentation badge stands beside it without repeating it (a compact row); the uncoded
    session has no edit, so its badge says what is missing."""
    rows = _rows(world.client(Role.BILLING).get(reverse("queue:index")).content.decode())
    held = next(r for r in rows if "Held claim" in r)
    assert held.count("Required documentation is missing: physician order verified") == 1
    assert '<li><span class="badge sev-warning">Documentation</span></li>' in held
    uncoded = next(r for r in rows if "Not yet coded" in r)
    assert (
        '<li><span class="badge sev-warning">Documentation</span> '
        "Required documentation is missing: contraindications screened</li>" in uncoded
    )


def test_queue_filters(world: World) -> None:
    client = world.client(Role.BILLING)
    url = reverse("queue:index")
    assert len(_rows(client.get(url, {"kind": "held"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"kind": "uncoded"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"kind": "documentation"}).content.decode())) == 2
    assert len(_rows(client.get(url, {"edit_code": "DOCUMENTATION_INCOMPLETE"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"edit_code": "PEDIATRIC_PATIENT"}).content.decode())) == 0
    assert len(_rows(client.get(url, {"severity": "error"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"date_from": "2026-04-01"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"date_to": "2026-03-01"}).content.decode())) == 1
    assert len(_rows(client.get(url, {"facility": world.mine.facility.pk}).content.decode())) == 2
    body = client.get(url, {"date_from": "2026-05-01", "date_to": "2026-01-01"}).content.decode()
    assert "Service to: Service to must be on or after service from." in body


def test_queue_filter_by_htmx_returns_the_results_only(world: World) -> None:
    response = world.client(Role.BILLING).get(
        reverse("queue:index"), {"kind": "held"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert len(_rows(body)) == 1


def test_aging_badge_has_colour_and_text(world: World) -> None:
    body = world.client(Role.BILLING).get(reverse("queue:index")).content.decode()
    assert re.search(r'class="badge age-(new|mid|long)">\d+ days? · (new|aging|old)', body)


def test_queue_reads_are_audited(world: World) -> None:
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    world.client(Role.NURSE).get(reverse("queue:index"))
    assert audit_count(world.mine.uncoded, LogEntry.Action.ACCESS) == 1
    assert audit_count(world.mine.patient, LogEntry.Action.ACCESS) == 1
    assert audit_count(world.mine.held, LogEntry.Action.ACCESS) == 1
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() - before == 4
    )  # two sessions, their patient, one claim


def test_queue_read_entries_name_each_row_as_its_model_does(world: World) -> None:
    """The page reads its rows as values (queue/tables/page_rows.py); its entries are those a model
    instance would get: the model's content type, key and str()."""
    nurse = world.client(Role.NURSE)
    since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    nurse.get(reverse("queue:index"))
    written = {
        (e.content_type.model_class(), e.object_id, e.object_repr)
        for e in LogEntry.objects.filter(pk__gt=since, action=LogEntry.Action.ACCESS)
    }
    held_session = world.mine.held.session
    expected = {
        (type(obj), obj.pk, str(obj))
        for obj in (world.mine.uncoded, held_session, world.mine.patient, world.mine.held)
    }
    assert written == expected


def test_queue_paginates(world: World) -> None:
    course = world.mine.course
    for i in range(30):
        f.session(course, dt.date(2026, 5, 1) + dt.timedelta(days=i), order_verified=False)
    client = world.client(Role.NURSE)
    first = client.get(reverse("queue:index")).content.decode()
    assert len(_rows(first)) == 25
    assert "Page 1 of 2" in first
    second = client.get(reverse("queue:index"), {"page": 2}).content.decode()
    assert len(_rows(second)) == Session.objects.filter(course=course).count() - 2 - 25 + 1


def test_empty_queue(world: World) -> None:
    lonely = f.user(Role.NURSE, f.facility(f.hub()))
    client = Client()
    client.force_login(lonely)
    assert "Nothing needs attention" in client.get(reverse("queue:index")).content.decode()


FACILITY_HEADING = '<th scope="col" class="hide-narrow">Facility</th>'


def test_the_facility_column_is_shown_only_to_a_user_of_several_facilities(world: World) -> None:
    """A billing specialist of one facility gets the room back for the rows; a user of two sees
    which facility each row is from."""
    one = world.client(Role.BILLING).get(reverse("queue:index")).content.decode()
    assert FACILITY_HEADING not in one
    assert world.mine.facility.name not in "".join(_rows(one))
    both = Client()
    both.force_login(f.user(Role.BILLING, world.mine.facility, world.theirs.facility))
    page = both.get(reverse("queue:index")).content.decode()
    assert page.count(FACILITY_HEADING) == 1
    cells = [re.findall(r'<td class="hide-narrow">(.*?)</td>', row) for row in _rows(page)]
    assert sorted(c[0] for c in cells) == sorted(
        [world.mine.facility.name, world.mine.facility.name, world.theirs.facility.name, world.theirs.facility.name]
    )


def test_the_filters_are_folded_unless_one_is_in_force(world: World) -> None:
    """The filters are one closed line (a <details>) over an unfiltered queue, saying none is in
    force; a filter opens them and the line says which."""
    client = world.client(Role.BILLING)
    url = reverse("queue:index")
    plain = client.get(url).content.decode()
    assert re.search(r'<details class="queue-filters-box card" id="queue-filters">', plain)
    assert "none, everything in your facilities" in plain
    held = client.get(url, {"kind": "held"}).content.decode()
    assert re.search(r'<details class="queue-filters-box card" id="queue-filters" open>', held)
    assert "· What: Held claims" in held
    # the results alone (htmx) bring the line's new words with them
    partial = client.get(url, {"kind": "held"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results").content
    assert b'id="filter-state" hx-swap-oob="true"' in partial
    assert b"<details" not in partial
