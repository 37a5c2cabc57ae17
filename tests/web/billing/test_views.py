"""Claim review for billing: accept, hold, override — permission-checked, audited, and a
submitted version never changes through the pages."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import (
    Claim,
    ClaimEdit,
    ClaimLine,
    FeeScheduleEntry,
    LinePayment,
    RemittancePosting,
    SubmissionBatch,
)
from coolclaim.web.billing.services.post_remittance import post_remittance

from ... import remittance_factories as remits
from .. import factories as f
from ..pages_world import World, audit_count, build_world
from .exchange_world import build_exchange, submitted

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


def assert_refused(response: Any) -> None:
    """A refused action answers with a redirect back to its claim page (post/redirect/get)."""
    assert response.status_code == 302
    assert re.fullmatch(r"/billing/claims/\d+/", response["Location"])


def test_claim_page_hides_actions_from_roles_without_them(world: World) -> None:
    body = world.client(Role.NURSE).get(reverse("billing:claim_detail", args=[world.mine.held.pk])).content.decode()
    assert "Accept claim" not in body
    assert "Override DOCUMENTATION_INCOMPLETE" not in body


def test_accept_is_refused_while_an_error_edit_is_unresolved(world: World) -> None:
    held = world.mine.held
    client = world.client(Role.BILLING)
    response = client.post(reverse("billing:claim_accept", args=[held.pk]), follow=True)
    assert response.redirect_chain == [(reverse("billing:claim_detail", args=[held.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Not done: Resolve or override the error edits first: DOCUMENTATION_INCOMPLETE."
    ]
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
    assert_refused(client.post(url, {f"edit-{edit.pk}-reason": "again"}))
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
    assert_refused(world.client(Role.BILLING).post(reverse("billing:claim_accept", args=[ready.pk])))


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
    assert_refused(client.post(override, {f"edit-{edit.pk}-reason": "late reason"}))
    assert_refused(client.post(reverse("billing:claim_accept", args=[held.pk])))
    assert_refused(client.post(reverse("billing:claim_hold", args=[held.pk]), {"note": "n"}))
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
    from coolclaim.web.billing.services.code_sessions import code_sessions

    code_sessions([session], reason="Order verified")
    held.refresh_from_db()
    assert held.current_version_id != old_edit.version_id
    url = reverse("billing:edit_override", args=[held.pk, old_edit.pk])
    assert_refused(world.client(Role.BILLING).post(url, {f"edit-{old_edit.pk}-reason": "r"}))


def test_claim_list_filters_by_status(world: World) -> None:
    client = world.client(Role.BILLING)
    body = client.get(reverse("billing:claim_list")).content.decode()
    assert f"Claim {world.mine.held.pk}" in body and f"Claim {world.mine.ready.pk}" in body
    body = client.get(reverse("billing:claim_list"), {"status": "hold"}).content.decode()
    assert f"Claim {world.mine.held.pk}<" in body and f"Claim {world.mine.ready.pk}<" not in body


@pytest.mark.parametrize(
    ("sort", "first", "states"),
    [
        ("", "ready", {"dos": "ascending"}),  # oldest first: the ready claim (02/03) before the held (02/10)
        ("-dos", "held", {"dos": "descending"}),
        ("amount", "held", {"amount": "ascending"}),  # $1,105.00 before $1,455.00 (the fitting)
        ("-amount", "ready", {"amount": "descending"}),
        ("-status", "ready", {"status": "descending"}),
        ("bogus", "ready", {"dos": "ascending"}),  # an unknown key: the default, no error
        ("current_version__number", "ready", {"dos": "ascending"}),
    ],
)
def test_claim_list_sorts_by_its_headings(world: World, sort: str, first: str, states: dict[str, str]) -> None:
    """The claims list shares the queue's sorting (coolclaim.web.list_sorting): whitelisted keys,
    both directions, aria-sort on the sorted heading only."""
    response = world.client(Role.BILLING).get(reverse("billing:claim_list"), {"sort": sort} if sort else {})
    assert response.status_code == 200
    body = response.content.decode()
    order = [int(pk) for pk in re.findall(r'<th scope="row"><a href="/billing/claims/(\d+)/">', body)]
    claims = {"ready": world.mine.ready.pk, "held": world.mine.held.pk}
    assert order == [claims[first], *(pk for name, pk in claims.items() if name != first)]
    heading = r'<th scope="col"(?: class="num")? aria-sort="(?!none)(\w+)"><a href="\?sort=-?(\w+)"'
    assert {key: state for state, key in re.findall(heading, body)} == states
    assert "$1,105.00" in body and "$1,455.00" in body and "Example Health Plan" in body


@pytest.mark.parametrize(
    ("role", "status"), [(Role.BILLING, 200), (Role.FACILITY_ADMIN, 200), (Role.NURSE, 403), (Role.ANALYST, 403)]
)
def test_fee_schedule_page_is_for_billing_and_admins(world: World, role: str, status: int) -> None:
    url = reverse("billing:fee_schedule") + f"?facility={world.mine.facility.pk}"
    assert world.client(role).get(url).status_code == status


def test_fee_schedule_of_a_facility_out_of_scope_is_not_found(world: World) -> None:
    client = world.client(Role.BILLING)
    assert client.get(reverse("billing:fee_schedule") + f"?facility={world.theirs.facility.pk}").status_code == 404
    url = reverse("billing:fee_entry_add", args=[world.theirs.facility.pk])
    assert client.post(url, {"code": "97007", "charge": "1", "effective_from": "2026-01-01"}).status_code == 404


def test_add_a_fee_and_import_a_csv_with_a_bad_row(world: World) -> None:
    client = world.client(Role.BILLING)
    facility = world.mine.facility
    response = client.post(
        reverse("billing:fee_entry_add", args=[facility.pk]),
        {"code": "j9999", "charge": "12.50", "payer_type": "medicaid", "effective_from": "2026-01-01"},
    )
    assert response.status_code == 302
    assert FeeScheduleEntry.objects.get(facility=facility, code="J9999").charge == Decimal("12.50")
    bad = client.post(
        reverse("billing:fee_entry_add", args=[facility.pk]), {"code": "x", "charge": "-1", "effective_from": ""}
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Code: A five-character HCPCS/CPT code." in body
    assert "Effective from: This field is required." in body
    upload = SimpleUploadedFile("fees.csv", b"code,charge,effective_from\nQ1234,5,2026-01-01\nQ1235,five,2026-01-01\n")
    imported = client.post(reverse("billing:fee_schedule_import", args=[facility.pk]), {"file": upload})
    assert imported.status_code == 200
    text = imported.content.decode()
    assert "1 added, 0 changed, 0 unchanged; 1 problem (those rows were not imported)." in text
    assert "Row 3, charge: &#x27;five&#x27; is not an amount" in text
    assert FeeScheduleEntry.objects.filter(facility=facility, code="Q1234").count() == 1


def test_claim_page_shows_charges_and_total(world: World) -> None:
    claim = world.mine.ready
    lines = ClaimLine.objects.filter(version_id=claim.current_version_id)
    total = sum((ln.charge for ln in lines), Decimal(0))
    body = world.client(Role.BILLING).get(reverse("billing:claim_detail", args=[claim.pk])).content.decode()
    assert f'<td class="num" id="claim-total">${total:,.2f}</td>' in body


def test_validate_only_shows_the_file_and_changes_nothing() -> None:
    world = build_exchange()
    client = Client()
    client.force_login(world.billing)
    response = client.post(reverse("billing:submission"), {"facility": world.facility.pk, "action": "validate"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Validation only — nothing submitted" in body
    assert "no problems found" in body
    assert "ISA*00*" in body
    assert SubmissionBatch.objects.count() == 0
    submitted = client.post(reverse("billing:submission"), {"facility": world.facility.pk, "action": "submit"})
    assert submitted.status_code == 200
    assert SubmissionBatch.objects.count() == 1


def test_submission_page_needs_the_submit_permission_and_scope() -> None:
    world = build_exchange()
    other = build_exchange()
    nurse = f.user(Role.NURSE, world.facility)
    client = Client()
    client.force_login(nurse)
    assert client.get(reverse("billing:submission")).status_code == 403
    client.force_login(world.billing)
    response = client.post(reverse("billing:submission"), {"facility": other.facility.pk, "action": "submit"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert SubmissionBatch.objects.count() == 0


def test_remittance_upload_posts_once_and_needs_the_permission() -> None:
    world = build_exchange()
    _batch, sent = submitted(world)
    text = remits.write(remits.demo_remittance(sent)).encode()
    nurse = f.user(Role.NURSE, world.facility)
    client = Client()
    client.force_login(nurse)
    assert client.get(reverse("billing:remittances")).status_code == 403
    client.force_login(world.billing)
    first = client.post(reverse("billing:remittances"), {"file": SimpleUploadedFile("r.835", text)})
    assert first.status_code == 200
    assert '<h2 id="remit-heading">Posted</h2>' in first.content.decode()
    second = client.post(reverse("billing:remittances"), {"file": SimpleUploadedFile("r.835", text)})
    assert "Already posted — nothing changed" in second.content.decode()
    assert RemittancePosting.objects.count() == 1
    bad = client.post(reverse("billing:remittances"), {"file": SimpleUploadedFile("r.835", text[:200])})
    assert bad.status_code == 400
    assert "The file was refused whole; nothing was posted" in bad.content.decode()


def test_claim_page_shows_its_submission_payments_and_denial_reasons() -> None:
    world = build_exchange()
    _batch, sent = submitted(world)
    remittance = remits.demo_remittance(sent)
    post_remittance(remits.write(remittance).encode(), "r.835", world.billing)
    client = Client()
    client.force_login(world.billing)
    claim = world.claims[0]
    body = client.get(reverse("billing:claim_detail", args=[claim.pk])).content.decode()
    assert f"v1 sent as {sent[0].claim_id} in 837P batch" in body
    paid = sum((s.paid for s in remittance.claims[0].services), Decimal(0))
    assert f'<td class="num" id="paid-total">${paid:,.2f}</td>' in body
    denied = LinePayment.objects.filter(claim=claim, denied=True).first()
    if denied is not None:
        assert denied.plain_reasons[0] in body


# --- the claim page has what a biller needs (issue 8, item 4) -------------------------------
def _page(world: World, claim: Claim, role: str = Role.BILLING) -> str:
    return str(world.client(role).get(reverse("billing:claim_detail", args=[claim.pk])).content.decode())


def test_claim_page_shows_diagnoses_behind_the_pointers_payer_plan_and_member_id(world: World) -> None:
    body = _page(world, world.mine.held)
    assert '<ol id="claim-diagnoses" class="pointers"><li value="1"><strong>C50.912</strong></li>' in body
    assert '<li value="2"><strong>Z51.11</strong></li>' in body
    assert '<dd id="claim-payer">Example Health Plan (Commercial)</dd>' in body
    assert '<dd id="claim-member">XH000000001</dd>' in body
    assert "1&nbsp;C50.912, 2&nbsp;Z51.11" in body  # the line's pointers, each with its code


def test_claim_page_names_each_edit_state(world: World) -> None:
    body = _page(world, world.mine.held)
    assert "(1 unresolved error)" in body
    assert "Unresolved: blocks acceptance" in body


def test_accept_is_disabled_with_the_reason_while_an_error_edit_is_unresolved(world: World) -> None:
    body = _page(world, world.mine.held)
    assert (
        '<p class="error" id="accept-blocked">Accepting needs every error edit resolved or overridden: '
        "DOCUMENTATION_INCOMPLETE.</p>" in body
    )
    assert '<button type="submit" disabled aria-describedby="accept-blocked">Accept claim</button>' in body


def test_no_accept_after_accept_and_no_hold_button_on_a_held_claim(world: World) -> None:
    ready = world.mine.ready
    client = world.client(Role.BILLING)
    assert "Accept claim" in _page(world, ready)
    assert "Hold claim" in _page(world, ready)
    assert client.post(reverse("billing:claim_accept", args=[ready.pk])).status_code == 302
    body = _page(world, ready)
    assert "Accept claim" not in body
    assert '<p id="review-done">Accepted: ready to submit.' in body
    assert "Hold claim" in body  # an accepted claim can still be held with a note
    assert "Hold claim" not in _page(world, world.mine.held)


def test_a_refused_action_redirects_to_the_claim_with_the_reason(world: World) -> None:
    ready = world.mine.ready
    client = world.client(Role.BILLING)
    client.post(reverse("billing:claim_accept", args=[ready.pk]), follow=True)  # shows "accepted"
    response = client.post(reverse("billing:claim_accept", args=[ready.pk]), follow=True)
    assert response.redirect_chain == [(reverse("billing:claim_detail", args=[ready.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Not done: A claim that is accepted by billing cannot be accepted."
    ]


def test_header_and_version_list_agree(world: World) -> None:
    held = world.mine.held
    body = _page(world, held)
    version = held.current_version
    assert version is not None
    header = re.search(r'<dd id="claim-version">(v\d+ \(current\) · coded \w+ · <time[^>]*>[^<]+</time>)', body)
    listed = re.search(r'<ul id="claim-versions"><li>(v\d+ \(current\) · coded \w+ · <time[^>]*>[^<]+</time>)', body)
    assert header is not None
    assert listed is not None
    assert header.group(1) == listed.group(1)
    assert header.group(1).startswith(f"v{version.number} (current) · coded hold · ")


def test_nurse_opens_the_session_from_the_claim(world: World) -> None:
    held = world.mine.held
    body = _page(world, held, Role.NURSE)
    url = reverse("clinic:session_edit", args=[held.session_id])
    assert f'<a href="{url}" id="open-session">Session {held.session.session_id}</a>' in body
    assert 'id="open-session"' not in _page(world, held, Role.BILLING)


# --- a held claim opens on its real problem (issue 8, item 3) --------------------------------
def test_billing_sends_a_claim_back_and_it_appears_in_the_nurse_queue(world: World) -> None:
    from coolclaim.web.billing.models import ClaimNote

    ready = world.mine.ready
    billing = world.client(Role.BILLING)
    url = reverse("billing:claim_send_back", args=[ready.pk])
    empty = billing.post(url, {"reason": "  "})
    assert empty.status_code == 400
    assert "What the nurse should fix: Say what the nurse should fix." in empty.content.decode()
    response = billing.post(url, {"reason": "Cap lot missing: check the cooling log"}, follow=True)
    assert response.redirect_chain == [(reverse("billing:claim_detail", args=[ready.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [f"Claim {ready.pk} sent back to the nurse."]
    ready.refresh_from_db()
    assert ready.status == "hold"
    note = ClaimNote.objects.get(claim=ready)
    assert note.text == "Sent back to the nurse: Cap lot missing: check the cooling log"
    queue = world.client(Role.NURSE).get(reverse("queue:index"), {"kind": "held"}).content.decode()
    assert (
        '<p class="sent-back"><strong>Sent back by billing:</strong> Cap lot missing: check the cooling log</p>'
        in queue
    )


def test_the_nurse_adds_a_note_to_the_claim(world: World) -> None:
    from coolclaim.web.billing.models import ClaimNote

    held = world.mine.held
    nurse = world.client(Role.NURSE)
    assert 'action="' + reverse("billing:claim_note_add", args=[held.pk]) + '"' in _page(world, held, Role.NURSE)
    response = nurse.post(reverse("billing:claim_note_add", args=[held.pk]), {"text": "Order found, ticked"})
    assert response.status_code == 302
    assert ClaimNote.objects.get(claim=held).author == world.users[Role.NURSE]
    analyst = world.client(Role.ANALYST).post(reverse("billing:claim_note_add", args=[held.pk]), {"text": "x"})
    assert analyst.status_code == 403  # read-only: an analyst writes no note
