"""Each review action refuses, with its plain reason, what the claim's state does not allow;
nothing changes when it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.choices import ClaimStatus, Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimNote
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.billing.services.review_claim import ReviewRefused

from .. import factories as f

pytestmark = pytest.mark.django_db


def _claim(**session: Any) -> tuple[Claim, Any]:
    facility = f.facility(f.hub(), state="PA")
    patient = f.patient(facility)
    f.coverage(patient)
    made = f.session(f.course(patient), **session)
    code_sessions([made])
    return Claim.objects.select_related("current_version").get(session=made), f.user(Role.BILLING, facility)


def _status(claim: Claim, status: str) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(status=status)
    return Claim.objects.select_related("current_version").get(pk=claim.pk)


SUBMITTED = "This claim has been submitted: it cannot change. Correct it with a new version."


@pytest.mark.parametrize("status", [ClaimStatus.SUBMITTED, ClaimStatus.PAID, ClaimStatus.DENIED])
def test_a_submitted_claim_refuses_accept_hold_and_override(status: str) -> None:
    claim, user = _claim(em_code="99214", em_separately_identifiable=False)
    claim = _status(claim, status)
    edit = ClaimEdit.objects.get(version_id=claim.current_version_id, severity=Severity.ERROR)
    with pytest.raises(ReviewRefused, match=f"^{SUBMITTED}$"):
        review.accept(claim, user)
    with pytest.raises(ReviewRefused, match=f"^{SUBMITTED}$"):
        review.hold(claim, user, "n")
    with pytest.raises(ReviewRefused, match=f"^{SUBMITTED}$"):
        review.override(claim, edit, user, "r")
    assert Claim.objects.get(pk=claim.pk).status == status
    assert ClaimEdit.objects.get(pk=edit.pk).overridden_at is None
    assert ClaimNote.objects.count() == 0


def test_a_claim_whose_current_version_is_submitted_is_frozen_whatever_its_status() -> None:
    claim, user = _claim()
    assert claim.status == ClaimStatus.READY
    assert claim.current_version is not None
    claim.current_version.submit(user)
    with pytest.raises(ReviewRefused, match=f"^{SUBMITTED}$"):
        review.accept(claim, user)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.READY


@pytest.mark.parametrize(
    ("status", "shown"),
    [(ClaimStatus.ACCEPTED, "accepted by billing"), (ClaimStatus.SELF_PAY, "self-pay"),
     (ClaimStatus.REJECTED, "record rejected")],
)  # fmt: skip
def test_accept_is_refused_from_a_status_it_does_not_start_from(status: str, shown: str) -> None:
    claim, user = _claim()
    claim = _status(claim, status)
    with pytest.raises(ReviewRefused, match=f"^A claim that is {shown} cannot be accepted.$"):
        review.accept(claim, user)
    assert Claim.objects.get(pk=claim.pk).status == status


def test_accept_is_refused_while_an_error_edit_blocks() -> None:
    claim, user = _claim(em_code="99214", em_separately_identifiable=False)
    assert claim.status == ClaimStatus.HOLD
    with pytest.raises(ReviewRefused, match=r"^Resolve or override the error edits first: EM_NOT_SEPARATE\.$"):
        review.accept(claim, user)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.HOLD


@pytest.mark.parametrize(
    ("status", "shown"), [(ClaimStatus.SELF_PAY, "self-pay"), (ClaimStatus.REJECTED, "record rejected")]
)
def test_hold_is_refused_from_a_status_it_does_not_start_from(status: str, shown: str) -> None:
    claim, user = _claim()
    claim = _status(claim, status)
    with pytest.raises(ReviewRefused, match=f"^A claim that is {shown} cannot be put on hold.$"):
        review.hold(claim, user, "waiting")
    assert ClaimNote.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_note_is_refused(text: str) -> None:
    claim, user = _claim()
    with pytest.raises(ReviewRefused, match=r"^A note needs some text\.$"):
        review.add_note(claim, user, text)
    assert ClaimNote.objects.count() == 0


def test_override_of_an_edit_of_an_earlier_version_is_refused() -> None:
    claim, user = _claim(em_code="99214", em_separately_identifiable=False)
    old = ClaimEdit.objects.get(version_id=claim.current_version_id, severity=Severity.ERROR)
    other, _ = _claim(em_code="99214", em_separately_identifiable=False)
    foreign = ClaimEdit.objects.get(version_id=other.current_version_id, severity=Severity.ERROR)
    with pytest.raises(ReviewRefused, match=r"^This edit belongs to an earlier version of the claim\.$"):
        review.override(claim, foreign, user, "r")
    assert ClaimEdit.objects.get(pk=foreign.pk).overridden_at is None
    review.override(claim, old, user, "reviewed")
    with pytest.raises(ReviewRefused, match=r"^This edit is already overridden\.$"):
        review.override(claim, ClaimEdit.objects.get(pk=old.pk), user, "again")
    assert ClaimEdit.objects.get(pk=old.pk).override_reason == "reviewed"
