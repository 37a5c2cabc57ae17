"""Every status change a person makes to a claim, in one table: the action, the statuses it
starts from, the coded verdicts of the current version it needs, and the status it leads to.

Coding sets a claim's status from the engine's verdict (``services.code_sessions.claim_status_for``);
everything else goes through this table. A claim in a ``SUBMITTED_STATUSES`` status (or
whose current version is submitted) is frozen: no action applies, a correction is a new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from coolclaim.web.billing.choices import SUBMITTED_STATUSES, ClaimStatus, CodedStatus


class ClaimAction(StrEnum):
    ACCEPT = "accept"
    HOLD = "hold"
    #: Overriding the last blocking error edit releases an engine hold (the status is then the
    #: engine's verdict again: ready, or hold while another error is unresolved).
    RELEASE = "release"


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[str]
    #: ``None``: the status follows from the current version's edits (``claim_status_for``).
    target: str | None
    #: Coded verdicts of the current version that allow the action (empty: any).
    coded: frozenset[str] = frozenset()


TRANSITIONS: Mapping[ClaimAction, Transition] = MappingProxyType(
    {
        ClaimAction.ACCEPT: Transition(
            sources=frozenset({ClaimStatus.READY, ClaimStatus.HOLD, ClaimStatus.CORRECTION}),
            target=ClaimStatus.ACCEPTED,
            coded=frozenset({CodedStatus.READY, CodedStatus.HOLD}),
        ),
        ClaimAction.HOLD: Transition(
            sources=frozenset({ClaimStatus.READY, ClaimStatus.HOLD, ClaimStatus.ACCEPTED, ClaimStatus.CORRECTION}),
            target=ClaimStatus.HOLD,
        ),
        ClaimAction.RELEASE: Transition(
            sources=frozenset({ClaimStatus.HOLD, ClaimStatus.READY}),
            target=None,
        ),
    }
)


def is_frozen(status: str) -> bool:
    return status in SUBMITTED_STATUSES


def allows(action: ClaimAction, status: str, coded_status: str | None = None) -> bool:
    """Whether ``action`` applies to a claim in ``status`` whose current version is ``coded_status``."""
    transition = TRANSITIONS[action]
    if is_frozen(status) or status not in transition.sources:
        return False
    return not transition.coded or coded_status in transition.coded
