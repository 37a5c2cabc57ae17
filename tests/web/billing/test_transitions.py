"""The claim transition table: which review action applies from which status, exactly."""

from __future__ import annotations

import pytest

from coolclaim.web.billing.choices import SUBMITTED_STATUSES, ClaimStatus, CodedStatus
from coolclaim.web.billing.transitions import TRANSITIONS, ClaimAction, allows, is_frozen

ALLOWED_FROM = {
    # A correction of a submitted claim is reviewed like a new claim: accepted (then sent as
    # a replacement) or held.
    ClaimAction.ACCEPT: {ClaimStatus.READY, ClaimStatus.HOLD, ClaimStatus.CORRECTION},
    ClaimAction.HOLD: {ClaimStatus.READY, ClaimStatus.HOLD, ClaimStatus.ACCEPTED, ClaimStatus.CORRECTION},
    ClaimAction.RELEASE: {ClaimStatus.HOLD, ClaimStatus.READY},
}


@pytest.mark.parametrize("action", list(ClaimAction))
def test_each_action_applies_from_exactly_its_statuses(action: ClaimAction) -> None:
    coded = CodedStatus.READY
    assert {status for status in ClaimStatus if allows(action, status, coded)} == ALLOWED_FROM[action]


def test_accept_needs_a_ready_or_held_verdict() -> None:
    assert {c for c in CodedStatus if allows(ClaimAction.ACCEPT, ClaimStatus.HOLD, c)} == {
        CodedStatus.READY,
        CodedStatus.HOLD,
    }
    assert allows(ClaimAction.HOLD, ClaimStatus.READY, CodedStatus.REJECTED) is True


def test_targets_and_frozen_statuses() -> None:
    assert {action: t.target for action, t in TRANSITIONS.items()} == {
        ClaimAction.ACCEPT: ClaimStatus.ACCEPTED,
        ClaimAction.HOLD: ClaimStatus.HOLD,
        ClaimAction.RELEASE: None,
    }
    assert (
        {s for s in ClaimStatus if is_frozen(s)}
        == set(SUBMITTED_STATUSES)
        == {
            ClaimStatus.SUBMITTED,
            ClaimStatus.PAID,
            ClaimStatus.DENIED,
            ClaimStatus.VOID,
        }
    )
