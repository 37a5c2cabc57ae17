"""The layout every page shares: one set of formats (dates, times with the zone named, money),
403 and 404 pages inside the app with navigation and the reason, messages as a live region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.templatetags.us_formats import money_text, us_date_text, us_datetime_text

from .pages_world import World, build_world

UTC = dt.UTC


def render(source: str, **context: object) -> str:
    """A template using the builtins with no ``{% load %}``, as every page does."""
    return Template(source).render(Context(context))


def test_dates_are_mm_dd_yyyy_in_a_time_element() -> None:
    assert us_date_text(dt.date(2026, 3, 3)) == "03/03/2026"
    html = render("{{ d|us_date }}", d=dt.date(2026, 3, 3))
    assert html == '<time class="when" datetime="2026-03-03">03/03/2026</time>'
    assert render("{{ d|us_date }}", d=None) == "—"
    assert render("{{ d|us_date }}", d="2026-03-03") == '<time class="when" datetime="2026-03-03">03/03/2026</time>'


def test_a_datetime_is_shown_in_the_facility_zone_with_the_zone_named() -> None:
    at = dt.datetime(2026, 3, 3, 13, 30, tzinfo=UTC)
    assert us_datetime_text(at, "America/New_York") == "03/03/2026 8:30 AM EST"
    assert us_datetime_text(at, "America/Los_Angeles") == "03/03/2026 5:30 AM PST"
    assert us_datetime_text(dt.datetime(2026, 7, 1, 23, 5, tzinfo=UTC), "America/Chicago") == "07/01/2026 6:05 PM CDT"
    assert us_datetime_text(at, None) == "03/03/2026 1:30 PM UTC"
    # The local date, not the UTC one: 02:00 UTC is the evening before in New York.
    assert us_date_text(dt.datetime(2026, 3, 4, 2, 0, tzinfo=UTC), "America/New_York") == "03/03/2026"


def test_the_filter_takes_a_facility_or_a_zone_name() -> None:
    class Facility:
        time_zone = "America/New_York"

    at = dt.datetime(2026, 3, 3, 13, 30, tzinfo=UTC)
    html = render("{{ at|us_datetime:f }}", at=at, f=Facility())
    assert html == '<time class="when" datetime="2026-03-03T13:30:00+00:00">03/03/2026 8:30 AM EST</time>'
    assert render("{{ at|us_time:'America/New_York' }}", at=at) == (
        '<time class="when" datetime="2026-03-03T13:30:00+00:00">8:30 AM EST</time>'
    )


def test_money_has_two_decimals_and_a_dollar_sign() -> None:
    assert money_text(Decimal("1455")) == "$1,455.00"
    assert money_text(Decimal("12.5")) == "$12.50"
    assert money_text(Decimal("-12.005")) == "-$12.01"
    assert money_text(0) == "$0.00"
    assert render("{{ v|money }}", v=None) == "—"


@pytest.mark.django_db
class TestPages:
    @pytest.fixture
    def world(self) -> World:
        return build_world()

    def test_404_is_inside_the_layout_with_navigation_and_the_reason(self, world: World) -> None:
        response = world.client(Role.BILLING).get("/billing/claims/999999/")
        assert response.status_code == 404
        body = response.content.decode()
        assert '<nav aria-label="Main">' in body
        assert '<h1 id="error-heading">Not found</h1>' in body
        assert (
            '<p class="reason" id="error-reason">There is no page at <code>/billing/claims/999999/</code>, '
            "or what it shows is not in your facilities.</p>"
        ) in body

    def test_a_claim_of_another_facility_is_a_404_not_a_leak(self, world: World) -> None:
        response = world.client(Role.BILLING).get(reverse("billing:claim_detail", args=[world.theirs.held.pk]))
        assert response.status_code == 404
        assert world.theirs.patient.display_name not in response.content.decode()

    def test_403_is_inside_the_layout_with_navigation_and_the_reason(self, world: World) -> None:
        response = world.client(Role.NURSE).get(reverse("billing:submission"))
        assert response.status_code == 403
        body = response.content.decode()
        assert '<nav aria-label="Main">' in body
        assert '<h1 id="error-heading">Not allowed</h1>' in body
        assert '<p class="reason" id="error-reason">Your role (Nurse) may not do this' in body
        assert '<a class="button" href="/queue/">Back to the work queue</a>' in body

    def test_messages_are_a_live_region_holding_a_list(self, world: World) -> None:
        client = world.client(Role.BILLING)
        ready = world.mine.ready
        response = client.post(reverse("billing:claim_accept", args=[ready.pk]), follow=True)
        body = response.content.decode()
        assert (
            '<div class="messages-region" role="status" aria-live="polite" id="messages"><ul class="messages">'
            in body
        )
        assert f'<li class="message success">Claim {ready.pk} accepted.</li>' in body
        quiet = client.get(reverse("queue:index")).content.decode()
        assert '<div class="messages-region" role="status" aria-live="polite" id="messages"></div>' in quiet


def test_fixed_url_is_the_url_tag_under_any_script_prefix() -> None:
    """The navigation's ``{% fixed_url %}`` (reversed once per script prefix) gives what
    ``{% url %}`` gives, also when the app is served under a prefix."""
    from django.template import Context, Template
    from django.urls import get_script_prefix, set_script_prefix

    source = "{% load workbench %}{% fixed_url 'queue:index' %}|{% url 'queue:index' %}"
    before = get_script_prefix()
    try:
        for prefix in ("/", "/billing-office/", "/"):
            set_script_prefix(prefix)
            ours, django = Template(source).render(Context()).split("|")
            assert ours == django
            assert ours.startswith(prefix)
    finally:
        set_script_prefix(before)
