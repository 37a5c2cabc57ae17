"""Claim notes: the hold's note is kept as one, billing adds notes on the claim review page
(newest first), nurses and analysts cannot, another facility's claim is not found, the form
needs its CSRF token, notes are audited and never change."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coolclaim.claims.matching import match_remittance, stored_lines
from coolclaim.claims.model import Claim as OutClaim
from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import (
    Claim,
    ClaimEdit,
    ClaimLine,
    ClaimNote,
    ClaimVersion,
    ControlCounter,
    FeeScheduleEntry,
    ImmutableClaimNote,
    LinePayment,
    RemittancePosting,
    SubmissionBatch,
    SubmittedClaim,
    UnmatchedPayment,
)
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.billing.services.import_fee_schedule import (
    RowProblem,
    UnreadableFeeFile,
    import_fee_schedule,
)
from coolclaim.web.billing.services.outgoing import claim_id_sent
from coolclaim.web.billing.services.post_remittance import RemittanceRefused, post_remittance
from coolclaim.web.billing.services.pricing import FEE_MISSING
from coolclaim.web.billing.services.submit_claims import SubmissionRefused, submit_claims
from coolclaim.web.queue.models import QueueItem
from coolclaim.x12.validation import validate

from ... import remittance_factories as remits
from .. import factories as f
from ..pages_world import World, build_world
from .exchange_world import Exchange, build_exchange, submitted

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


@pytest.mark.parametrize("role", [Role.ANALYST])
def test_other_roles_cannot_add_notes(world: World, role: str) -> None:
    """Billing writes notes, and so do the roles that document sessions (a nurse answering a
    claim sent back to her: issue 8); a read-only role does not."""
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


FEE_CSV = (
    "code,charge,payer_type,expected_allowed,effective_from,effective_to\n"
    "97007,350.00,,,2026-01-01,\n"
    "97008,abc,,,2026-01-01,\n"
    "97009,100,medicare,62.5,2026-01-01,2026-12-31\n"
    "9700,1,,,2026-01-01,\n"
    "97009,100,martian,,2026/01/01,\n"
    "96413,410.001,,,2026-01-01,2025-01-01\n"
    "97007,355.00,,,2026-01-01,\n"
)


def test_fee_import_keeps_every_valid_row_and_names_every_bad_field() -> None:
    facility = f.facility(f.hub(), fees={})
    billing = f.user(Role.BILLING, facility)
    result = import_fee_schedule(FEE_CSV.encode(), facility, billing)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.problems == [
        RowProblem(3, "charge", "'abc' is not an amount"),
        RowProblem(5, "code", "'9700' is not a five-character HCPCS/CPT code"),
        RowProblem(
            6, "payer_type", "'martian' is not one of commercial, medicaid, medicare, medicare_advantage, self_pay"
        ),
        RowProblem(6, "effective_from", "'2026/01/01' is not a date (YYYY-MM-DD)"),
        RowProblem(7, "charge", "410.001 has more than two decimal places"),
        RowProblem(7, "effective_to", "2025-01-01 is before effective_from 2026-01-01"),
        RowProblem(8, "code", "97007 from 2026-01-01 is already on row 2 of this file"),
    ]
    stored = {
        (e.code, e.payer_type): (e.charge, e.expected_allowed, e.effective_to)
        for e in FeeScheduleEntry.objects.filter(facility=facility)
    }
    assert stored == {
        ("97007", ""): (Decimal("350.00"), None, None),
        ("97009", "medicare"): (Decimal("100.00"), Decimal("62.50"), dt.date(2026, 12, 31)),
    }
    again = import_fee_schedule(
        b"code,charge,effective_from\n97007,360,2026-01-01\n97009,100,2026-01-01\n", facility, billing
    )
    assert (again.created, again.updated, again.unchanged, again.problems) == (1, 1, 0, [])
    assert FeeScheduleEntry.objects.get(facility=facility, code="97007").charge == Decimal("360.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty: a header row is required"),
        (b"code,effective_from\n97007,2026-01-01\n", "the header lacks the column(s) charge"),
        (b"code,charge,effective_from,colour\n", "unknown column(s) colour"),
        (b"\xff\xfe", "the file is not UTF-8 text (byte 0)"),
    ],
)
def test_an_unreadable_fee_file_is_refused_whole(data: bytes, message: str) -> None:
    facility = f.facility(f.hub(), fees={})
    with pytest.raises(UnreadableFeeFile) as refused:
        import_fee_schedule(data, facility, None)
    assert str(refused.value) == message
    assert FeeScheduleEntry.objects.filter(facility=facility).count() == 0


def test_coded_lines_carry_their_charge() -> None:
    world = f.clinic()
    code_sessions([world["session"]])
    claim = Claim.objects.get(session=world["session"])
    lines = list(ClaimLine.objects.filter(version_id=claim.current_version_id).values_list("code", "units", "charge"))
    assert lines
    for code, units, charge in lines:
        assert charge == Decimal(f.DEFAULT_FEES[code]) * units
    assert claim.status == ClaimStatus.READY


def test_a_missing_fee_holds_the_claim_with_an_edit_and_no_zero() -> None:
    hub = f.hub()
    fees = dict(f.DEFAULT_FEES)
    del fees["97009"]
    facility = f.facility(hub, fees=fees)
    patient = f.patient(facility)
    f.coverage(patient)
    session = f.session(f.course(patient), cap_fitting=True)
    code_sessions([session])
    claim = Claim.objects.get(session=session)
    assert claim.status == ClaimStatus.HOLD
    charges = dict(ClaimLine.objects.filter(version_id=claim.current_version_id).values_list("code", "charge"))
    assert charges["97009"] is None
    edit = ClaimEdit.objects.get(version_id=claim.current_version_id, code=FEE_MISSING)
    assert edit.severity == "error"
    assert edit.message.startswith("The facility fee schedule has no charge for 97009 on 2026-02-03.")
    FeeScheduleEntry.objects.create(
        facility=facility, code="97009", charge=Decimal("90"), effective_from=dt.date(2026, 1, 1)
    )
    code_sessions([session], reason="fee added")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.READY
    assert (
        ClaimLine.objects.get(version_id=claim.current_version_id, code="97009").charge
        == Decimal("90.00") * ClaimLine.objects.get(version_id=claim.current_version_id, code="97009").units
    )


# --- submission -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("setting", "kind", "head"),
    [(Setting.OFFICE, "837P", "005010X222A1"), (Setting.HOSPITAL_OUTPATIENT, "837I", "005010X223A2")],
)
def test_submission_writes_a_clean_file_and_marks_claims_submitted(setting: str, kind: str, head: str) -> None:
    world = build_exchange(setting)
    result = submit_claims(world.facility, world.billing)
    assert result.problems == ()
    assert result.skipped == []
    batch = result.batch
    assert batch is not None
    assert (batch.kind, batch.claim_count) == (kind, 2)
    assert f"*{head}~" in batch.content
    assert validate(batch.content) == ()
    for claim in world.claims:
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.SUBMITTED
        assert claim.current_version is not None and claim.current_version.is_submitted
        assert f"CLM*{claim_id_sent(claim)}*" in batch.content
    assert SubmittedClaim.objects.filter(batch=batch).count() == 2
    assert sum(1 for _ in SubmissionBatch.objects.all()) == 1


def test_a_dry_run_changes_nothing() -> None:
    world = build_exchange()
    result = submit_claims(world.facility, world.billing, dry_run=True)
    assert result.batch is None
    assert result.problems == ()
    assert "ISA*" in result.content
    assert SubmissionBatch.objects.count() == 0
    assert ControlCounter.objects.count() == 0
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in world.claims])} == {ClaimStatus.ACCEPTED}
    assert ClaimVersion.objects.filter(submitted_at__isnull=False).count() == 0


def test_control_numbers_are_unique_and_persisted() -> None:
    first = build_exchange(claims=1)
    second = build_exchange(claims=1, hub=first.hub)
    a = submit_claims(first.facility, first.billing).batch
    b = submit_claims(second.facility, second.billing).batch
    assert a is not None and b is not None
    assert (a.interchange_control, a.group_control) == (1, 1)
    assert (b.interchange_control, b.group_control) == (2, 2)
    assert dict(ControlCounter.objects.values_list("name", "value")) == {"interchange": 2, "group": 2}
    with pytest.raises(SubmissionRefused) as refused:
        submit_claims(first.facility, first.billing)
    assert str(refused.value) == f"no claim of {first.facility.name} is ready to send"


def test_submission_is_one_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_exchange()

    def broken(self: ClaimVersion, user: object, now: object = None) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ClaimVersion, "submit", broken)
    with pytest.raises(RuntimeError):
        submit_claims(world.facility, world.billing)
    assert SubmissionBatch.objects.count() == 0
    assert SubmittedClaim.objects.count() == 0
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in world.claims])} == {ClaimStatus.ACCEPTED}


def test_a_claim_that_cannot_be_sent_is_named_and_the_others_go() -> None:
    world = build_exchange()
    patient = world.claims[0].patient
    patient.address_line1 = ""
    patient.save()
    result = submit_claims(world.facility, world.billing)
    assert result.skipped == [(world.claims[0].pk, f"claim {world.claims[0].pk}: the patient's address is incomplete")]
    assert result.batch is not None and result.batch.claim_count == 1


# --- 835 posting ----------------------------------------------------------------------------
def _posted_world() -> tuple[Exchange, tuple[OutClaim, ...], str]:
    world = build_exchange()
    _batch, sent = submitted(world)
    return world, sent, remits.write(remits.demo_remittance(sent))


def test_posting_puts_payments_on_lines_and_denials_in_the_queue() -> None:
    world, sent, text = _posted_world()
    expected = match_remittance(remits.demo_remittance(sent), stored_lines(sent)).summary()
    for key in ("paid_total", "patient_responsibility_total"):
        expected[key] = str(Decimal(str(expected[key])).quantize(Decimal("0.01")))
    result = post_remittance(text.encode(), "demo.835", world.billing)
    assert result.summary == expected
    assert result.exit_code == 0
    assert result.summary["unmatched"] == []
    lines = sum(len(c.lines) for c in sent)
    assert LinePayment.objects.count() == lines
    denied = list(LinePayment.objects.filter(denied=True).select_related("line"))
    assert len(denied) == expected["lines_denied"]
    for payment in denied:
        assert payment.paid == Decimal("0.00")
        assert payment.plain_reasons and payment.plain_reasons[0].startswith("CO-")
    statuses = set(Claim.objects.filter(pk__in=[c.pk for c in world.claims]).values_list("status", flat=True))
    assert statuses <= {ClaimStatus.PAID, ClaimStatus.DENIED}
    if denied:
        assert QueueItem.objects.filter(
            session_id__in=[c.session_id for c in world.claims], denied=True
        ).count() == len({p.claim_id for p in denied})


def test_posting_a_file_twice_changes_nothing() -> None:
    world, _sent, text = _posted_world()
    first = post_remittance(text.encode(), "demo.835", world.billing)
    counts = (RemittancePosting.objects.count(), LinePayment.objects.count(), UnmatchedPayment.objects.count())
    second = post_remittance(text.encode(), "demo-again.835", world.billing)
    assert second.already_posted
    assert second.summary == first.summary
    assert (RemittancePosting.objects.count(), LinePayment.objects.count(), UnmatchedPayment.objects.count()) == counts


@pytest.mark.parametrize("damage", ["truncate", "unbalance"])
def test_a_bad_file_posts_nothing(damage: str) -> None:
    world, _sent, text = _posted_world()
    bad = text[: len(text) // 2] if damage == "truncate" else text.replace("BPR*I*", "BPR*I*1", 1)
    with pytest.raises(RemittanceRefused):
        post_remittance(bad.encode(), "bad.835", world.billing)
    assert (RemittancePosting.objects.count(), LinePayment.objects.count(), UnmatchedPayment.objects.count()) == (
        0,
        0,
        0,
    )
    assert set(Claim.objects.filter(pk__in=[c.pk for c in world.claims]).values_list("status", flat=True)) == {
        ClaimStatus.SUBMITTED
    }


def test_payments_of_unknown_claims_are_kept_for_review() -> None:
    world, sent, _text = _posted_world()
    stranger = replace(sent[0], claim_id="C999999V1")
    remittance = remits.demo_remittance((sent[0], stranger))
    result = post_remittance(remits.write(remittance).encode(), "mixed.835", world.billing)
    assert result.exit_code == 1
    assert [u["claim_id"] for u in result.summary["unmatched"]] == ["C999999V1"] * len(stranger.lines)
    assert UnmatchedPayment.objects.filter(claim_id_sent="C999999V1").count() == len(stranger.lines)


def test_posting_needs_the_permission_for_the_claims_facility() -> None:
    world, _sent, text = _posted_world()
    nurse = f.user(Role.NURSE, world.facility)
    with pytest.raises(PermissionDenied):
        post_remittance(text.encode(), "demo.835", nurse)
    assert RemittancePosting.objects.count() == 0
