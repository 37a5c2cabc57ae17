"""Payments an 835 kept for review: listed with their match score; a biller assigns one to a
claim line (posted then, audited, once) or dismisses it with a reason; nothing half-done."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, ClaimLine, LinePayment, Resolution, UnmatchedPayment
from coolclaim.web.billing.services import review_payment
from coolclaim.web.billing.services.post_remittance import post_remittance

from ... import remittance_factories as remits
from .. import factories as f
from .exchange_world import Exchange, build_exchange, submitted

pytestmark = pytest.mark.django_db


def _kept() -> tuple[Exchange, Claim, list[UnmatchedPayment]]:
    """A remittance paying our first claim under a claim id we never sent."""
    world = build_exchange(claims=1)
    _batch, sent = submitted(world)
    stranger = replace(sent[0], claim_id="C999999V1")
    paid = remits.remittance(
        (remits.claim_payment(stranger, tuple(remits.paid_line(stranger, ln) for ln in stranger.lines)),),
    )
    text = remits.write(replace(paid, payee_npi=world.facility.npi))
    result = post_remittance(text.encode(), "stranger.835", world.billing)
    assert result.exit_code == 1
    kept = list(UnmatchedPayment.objects.order_by("position"))
    assert len(kept) == len(stranger.lines)
    return world, Claim.objects.get(pk=world.claims[0].pk), kept


def test_a_kept_payment_carries_what_posting_it_needs() -> None:
    _world, claim, kept = _kept()
    first = kept[0]
    line = ClaimLine.objects.get(version_id=claim.current_version_id, position=1)
    assert (first.code, first.best_score, first.resolved) == (line.code, None, False)
    assert first.paid > Decimal(0)
    best = review_payment.candidates(first)[0]
    assert best.line == line
    assert best.score == 100 - 40  # all but the claim id


def test_assigning_posts_the_payment_once_and_marks_the_claim_paid() -> None:
    world, claim, kept = _kept()
    line = ClaimLine.objects.get(version_id=claim.current_version_id, position=1)
    before = LogEntry.objects.count()
    posted = review_payment.assign(kept[0], line.pk, world.billing, "payer keyed the claim id wrongly")
    assert (posted.line_id, posted.paid, posted.score) == (line.pk, kept[0].paid, 0)
    assert posted.match_reasons == ["placed by hand (best automatic score 60): payer keyed the claim id wrongly"]
    kept[0].refresh_from_db()
    assert (kept[0].resolved, kept[0].resolution, kept[0].payment_id) == (True, Resolution.ASSIGNED, posted.pk)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert LogEntry.objects.count() > before
    with pytest.raises(review_payment.ReviewRefused, match="already been resolved"):
        review_payment.assign(kept[0], line.pk, world.billing, "again")
    assert LinePayment.objects.count() == 1


def test_a_line_that_is_no_candidate_is_refused_and_nothing_changes() -> None:
    world, _claim, kept = _kept()
    other = build_exchange(claims=1, hub=world.hub)
    foreign = ClaimLine.objects.filter(version__claim=other.claims[0]).first()
    assert foreign is not None
    with pytest.raises(review_payment.ReviewRefused, match="not one this payment can be put on"):
        review_payment.assign(kept[0], foreign.pk, world.billing, "wrong facility")
    kept[0].refresh_from_db()
    assert (kept[0].resolved, LinePayment.objects.count()) == (False, 0)


def test_dismissing_needs_a_reason() -> None:
    world, _claim, kept = _kept()
    with pytest.raises(review_payment.ReviewRefused, match="A reason is required"):
        review_payment.dismiss(kept[0], world.billing, "  ")
    review_payment.dismiss(kept[0], world.billing, "duplicate of a paper check")
    kept[0].refresh_from_db()
    assert (kept[0].resolution, kept[0].resolution_note) == (Resolution.DISMISSED, "duplicate of a paper check")


def test_the_review_page_lists_scores_and_resolves_by_post() -> None:
    world, claim, kept = _kept()
    client = Client()
    client.force_login(world.billing)
    page = client.get(reverse("billing:payment_review"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="kept-{kept[0].pk}"' in text
    assert "(score 60)" in text
    line = ClaimLine.objects.get(version_id=claim.current_version_id, position=1)
    url = reverse("billing:payment_resolve", args=[kept[0].pk])
    missing = client.post(url, {f"p{kept[0].pk}-line": str(line.pk), "action": "assign"})
    assert missing.status_code == 400
    assert "Reason: This field is required." in missing.content.decode()
    done = client.post(url, {f"p{kept[0].pk}-line": str(line.pk), f"p{kept[0].pk}-reason": "typo", "action": "assign"})
    assert done.status_code == 302
    assert LinePayment.objects.filter(line=line).count() == 1
    again = client.post(url, {f"p{kept[0].pk}-line": str(line.pk), f"p{kept[0].pk}-reason": "typo", "action": "assign"})
    assert again.status_code == 409


def test_a_nurse_cannot_review_and_another_facility_does_not_see_it() -> None:
    world, _claim, kept = _kept()
    nurse = f.user(Role.NURSE, world.facility)
    client = Client()
    client.force_login(nurse)
    assert client.get(reverse("billing:payment_review")).status_code == 403
    other = build_exchange(claims=1, hub=world.hub)
    client.force_login(other.billing)
    url = reverse("billing:payment_resolve", args=[kept[0].pk])
    assert client.post(url, {f"p{kept[0].pk}-reason": "x", "action": "dismiss"}).status_code == 404


def test_a_low_score_match_is_listed_and_confirmed_with_a_reason() -> None:
    world = build_exchange(claims=1)
    _batch, sent = submitted(world)
    post_remittance(remits.write(remits.demo_remittance(sent)).encode(), "demo.835", world.billing)
    low = LinePayment.objects.order_by("pk").first()
    assert low is not None
    LinePayment.objects.filter(pk=low.pk).update(needs_review=True, score=85)
    client = Client()
    client.force_login(world.billing)
    page = client.get(reverse("billing:payment_review")).content.decode()
    assert reverse("billing:payment_confirm", args=[low.pk]) in page
    url = reverse("billing:payment_confirm", args=[low.pk])
    assert client.post(url, {"reason": " "}).status_code == 409
    assert client.post(url, {"reason": "modifier order only"}).status_code == 302
    low.refresh_from_db()
    assert low.needs_review is False
    assert low.match_reasons[-1] == f"confirmed by {world.billing.username}: modifier order only"
    assert client.post(url, {"reason": "again"}).status_code == 409
    other = build_exchange(claims=1, hub=world.hub)
    client.force_login(other.billing)
    assert client.post(url, {"reason": "not mine"}).status_code == 404
