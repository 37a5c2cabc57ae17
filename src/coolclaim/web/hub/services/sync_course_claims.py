"""Bring the claims of a case's course in line with its authorizations: recode (through
billing's one claim store, which asks the hub for its addenda) the sessions whose current
version carries other hub edits than the hub now wants, and write the prior authorization
number onto the others. Run when an authorization changes and when claims of the course change
(a session saved or coded: its units may push later sessions beyond the authorized units).
Submitted versions are never touched: only their claim's number is brought up to date."""

from __future__ import annotations

import contextvars
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from coolclaim.web.billing.models import Claim, ClaimEdit
from coolclaim.web.billing.services.store_coded import NO_PAYER_EDITS
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.claim_addenda import HUB_CODES, verdict

#: Cases being synchronized in this context: the recoding a sync does sends ``claims_changed``,
#: which must not start the same sync again.
_syncing: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar("hub_syncing", default=frozenset())


def is_syncing(case_pk: int) -> bool:
    """The case's claims are being synchronized in this context (its recoding is under way)."""
    return case_pk in _syncing.get()


@dataclass(frozen=True)
class SyncSummary:
    recoded: int = 0
    numbered: int = 0


def sync_course_claims(
    case: Case, *, user: Any = None, reason: str = "hub: prior authorization changed"
) -> SyncSummary:
    """Recode the course's stale claims and number the rest; returns what it did."""
    if case.course_id is None or case.pk in _syncing.get():
        return SyncSummary()
    token = _syncing.set(_syncing.get() | {case.pk})
    try:
        return _sync(case, user, reason)
    finally:
        _syncing.reset(token)


def _sync(case: Case, user: Any, reason: str) -> SyncSummary:
    from coolclaim.web.billing.services.code_sessions import code_sessions
    from coolclaim.web.clinic.models import Session

    course_id = case.course_id
    assert course_id is not None
    wanted = verdict(case).addenda
    claims = list(
        Claim.objects.filter(session__course_id=course_id)
        .select_related("current_version")
        .only(
            "pk",
            "session_id",
            "prior_authorization_number",
            "current_version__id",
            "current_version__submitted_at",
            "current_version__coded_status",
        )
    )
    stored: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    for version_id, code, severity, message, source in (
        ClaimEdit.objects.filter(version_id__in=[c.current_version_id for c in claims], code__in=HUB_CODES)
        .order_by("version_id", "position")
        .values_list("version_id", "code", "severity", "message", "source")
    ):
        stored[version_id].append((code, severity, message, source))
    stale: list[int] = []
    numbers: dict[str, list[int]] = defaultdict(list)
    for claim in claims:
        addendum = wanted.get(claim.session_id)
        version = claim.current_version
        if addendum is None:
            continue
        editable = version is not None and not version.is_submitted
        want = list(addendum.edits) if version is not None and version.coded_status not in NO_PAYER_EDITS else []
        if editable and version is not None and want != stored[version.pk]:
            stale.append(claim.session_id)
        elif (
            addendum.prior_authorization_number is not None
            and claim.prior_authorization_number != addendum.prior_authorization_number
        ):
            numbers[addendum.prior_authorization_number].append(claim.pk)
    for number, claim_ids in sorted(numbers.items()):
        Claim.objects.filter(pk__in=claim_ids).update(prior_authorization_number=number)
    if stale:
        code_sessions(Session.objects.filter(pk__in=stale), user=user, reason=reason)
    return SyncSummary(recoded=len(stale), numbered=sum(len(ids) for ids in numbers.values()))
