"""Issue 9 item 6 and issue 13: a submitted claim that changes becomes a correction pending
review (never silently "ready"), shows in the queue and on the claim page, and once accepted goes
out as a replacement claim (CLM05-3 = 7, REF*F8 the payer's claim number) that passes pyx12."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Setting
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import AckStatus, Claim, ClaimLine, ClaimVersion, SubmittedClaim
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.billing.services.outgoing import claim_id_sent
from coolclaim.web.billing.services.post_remittance import post_remittance
from coolclaim.web.billing.services.submit_claims import submit_claims
from coolclaim.web.billing.services.void_claim import VoidRefused, void_claim
from coolclaim.web.clinic.models import Session
from coolclaim.web.queue.models import QueueItem
from coolclaim.x12.validation import validate

from ... import remittance_factories as remits
from .exchange_world import Exchange, build_exchange, submitted

pytestmark = pytest.mark.django_db


def _segments(text: str, tag: str) -> list[str]:
    return [s for s in text.split("~\n") if s.startswith(tag + "*")]


def _paid(setting: str = Setting.OFFICE) -> tuple[Exchange, Claim]:
    world = build_exchange(setting, claims=1)
    _batch, sent = submitted(world)
    post_remittance(remits.write(remits.demo_remittance(sent)).encode(), "demo.835", world.billing)
    claim = Claim.objects.select_related("current_version").get(pk=world.claims[0].pk)
    return world, claim


def _nurse_adds_an_em(claim: Claim) -> None:
    session = Session.objects.get(pk=claim.session_id)
    session.em_code = "99214"
    session.em_separately_identifiable = True
    session.save()
    code_sessions([session], reason="E/M visit was missing")


def test_a_changed_submitted_claim_is_a_correction_pending_review_not_ready() -> None:
    _world, claim = _paid()
    before_status = claim.status
    assert before_status in (ClaimStatus.PAID, ClaimStatus.DENIED)
    v1_lines = list(ClaimLine.objects.filter(version=claim.current_version).values())
    _nurse_adds_an_em(claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CORRECTION
    assert claim.current_version is not None and claim.current_version.number == 2
    assert not claim.current_version.is_submitted
    v1 = ClaimVersion.objects.get(claim=claim, number=1)
    assert v1.is_submitted
    assert list(ClaimLine.objects.filter(version=v1).values()) == v1_lines
    item = QueueItem.objects.get(session_id=claim.session_id)
    assert item.correction is True


def test_a_correction_recoded_again_stays_a_correction() -> None:
    _world, claim = _paid()
    _nurse_adds_an_em(claim)
    session = Session.objects.get(pk=claim.session_id)
    session.em_code = "99213"
    session.save()
    code_sessions([session], reason="E/M level corrected")
    claim.refresh_from_db()
    assert (claim.status, claim.current_version.number if claim.current_version else 0) == (
        ClaimStatus.CORRECTION,
        3,
    )


@pytest.mark.parametrize(("setting", "clm05"), [(Setting.OFFICE, "11:B:7"), (Setting.HOSPITAL_OUTPATIENT, "13:A:7")])
def test_an_accepted_correction_goes_out_as_a_replacement_with_the_payer_claim_number(setting: str, clm05: str) -> None:
    world, claim = _paid(setting)
    _nurse_adds_an_em(claim)
    claim.refresh_from_db()
    review.accept(claim, world.billing)
    result = submit_claims(world.facility, world.billing)
    assert result.batch is not None
    content = result.batch.content
    assert validate(content) == ()
    (clm,) = _segments(content, "CLM")
    assert clm.split("*")[1] == claim_id_sent(claim) == f"C{claim.pk}V2"
    assert clm.split("*")[5] == clm05
    (first_sent,) = [s for s in SubmittedClaim.objects.filter(claim=claim) if s.version.number == 1]
    assert _segments(content, "REF*F8") == [f"REF*F8*PCN{first_sent.claim_id_sent[-4:]}"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert QueueItem.objects.filter(session_id=claim.session_id, correction=True).count() == 0


def test_a_correction_of_a_claim_rejected_in_acknowledgment_goes_out_as_an_original() -> None:
    world = build_exchange(claims=1)
    batch, _sent = submitted(world)
    SubmittedClaim.objects.filter(batch=batch).update(ack_status=AckStatus.REJECTED)
    claim = Claim.objects.get(pk=world.claims[0].pk)
    _nurse_adds_an_em(claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CORRECTION
    review.accept(claim, world.billing)
    result = submit_claims(world.facility, world.billing)
    assert result.batch is not None
    assert _segments(result.batch.content, "CLM")[0].split("*")[5] == "11:B:1"
    assert _segments(result.batch.content, "REF*F8") == []


def test_the_claim_page_shows_the_correction_and_offers_review() -> None:
    world, claim = _paid()
    _nurse_adds_an_em(claim)
    client = Client()
    client.force_login(world.billing)
    response = client.get(reverse("billing:claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Correction pending review" in page
    assert "a replacement claim (frequency 7) of payer claim PCN" in page
    assert reverse("billing:claim_accept", args=[claim.pk]) in page


def test_the_queue_lists_corrections() -> None:
    world, claim = _paid()
    _nurse_adds_an_em(claim)
    client = Client()
    client.force_login(world.billing)
    response = client.get(reverse("queue:index"), {"kind": "correction"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<strong id="correction-count">1</strong>' in page
    assert "Correction pending review" in page


# --- void ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("setting", "clm05"), [(Setting.OFFICE, "11:B:8"), (Setting.HOSPITAL_OUTPATIENT, "13:A:8")])
def test_a_paid_claim_is_voided_in_a_batch_of_its_own(setting: str, clm05: str) -> None:
    world, claim = _paid(setting)
    first = SubmittedClaim.objects.get(claim=claim)
    batch = void_claim(claim, world.billing, "billed to the wrong patient")
    assert validate(batch.content) == ()
    (clm,) = _segments(batch.content, "CLM")
    assert (clm.split("*")[1], clm.split("*")[5]) == (f"{first.claim_id_sent}X", clm05)
    assert _segments(batch.content, "REF*F8") == [f"REF*F8*PCN{first.claim_id_sent[-4:]}"]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VOID
    assert claim.notes.get().text == f"Voided (sent as {first.claim_id_sent}X): billed to the wrong patient"
    with pytest.raises(VoidRefused, match=r"A claim that is void cannot be voided\."):
        void_claim(claim, world.billing, "again")


def test_a_claim_never_sent_cannot_be_voided() -> None:
    world = build_exchange(claims=1)
    claim = Claim.objects.get(pk=world.claims[0].pk)
    with pytest.raises(VoidRefused, match=r"A claim that is accepted by billing cannot be voided\."):
        void_claim(claim, world.billing, "never mind")


def test_the_claim_page_voids_by_post_with_a_reason() -> None:
    world, claim = _paid()
    client = Client()
    client.force_login(world.billing)
    page = client.get(reverse("billing:claim_detail", args=[claim.pk])).content.decode()
    assert reverse("billing:claim_void", args=[claim.pk]) in page
    missing = client.post(reverse("billing:claim_void", args=[claim.pk]), {"reason": " "})
    assert missing.status_code == 400
    done = client.post(reverse("billing:claim_void", args=[claim.pk]), {"reason": "duplicate claim"})
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VOID


# --- claim documents ----------------------------------------------------------------------------
@pytest.mark.parametrize(("setting", "name"), [(Setting.OFFICE, "cms1500"), (Setting.HOSPITAL_OUTPATIENT, "ub04")])
def test_the_claim_form_downloads_as_pdf_and_is_audited(setting: str, name: str) -> None:
    world = build_exchange(setting, claims=1)
    claim = world.claims[0]
    client = Client()
    client.force_login(world.billing)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = client.get(reverse("billing:claim_form", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="claim-{claim.pk}-{name}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 3


def test_the_fhir_bundle_downloads_with_the_claim_first() -> None:
    import json

    world = build_exchange(claims=1)
    claim = world.claims[0]
    client = Client()
    client.force_login(world.billing)
    response = client.get(reverse("billing:claim_fhir", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types[0] == "Claim"
    assert {"Patient", "Coverage", "Organization"} <= set(types)
    assert bundle["entry"][0]["resource"]["identifier"][0]["value"] == claim_id_sent(claim)


def test_another_facilitys_claim_form_is_not_found() -> None:
    world = build_exchange(claims=1)
    other = build_exchange(claims=1, hub=world.hub)
    client = Client()
    client.force_login(other.billing)
    for name in ("billing:claim_form", "billing:claim_fhir"):
        assert client.get(reverse(name, args=[world.claims[0].pk])).status_code == 404


def test_a_claim_form_without_trading_partner_settings_is_refused_by_name() -> None:
    world = build_exchange(claims=1)
    world.facility.trading_partner.delete()
    client = Client()
    client.force_login(world.billing)
    response = client.get(reverse("billing:claim_form", args=[world.claims[0].pk]))
    assert response.status_code == 409
    assert "has no trading-partner settings" in response.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in() -> None:
    world = build_exchange(claims=1)
    response = Client().get(reverse("billing:claim_form", args=[world.claims[0].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
