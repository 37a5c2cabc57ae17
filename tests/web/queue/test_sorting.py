"""The work queue's sortable columns, payer and amount (issue 8, item 6): every key in both
directions and the default give exact orders, ties broken by the date of service then the
session; an unknown key gives the default order; the headings say their state (aria-sort) and
keep the filters; pages continue the order; scoping holds under every sort; the age badges
stay those of each row's date; and the payer and amount cells read exactly."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import Facility, User
from coolclaim.web.billing.models import Claim, ClaimLine
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.clinic.models import Session

from .. import factories as f

pytestmark = pytest.mark.django_db


@dataclass
class Queue:
    facility: Facility
    other: Facility
    billing: User
    coordinator: User
    sessions: dict[str, Session]

    def client(self, user: User | None = None) -> Client:
        client = Client()
        client.force_login(user or self.billing)
        return client


def _minutes_after(day: dt.date, minutes: int) -> dict[str, dt.datetime]:
    """Cooling that ends ``minutes`` after an 08:00 start in New York (the infusion ends at +150)."""
    from zoneinfo import ZoneInfo

    start = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    return {"cooling_end": start + dt.timedelta(minutes=minutes)}


def build_queue() -> Queue:
    """Five sessions in my facility's queue, chosen so that every key orders them differently:

    ============ ========== ========= ================ ============ ===================
    session      patient    date      payer            claim        amount
    ============ ========== ========= ================ ============ ===================
    S-B1         Baker      03/02     Keystone Health  held         $1,455.00 (fitting)
    S-A1         Adams      03/02     Zephyr Mutual    held         $1,005.00 (2 × 97009)
    S-C1         Carter     03/02     none: Self-pay   not coded    —
    S-A2         Adams      03/09     Birch Care (the session's own, secondary) held $1,105.00
    S-B2         Baker      03/16     Keystone Health  not coded    —
    ============ ========== ========= ================ ============ ===================

    (created in that order, so on 03/02 the session ids run B1, A1, C1), plus a claim that is
    ready (not in the queue), and another facility of the hub whose items would sort first by
    every key if scoping failed.
    """
    hub = f.hub()
    mine = f.facility(hub, state="PA")
    other = f.facility(hub, state="PA")
    baker = f.patient(mine, family_name="Baker", given_name="Beth")
    adams = f.patient(mine, family_name="Adams", given_name="Ann")
    carter = f.patient(mine, family_name="Carter", given_name="Cy")
    f.coverage(baker, payer_name="Keystone Health")
    f.coverage(adams, payer_name="Zephyr Mutual")
    birch = f.coverage(adams, payer_name="Birch Care", priority=2)
    baker_course, adams_course, carter_course = f.course(baker), f.course(adams), f.course(carter)
    march = dt.date(2026, 3, 2)
    made = {
        "S-B1": f.session(baker_course, march, session_id="S-B1", order_verified=False, cap_fitting=True),
        "S-A1": f.session(adams_course, march, session_id="S-A1", order_verified=False, **_minutes_after(march, 210)),
        "S-C1": f.session(carter_course, march, session_id="S-C1"),
        "S-A2": f.session(adams_course, dt.date(2026, 3, 9), session_id="S-A2", order_verified=False, coverage=birch),
        "S-B2": f.session(baker_course, dt.date(2026, 3, 16), session_id="S-B2"),
    }
    ready = f.session(baker_course, dt.date(2026, 2, 23), session_id="S-READY")
    code_sessions([made["S-B1"], made["S-A1"], made["S-A2"], ready])
    # Their facility: an A-name patient, an A-payer, a large amount and the oldest date.
    theirs = f.patient(other, family_name="Aaronson", given_name="Al")
    f.coverage(theirs, payer_name="Aardvark Assurance")
    theirs_course = f.course(theirs)
    big = f.session(theirs_course, dt.date(2026, 1, 5), session_id="S-THEIRS", order_verified=False, cap_fitting=True)
    f.session(theirs_course, dt.date(2026, 1, 6), session_id="S-THEIRS-UNCODED")
    code_sessions([big])
    billing = f.user(Role.BILLING, mine)
    coordinator = f.user(Role.HUB_COORDINATOR, hub_=hub)
    return Queue(mine, other, billing, coordinator, made)


@pytest.fixture
def queue() -> Queue:
    return build_queue()


def _tbody(body: str) -> str:
    return body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""


def _rows(body: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", _tbody(body), flags=re.S)


def _order(body: str) -> list[str]:
    """The session ids of the rows, in page order."""
    return [re.search(r"session (S-[A-Z0-9-]+)</span></small>", row).group(1) for row in _rows(body)]  # type: ignore[union-attr]


def _cells(body: str, css: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(rf'<td class="{css}">(.*?)</td>', _tbody(body), flags=re.S)]


def _get(client: Client, **params: str) -> str:
    response = client.get(reverse("queue:index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_sessions_have_the_amounts_the_table_describes(queue: Queue) -> None:
    """The world's premise: the claims' charges (97008 $300, 97009 $100 a unit, 96413 $410,
    96415 $95, 97007 $350) and which sessions are held or not coded."""
    totals = {
        row["version__claim__session__session_id"]: row["total"]
        for row in ClaimLine.objects.filter(
            version__claim__facility=queue.facility, version__claim__current_version=F("version")
        )
        .exclude(version__claim__session__session_id="S-READY")
        .values("version__claim__session__session_id")
        .annotate(total=Sum("charge"))
        .order_by()
    }
    assert totals == {"S-B1": Decimal("1455.00"), "S-A1": Decimal("1005.00"), "S-A2": Decimal("1105.00")}
    assert {c.session.session_id: c.status for c in Claim.objects.filter(facility=queue.facility)} == {
        "S-B1": "hold",
        "S-A1": "hold",
        "S-A2": "hold",
        "S-READY": "ready",
    }


EXPECTED = {
    "": ["S-B1", "S-A1", "S-C1", "S-A2", "S-B2"],  # the default: oldest date of service first
    "dos": ["S-B1", "S-A1", "S-C1", "S-A2", "S-B2"],
    "-dos": ["S-B2", "S-A2", "S-C1", "S-A1", "S-B1"],
    "patient": ["S-A1", "S-A2", "S-B1", "S-B2", "S-C1"],
    "-patient": ["S-C1", "S-B2", "S-B1", "S-A2", "S-A1"],
    "payer": ["S-A2", "S-B1", "S-B2", "S-A1", "S-C1"],  # Birch, Keystone ×2 by date, Zephyr; no payer last
    "-payer": ["S-A1", "S-B2", "S-B1", "S-A2", "S-C1"],  # no payer last in both directions
    "amount": ["S-A1", "S-A2", "S-B1", "S-C1", "S-B2"],  # no amount (not coded) last, by date
    "-amount": ["S-B1", "S-A2", "S-A1", "S-B2", "S-C1"],
}


@pytest.mark.parametrize("sort", list(EXPECTED), ids=[s or "default" for s in EXPECTED])
def test_each_sort_key_gives_its_exact_order(queue: Queue, sort: str) -> None:
    body = _get(queue.client(), **({"sort": sort} if sort else {}))
    assert _order(body) == EXPECTED[sort]


@pytest.mark.parametrize(
    "bad", ["bogus", "session__course__patient__mrn", "--payer", "-", "amount;DROP TABLE x", "Payer", "id"]
)
def test_an_unknown_sort_key_gives_the_default_order(queue: Queue, bad: str) -> None:
    body = _get(queue.client(), sort=bad)
    assert _order(body) == EXPECTED["dos"]
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-dos">Date of service</a></th>' in body
    assert "sorted by date of service, ascending" in body


def test_payer_and_amount_cells_read_exactly(queue: Queue) -> None:
    body = _get(queue.client())
    assert _cells(body, "payer") == ["Keystone Health", "Zephyr Mutual", "Self-pay", "Birch Care", "Keystone Health"]
    assert _cells(body, "num amount") == ["$1,455.00", "$1,005.00", "—", "$1,105.00", "—"]


def test_the_headings_say_the_sort_state_and_link_to_the_other_direction(queue: Queue) -> None:
    body = _get(queue.client(), sort="-payer", kind="held")
    head = body.split("<thead>", 1)[1].split("</thead>", 1)[0]
    headings = re.findall(
        r'<th scope="col"(?: class="[^"]*")? aria-sort="(\w+)"><a href="([^"]*)">([^<]+)</a></th>', head
    )
    assert [(state, html.unescape(href), label) for state, href, label in headings] == [
        ("none", "?sort=dos&kind=held", "Date of service"),
        ("none", "?sort=patient&kind=held", "Patient"),
        ("descending", "?sort=payer&kind=held", "Payer"),
        ("none", "?sort=amount&kind=held", "Amount"),
    ]
    assert (
        '<caption class="visually-hidden">Sessions needing attention, sorted by payer, descending, page 1 of 1; '
        "column headings sort</caption>" in body
    )
    assert (
        '<p class="result-count" id="result-count">3 sessions needing attention · sorted by payer, descending</p>'
        in body
    )
    assert '<input type="hidden" name="sort" value="-payer">' in body  # filtering again keeps the sort
    ascending = _get(queue.client(), sort="payer")
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-payer">Payer</a></th>' in ascending


def test_the_default_sort_adds_no_hidden_field(queue: Queue) -> None:
    body = _get(queue.client())
    assert 'name="sort"' not in body
    count = "5 sessions needing attention · sorted by date of service, ascending"
    assert f'<p class="result-count" id="result-count">{count}</p>' in body


def test_filters_and_sort_combine(queue: Queue) -> None:
    client = queue.client()
    assert _order(_get(client, sort="-amount", kind="held")) == ["S-B1", "S-A2", "S-A1"]
    assert _order(_get(client, sort="payer", kind="uncoded")) == ["S-B2", "S-C1"]
    assert _order(_get(client, sort="-patient", date_from="2026-03-03")) == ["S-B2", "S-A2"]
    assert _order(_get(client, sort="amount", facility=str(queue.facility.pk))) == EXPECTED["amount"]


def test_pages_continue_the_sorted_order_and_their_links_keep_sort_and_filters(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coolclaim.web.queue.views.PAGE_SIZE", 2)
    client = queue.client()
    seen: list[str] = []
    for number in (1, 2, 3):
        body = _get(client, sort="-amount", date_to="2026-12-31", page=str(number))
        seen += _order(body)
        assert f"page {number} of 3 · sorted by amount, descending" in body
        if number < 3:
            assert f'href="?sort=-amount&amp;date_to=2026-12-31&amp;page={number + 1}" rel="next"' in body
        # a heading's link keeps the filter and starts again at the first page
        assert '<a href="?sort=amount&amp;date_to=2026-12-31">Amount</a>' in body
    assert seen == EXPECTED["-amount"]


#: The hub coordinator's queue: both facilities' items (theirs: Aaronson, Aardvark Assurance,
#: 01/05 held $1,455.00 and 01/06 not coded), sorted together; equal amounts ($1,455.00) and the
#: items without an amount are ordered by date, then session.
COORDINATOR = {
    "": ["S-THEIRS", "S-THEIRS-UNCODED", "S-B1", "S-A1", "S-C1", "S-A2", "S-B2"],
    "dos": ["S-THEIRS", "S-THEIRS-UNCODED", "S-B1", "S-A1", "S-C1", "S-A2", "S-B2"],
    "-dos": ["S-B2", "S-A2", "S-C1", "S-A1", "S-B1", "S-THEIRS-UNCODED", "S-THEIRS"],
    "patient": ["S-THEIRS", "S-THEIRS-UNCODED", "S-A1", "S-A2", "S-B1", "S-B2", "S-C1"],
    "-patient": ["S-C1", "S-B2", "S-B1", "S-A2", "S-A1", "S-THEIRS-UNCODED", "S-THEIRS"],
    "payer": ["S-THEIRS", "S-THEIRS-UNCODED", "S-A2", "S-B1", "S-B2", "S-A1", "S-C1"],
    "-payer": ["S-A1", "S-B2", "S-B1", "S-A2", "S-THEIRS-UNCODED", "S-THEIRS", "S-C1"],
    "amount": ["S-A1", "S-A2", "S-THEIRS", "S-B1", "S-THEIRS-UNCODED", "S-C1", "S-B2"],
    "-amount": ["S-B1", "S-THEIRS", "S-A2", "S-A1", "S-B2", "S-C1", "S-THEIRS-UNCODED"],
}


@pytest.mark.parametrize("sort", list(EXPECTED), ids=[s or "default" for s in EXPECTED])
def test_every_sort_keeps_to_the_users_facilities(queue: Queue, sort: str) -> None:
    """Billing of my facility never sees their items, whatever the sort; the hub's coordinator
    sees both facilities' items sorted together."""
    params = {"sort": sort} if sort else {}
    mine = _get(queue.client(), **params)
    assert _order(mine) == EXPECTED[sort]
    assert "S-THEIRS" not in mine
    assert _order(_get(queue.client(queue.coordinator), **params)) == COORDINATOR[sort]


def test_the_age_badge_is_each_rows_own_under_every_sort() -> None:
    """The aging bands (new up to 7 days, aging up to 30, old beyond) follow each row's date of
    service whichever column sorts the queue."""
    today = timezone.localdate()
    hub = f.hub()
    facility = f.facility(hub)
    sessions = {}
    for name, payer, days in (("Young", "Zed Plan", 2), ("Middle", "Alpha Plan", 20), ("Elder", "Midway Plan", 45)):
        patient = f.patient(facility, family_name=name, given_name="Test")
        f.coverage(patient, payer_name=payer, start_date=today - dt.timedelta(days=400))
        course = f.course(patient, start_date=today - dt.timedelta(days=60))
        sessions[name] = f.session(course, today - dt.timedelta(days=days), session_id=f"S-{name.upper()}")
    client = Client()
    client.force_login(f.user(Role.NURSE, facility))
    badges = {
        "S-YOUNG": '<span class="badge age-new">2 days · new</span>',
        "S-MIDDLE": '<span class="badge age-mid">20 days · aging</span>',
        "S-ELDER": '<span class="badge age-long">45 days · old</span>',
    }
    orders = {
        "dos": ["S-ELDER", "S-MIDDLE", "S-YOUNG"],
        "-dos": ["S-YOUNG", "S-MIDDLE", "S-ELDER"],
        "payer": ["S-MIDDLE", "S-ELDER", "S-YOUNG"],
        "-patient": ["S-YOUNG", "S-MIDDLE", "S-ELDER"],
        "patient": ["S-ELDER", "S-MIDDLE", "S-YOUNG"],
    }
    for sort, order in orders.items():
        body = _get(client, sort=sort)
        rows = _rows(body)
        assert _order(body) == order, sort
        for sid, row in zip(order, rows, strict=True):
            assert badges[sid] in row, (sort, sid)
            for other in set(badges) - {sid}:
                assert badges[other] not in row
