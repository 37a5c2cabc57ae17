"""Every workbench page and action: another facility's objects are refused (no IDOR), roles
are enforced per action, POSTs need a CSRF token, anonymous users are sent to sign in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import ClaimEdit

from .pages_world import Side, World, build_world

pytestmark = pytest.mark.django_db

UrlOf = Callable[[Side], str]


def _edit_of(side: Side) -> ClaimEdit:
    return ClaimEdit.objects.filter(version_id=side.held.current_version_id).first()  # type: ignore[return-value]


GETS: dict[str, UrlOf] = {
    "patient": lambda s: reverse("clinic:patient_detail", args=[s.patient.pk]),
    "session_new": lambda s: reverse("clinic:session_new", args=[s.course.pk]),
    "session_edit": lambda s: reverse("clinic:session_edit", args=[s.uncoded.pk]),
    "claim": lambda s: reverse("billing:claim_detail", args=[s.held.pk]),
}
POSTS: dict[str, UrlOf] = {
    "session_new": lambda s: reverse("clinic:session_new", args=[s.course.pk]),
    "session_edit": lambda s: reverse("clinic:session_edit", args=[s.uncoded.pk]),
    "preview_new": lambda s: reverse("clinic:session_preview", args=[s.course.pk]),
    "preview_existing": lambda s: reverse("clinic:session_preview_existing", args=[s.uncoded.pk]),
    "accept": lambda s: reverse("billing:claim_accept", args=[s.ready.pk]),
    "hold": lambda s: reverse("billing:claim_hold", args=[s.ready.pk]),
    "note": lambda s: reverse("billing:claim_note_add", args=[s.held.pk]),
    "send_back": lambda s: reverse("billing:claim_send_back", args=[s.ready.pk]),
    "override": lambda s: reverse("billing:edit_override", args=[s.held.pk, _edit_of(s).pk]),
}
ROLES = [Role.NURSE, Role.BILLING, Role.FACILITY_ADMIN, Role.ANALYST, Role.HUB_COORDINATOR]


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_pages_of_another_facility_are_not_found(world: World, role: str) -> None:
    client = world.client(role)
    for name, url_of in GETS.items():
        assert client.get(url_of(world.theirs)).status_code == 404, name
    for name, url_of in POSTS.items():
        response = client.post(url_of(world.theirs), {"reason": "x", "note": "x", "session_id": "X"})
        assert response.status_code == 404, name


def test_other_facilitys_claim_with_my_edit_id_mix_is_not_found(world: World) -> None:
    client = world.client(Role.BILLING)
    url = reverse("billing:edit_override", args=[world.mine.held.pk, _edit_of(world.theirs).pk])
    assert client.post(url, {f"edit-{_edit_of(world.theirs).pk}-reason": "x"}).status_code == 404


def test_lists_show_only_my_facility(world: World) -> None:
    client = world.client(Role.BILLING)
    for url in (reverse("queue:index"), reverse("clinic:patient_list"), reverse("billing:claim_list")):
        body = client.get(url).content.decode()
        assert world.mine.patient.display_name in body, url
        assert world.theirs.patient.display_name not in body, url
    # Asking for their facility in a filter does not reveal it either.
    body = client.get(reverse("queue:index"), {"facility": world.theirs.facility.pk}).content.decode()
    assert world.theirs.patient.display_name not in body


@pytest.mark.parametrize("role", ROLES)
def test_pages_of_my_facility_open(world: World, role: str) -> None:
    client = world.client(role)
    for name in ("patient", "claim"):
        assert client.get(GETS[name](world.mine)).status_code == 200, name
    for url in (reverse("queue:index"), reverse("clinic:patient_list"), reverse("billing:claim_list")):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        # an allowed action posted empty: the form comes back with its errors (400), the preview
        # renders (200), a refused accept returns to the claim page (302)
        # (a nurse or facility admin may answer on a claim with a note: issue 8)
        (
            Role.NURSE,
            {"session_new": 400, "session_edit": 400, "preview_new": 200, "preview_existing": 200, "note": 400},
        ),
        (
            Role.BILLING,
            {
                "preview_new": 200,
                "preview_existing": 200,
                "accept": 302,
                "hold": 400,
                "override": 400,
                "note": 400,
                "send_back": 400,
            },
        ),
        (
            Role.FACILITY_ADMIN,
            {"session_new": 400, "session_edit": 400, "preview_new": 200, "preview_existing": 200, "note": 400},
        ),
        (Role.ANALYST, {}),
    ],
)
def test_roles_are_enforced_per_action(world: World, role: str, allowed: dict[str, int]) -> None:
    client = world.client(role)
    statuses = {name: client.post(url_of(world.mine), {}).status_code for name, url_of in POSTS.items()}
    assert statuses == {name: allowed.get(name, 403) for name in POSTS}


def test_session_entry_page_needs_document_session(world: World) -> None:
    assert world.client(Role.BILLING).get(GETS["session_new"](world.mine)).status_code == 403
    assert world.client(Role.ANALYST).get(GETS["session_edit"](world.mine)).status_code == 403
    assert world.client(Role.NURSE).get(GETS["session_new"](world.mine)).status_code == 200


def test_posts_need_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.BILLING])
    nurse = Client(enforce_csrf_checks=True)
    nurse.force_login(world.users[Role.NURSE])
    for name, url_of in POSTS.items():
        who = nurse if name.startswith(("session", "preview")) else client
        assert who.post(url_of(world.mine), {"reason": "r", "note": "n"}).status_code == 403, name
    world.mine.ready.refresh_from_db()
    assert world.mine.ready.status == "ready"


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    client = Client()
    urls = [reverse("queue:index"), reverse("clinic:patient_list"), reverse("billing:claim_list")]
    urls += [u(world.mine) for u in GETS.values()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith(reverse("login"))
    for url_of in POSTS.values():
        assert client.post(url_of(world.mine)).status_code == 302


def test_get_on_action_urls_is_refused(world: World) -> None:
    client = world.client(Role.BILLING)
    for name in ("accept", "hold", "override"):
        assert client.get(POSTS[name](world.mine)).status_code == 405, name


def test_pages_send_no_inline_script(world: World) -> None:
    client = world.client(Role.NURSE)
    for url in (reverse("queue:index"), GETS["session_new"](world.mine), GETS["claim"](world.mine)):
        body = client.get(url).content
        assert b"<script>" not in body
        assert b" style=" not in body
        assert b"htmx" in body
