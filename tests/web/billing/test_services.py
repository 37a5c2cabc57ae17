"""Claim notes: the hold's note is kept as one, billing adds notes on the claim review page
(newest first), nurses and analysts cannot, another facility's claim is not found, the form
needs its CSRF token, notes are audited and never change."""

from __future__ import annotations

import importlib

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.models import ClaimNote, ImmutableClaimNote
from coolclaim.web.billing.services import review_claim as review

from ..pages_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def note_url(claim_pk: int) -> str:
    return reverse("billing:claim_note_add", args=[claim_pk])


def test_hold_writes_a_note_and_keeps_the_audit_entry(world: World) -> None:
    ready = world.mine.ready
    client = world.client(Role.BILLING)
    response = client.post(reverse("billing:claim_hold", args=[ready.pk]), {"note": "Waiting for the payer's answer"})
    assert response.status_code == 302
    note = ClaimNote.objects.get(claim=ready)
    assert note.text == "Waiting for the payer's answer" and note.author == world.users[Role.BILLING]
    entry = LogEntry.objects.get_for_object(ready).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.additional_data == {"note": "Waiting for the payer's answer"}
    page = client.get(reverse("billing:claim_detail", args=[ready.pk])).content.decode()
    assert page.count("Waiting for the payer&#x27;s answer") == 1


@pytest.mark.parametrize("role", [Role.BILLING, Role.HUB_COORDINATOR])
def test_billing_and_hub_add_notes_listed_newest_first(world: World, role: str) -> None:
    held = world.mine.held
    client = world.client(role)
    page = client.get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert f'action="{note_url(held.pk)}"' in page and "Add note" in page
    assert client.post(note_url(held.pk), {"text": "  Called the payer: pending  "}).status_code == 302
    assert client.post(note_url(held.pk), {"text": "Payer asked for the ABN copy"}).status_code == 302
    notes = list(ClaimNote.objects.filter(claim=held))
    assert [n.text for n in notes] == ["Payer asked for the ABN copy", "Called the payer: pending"]
    assert {n.author_id for n in notes} == {world.users[role].pk}
    page = client.get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert page.index("Payer asked for the ABN copy") < page.index("Called the payer: pending")
    assert world.users[role].get_username() in page


def test_an_empty_note_is_refused(world: World) -> None:
    held = world.mine.held
    response = world.client(Role.BILLING).post(note_url(held.pk), {"text": "   "})
    assert response.status_code == 400
    assert "Enter the text of the note." in response.content.decode()
    assert not ClaimNote.objects.exists()


@pytest.mark.parametrize("role", [Role.NURSE, Role.ANALYST, Role.FACILITY_ADMIN])
def test_other_roles_cannot_add_notes(world: World, role: str) -> None:
    held = world.mine.held
    client = world.client(role)
    assert client.post(note_url(held.pk), {"text": "hello"}).status_code == 403
    assert not ClaimNote.objects.exists()
    page = client.get(reverse("billing:claim_detail", args=[held.pk])).content.decode()
    assert note_url(held.pk) not in page


def test_another_facilitys_claim_is_not_found(world: World) -> None:
    theirs = world.theirs.held
    review.add_note(theirs, None, "Their note, not mine to read")
    for role in (Role.BILLING, Role.HUB_COORDINATOR):
        client = world.client(role)
        assert client.post(note_url(theirs.pk), {"text": "peek"}).status_code == 404
        page = client.get(reverse("billing:claim_detail", args=[world.mine.held.pk])).content.decode()
        assert "Their note, not mine to read" not in page
    assert ClaimNote.objects.count() == 1
    assert ClaimNote.objects.for_user(world.users[Role.BILLING]).count() == 0


def test_csrf_is_enforced(world: World) -> None:
    held = world.mine.held
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.BILLING])
    assert client.post(note_url(held.pk), {"text": "no token"}).status_code == 403
    page = client.get(reverse("billing:claim_detail", args=[held.pk]))
    token = page.cookies["csrftoken"].value
    assert client.post(note_url(held.pk), {"text": "with token", "csrfmiddlewaretoken": token}).status_code == 302
    assert [n.text for n in ClaimNote.objects.all()] == ["with token"]


def test_notes_are_audited_and_immutable(world: World) -> None:
    held = world.mine.held
    user = world.users[Role.BILLING]
    world.client(Role.BILLING).post(note_url(held.pk), {"text": "Audited note"})
    note = ClaimNote.objects.get()
    created = LogEntry.objects.get_for_object(note).get(action=LogEntry.Action.CREATE)
    assert created.actor_id == user.pk
    note.text = "changed"
    with pytest.raises(ImmutableClaimNote):
        note.save()
    with pytest.raises(ImmutableClaimNote):
        note.delete()
    with pytest.raises(ImmutableClaimNote):
        ClaimNote.objects.filter(pk=note.pk).update(text="changed")
    with pytest.raises(ImmutableClaimNote):
        ClaimNote.objects.filter(pk=note.pk).delete()
    assert ClaimNote.objects.get().text == "Audited note"


def test_claim_page_queries_do_not_grow_with_notes(world: World) -> None:
    held = world.mine.held
    client = world.client(Role.BILLING)
    url = reverse("billing:claim_detail", args=[held.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(12):
        review.add_note(held, world.users[Role.BILLING if n % 2 else Role.HUB_COORDINATOR], f"note {n}")
    assert count() == before


def test_the_migration_copies_notes_of_earlier_holds(world: World) -> None:
    from django.apps import apps

    migration = importlib.import_module("coolclaim.web.billing.migrations.0002_claim_note")
    ready = world.mine.ready
    with acting_as(world.users[Role.BILLING]):
        review._set_status(ready, "hold", note="An old hold, before claim notes")
    assert not ClaimNote.objects.exists()
    migration.copy_hold_notes(apps, None)
    note = ClaimNote.objects.get()
    assert (note.claim_id, note.text, note.author_id) == (
        ready.pk,
        "An old hold, before claim notes",
        world.users[Role.BILLING].pk,
    )
