"""A 999 that accepts some transaction sets of a batch and rejects others (AK9 P, IK5 per set)
attaches each verdict to the claims of its set; rejected claims go back to the work queue with
the segment, position and element of the error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.billing.models import AckStatus, SubmissionBatch, SubmittedClaim
from coolclaim.web.billing.services.attach_acknowledgment import attach_acknowledgment
from coolclaim.web.billing.services.submit_claims import submit_claims
from coolclaim.web.queue.models import QueueItem
from coolclaim.x12 import loops_837
from coolclaim.x12.loops_837 import claims_by_transaction

from .exchange_world import Exchange, ack_999, build_exchange

pytestmark = pytest.mark.django_db


def _two_sets(monkeypatch: pytest.MonkeyPatch) -> tuple[Exchange, SubmissionBatch, dict[str, str]]:
    monkeypatch.setattr(loops_837, "MAX_CLAIMS_PER_TRANSACTION", 1)
    world = build_exchange(claims=2)
    batch = submit_claims(world.facility, world.billing).batch
    assert batch is not None
    sets = claims_by_transaction(batch.content)
    assert sorted(sets.values()) == ["0001", "0002"]
    return world, batch, sets


def test_a_partly_accepted_batch_rejects_only_the_claims_of_the_rejected_set(monkeypatch: pytest.MonkeyPatch) -> None:
    world, batch, sets = _two_sets(monkeypatch)
    result = attach_acknowledgment(ack_999(batch.group_control, [("0001", "A"), ("0002", "R")], "P"), world.billing)
    assert (result.accepted_claims, result.rejected_claims) == (1, 1)
    batch.refresh_from_db()
    assert batch.ack_status == AckStatus.PARTIAL
    by_set = {sets[s.claim_id_sent]: s for s in SubmittedClaim.objects.filter(batch=batch).select_related("claim")}
    assert by_set["0001"].ack_status == AckStatus.ACCEPTED
    assert by_set["0001"].ack_reasons == [
        "transaction set 0001 accepted (partially accepted: some transaction sets were rejected)"
    ]
    rejected = by_set["0002"]
    assert rejected.ack_status == AckStatus.REJECTED
    assert rejected.ack_reasons == [
        "partially accepted: some transaction sets were rejected",
        "transaction set 0002 rejected, syntax error 5",
        "CLM at position 21 (loop 2300): segment has data element errors; element CLM05-1: invalid code value"
        " (transaction set 0002)",
    ]
    queued = set(QueueItem.objects.filter(denied=True).values_list("session_id", flat=True))
    assert queued == {rejected.claim.session_id}


def test_a_rejected_group_rejects_every_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    world, batch, _sets = _two_sets(monkeypatch)
    result = attach_acknowledgment(ack_999(batch.group_control, [("0001", "R"), ("0002", "R")], "R"), world.billing)
    assert (result.accepted_claims, result.rejected_claims) == (0, 2)
    assert set(SubmittedClaim.objects.values_list("ack_status", flat=True)) == {AckStatus.REJECTED}
    assert QueueItem.objects.filter(denied=True).count() == 2


def test_an_accepted_group_accepts_every_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    world, batch, _sets = _two_sets(monkeypatch)
    result = attach_acknowledgment(ack_999(batch.group_control, [("0001", "A"), ("0002", "E")], "A"), world.billing)
    assert (result.accepted_claims, result.rejected_claims) == (2, 0)
    assert set(SubmittedClaim.objects.values_list("ack_status", flat=True)) == {AckStatus.ACCEPTED}
    assert QueueItem.objects.filter(denied=True).count() == 0


def test_the_claim_page_shows_the_rejection_with_its_position(monkeypatch: pytest.MonkeyPatch) -> None:
    world, batch, sets = _two_sets(monkeypatch)
    client = Client()
    client.force_login(world.billing)
    response = client.post(
        reverse("billing:remittances"),
        {"file": _upload(ack_999(batch.group_control, [("0001", "A"), ("0002", "R")], "P"))},
    )
    assert response.status_code == 200
    (rejected,) = [s for s in SubmittedClaim.objects.filter(batch=batch) if sets[s.claim_id_sent] == "0002"]
    page = client.get(reverse("billing:claim_detail", args=[rejected.claim_id])).content.decode()
    assert "CLM at position 21 (loop 2300): segment has data element errors" in page


def _upload(data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ack.999", data, content_type="text/plain")
