"""Claim review for billing: accept, hold, override — permission-checked, audited, and a
submitted version never changes through the pages."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim, ClaimEdit

from ..pages_world import World, audit_count, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _error_edit(claim: Claim) -> ClaimEdit:
    return ClaimEdit.objects.get(version_id=claim.current_version_id, code="DOCUMENTATION_INCOMPLETE")


def test_claim_page_shows_lines_edits_and_is_audited(world: World) -> None:
    held = world.mine.held
    body = world.client(Role.BILLING).get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert "DOCUMENTATION_INCOMPLETE" in body
    assert "Source:" in body
    assert "97008" in body
    assert "Accepting needs every error edit resolved or overridden" in body
    assert "Override DOCUMENTATION_INCOMPLETE" in body
    assert audit_count(held, LogEntry.Action.ACCESS) == 1
    assert audit_count(held.patient, LogEntry.Action.ACCESS) == 1


def test_claim_page_hides_actions_from_roles_without_them(world: World) -> None:
    body = world.client(Role.NURSE).get(reverse("billing:claim_detail", args=[world.mine.held.pk])).content.decode()
    assert "Accept claim" not in body
    assert "Override DOCUMENTATION_INCOMPLETE" not in body


def test_accept_is_refused_while_an_error_edit_is_unresolved(world: World) -> None:
    held = world.mine.held
    response = world.client(Role.BILLING).post(reverse("billing:claim_accept", args=[held.pk]))
    assert response.status_code == 409
    assert "DOCUMENTATION_INCOMPLETE" in response.content.decode()
    held.refresh_from_db()
    assert held.status == "hold"


def test_override_needs_a_reason(world: World) -> None:
    held = world.mine.held
    edit = _error_edit(held)
    url = reverse("billing:edit_override", args=[held.pk, edit.pk])
    response = world.client(Role.BILLING).post(url, {f"edit-{edit.pk}-reason": "   "})
    assert response.status_code == 400
    assert "A reason is required to override an edit." in response.content.decode()
    edit.refresh_from_db()
    assert not edit.is_overridden


def test_override_then_accept(world: World) -> None:
    held = world.mine.held
    billing = world.users[Role.BILLING]
    client = world.client(Role.BILLING)
    edit = _error_edit(held)
    url = reverse("billing:edit_override", args=[held.pk, edit.pk])
    response = client.post(url, {f"edit-{edit.pk}-reason": "Order verified on paper, scanned to chart"})
    assert response.status_code == 302
    edit.refresh_from_db()
    assert edit.overridden_by == billing
    assert edit.overridden_at is not None
    assert edit.override_reason == "Order verified on paper, scanned to chart"
    held.refresh_from_db()
    assert held.status == "ready"
    assert audit_count(edit, LogEntry.Action.UPDATE) == 1
    page = client.get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert f"Overridden by {billing.username}" in page
    # A second override of the same edit is refused.
    assert client.post(url, {f"edit-{edit.pk}-reason": "again"}).status_code == 409
    response = client.post(reverse("billing:claim_accept", args=[held.pk]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "accepted"
    entry = LogEntry.objects.get_for_object(held).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == billing
    assert "status" in (entry.changes_dict or {})


def test_accept_a_ready_claim(world: World) -> None:
    ready = world.mine.ready
    response = world.client(Role.BILLING).post(reverse("billing:claim_accept", args=[ready.pk]))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == "accepted"
    # Accepting twice is refused.
    assert world.client(Role.BILLING).post(reverse("billing:claim_accept", args=[ready.pk])).status_code == 409


def test_hold_needs_a_note_and_is_audited_with_it(world: World) -> None:
    ready = world.mine.ready
    client = world.client(Role.BILLING)
    url = reverse("billing:claim_hold", args=[ready.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Why hold this claim: Enter a note explaining the hold." in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == "ready"
    assert client.post(url, {"note": "Waiting for the prior authorization number"}).status_code == 302
    ready.refresh_from_db()
    assert ready.status == "hold"
    entry = LogEntry.objects.get_for_object(ready).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.additional_data == {"note": "Waiting for the prior authorization number"}
    page = client.get(reverse("billing:claim_detail", args=[ready.pk])).content.decode()
    assert "Waiting for the prior authorization number" in page
    # A claim held by a colleague (no error edit) can be accepted once sorted out.
    assert client.post(reverse("billing:claim_accept", args=[ready.pk])).status_code == 302


def test_submitted_version_is_never_changed_through_the_pages(world: World) -> None:
    held = world.mine.held
    version = held.current_version
    assert version is not None
    version.submit(world.users[Role.BILLING])
    client = world.client(Role.BILLING)
    edit = _error_edit(held)
    override = reverse("billing:edit_override", args=[held.pk, edit.pk])
    assert client.post(override, {f"edit-{edit.pk}-reason": "late reason"}).status_code == 409
    assert client.post(reverse("billing:claim_accept", args=[held.pk])).status_code == 409
    assert client.post(reverse("billing:claim_hold", args=[held.pk]), {"note": "n"}).status_code == 409
    edit.refresh_from_db()
    assert not edit.is_overridden
    page = client.get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert "frozen" in page
    assert "Override DOCUMENTATION_INCOMPLETE" not in page


def test_override_of_an_edit_of_an_older_version_is_refused(world: World) -> None:
    held = world.mine.held
    old_edit = _error_edit(held)
    session = held.session
    session.order_verified = True
    session.save()
    from coolclaim.web.billing.coding_service import code_sessions

    code_sessions([session], reason="Order verified")
    held.refresh_from_db()
    assert held.current_version_id != old_edit.version_id
    url = reverse("billing:edit_override", args=[held.pk, old_edit.pk])
    assert world.client(Role.BILLING).post(url, {f"edit-{old_edit.pk}-reason": "r"}).status_code == 409


def test_claim_list_filters_by_status(world: World) -> None:
    client = world.client(Role.BILLING)
    body = client.get(reverse("billing:claim_list")).content.decode()
    assert f"Claim {world.mine.held.pk}" in body and f"Claim {world.mine.ready.pk}" in body
    body = client.get(reverse("billing:claim_list"), {"status": "hold"}).content.decode()
    assert f"Claim {world.mine.held.pk}<" in body and f"Claim {world.mine.ready.pk}<" not in body
