"""The work queue's table: one row of plain data per queue item (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils import timezone

from coolclaim.coding.documentation import incomplete_edit
from coolclaim.web import plain_reads
from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimNote
from coolclaim.web.billing.services.send_back_claim import SENT_BACK_PREFIX, sent_back_reason_of
from coolclaim.web.billing.tables import PayerKey, payers_and_amounts
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.templatetags.workbench import aging_band, days_since
from coolclaim.web.hub.choices import WaitingOn
from coolclaim.web.hub.tables import DEADLINE_LABELS, STATE_LABELS
from coolclaim.web.queue.models import HubItem
from coolclaim.web.queue.services.badge_counts import badge_counts
from coolclaim.web.queue.tables.page_rows import RowClaim, RowItem, RowPatient, RowSession

_SLOT = 987654321  # stands for the id in a URL reversed once per page


class BlockingEdit(NamedTuple):
    """An unresolved error edit of a held claim, as the queue shows it."""

    version_id: int
    code: str
    message: str


def blocking_edits(user: Any, claims: Sequence[Claim | RowClaim]) -> dict[int, list[BlockingEdit]]:
    """Unresolved error edits of the current versions of ``claims`` (one plain statement). The
    claims come from the user's scoped queue items; their edits are read by version, as a
    prefetch would (scoping them again would join version, claim and facility for nothing)."""
    version_ids = [claim.current_version_id for claim in claims if claim.current_version_id is not None]
    result: dict[int, list[BlockingEdit]] = defaultdict(list)
    if not version_ids:
        return result
    rows = plain_reads.read(
        ClaimEdit,
        "SELECT {version_id}, {code}, {message} FROM {table} WHERE {version_id} IN ({ids})"
        " AND {severity} = %s AND {overridden_at} IS NULL ORDER BY {version_id}, {position}",
        [*version_ids, Severity.ERROR.value],
        ids=plain_reads.marks(version_ids),
    )
    for version_id, code, message in rows:
        result[version_id].append(BlockingEdit(version_id, code, message))
    return result


def sent_back_reasons(user: Any, held: Sequence[int]) -> dict[int, str]:
    """Per held claim (ids, of the user's scoped queue items) that billing sent back to the
    nurse: the latest reason (one plain statement, none when the page has no held claim)."""
    reasons: dict[int, str] = {}
    if not held:
        return reasons
    # The claims come from the user's scoped queue items: their notes are read by claim, as a
    # prefetch would (scoping them again would join claim and facility for nothing).
    rows = plain_reads.read(
        ClaimNote,
        "SELECT {claim_id}, {text} FROM {table} WHERE {claim_id} IN ({ids}) AND {text} LIKE %s ESCAPE '\\'"
        " ORDER BY {claim_id}, {created_at} DESC, {id} DESC",
        [*held, plain_reads.like_prefix(SENT_BACK_PREFIX, ClaimNote)],
        ids=plain_reads.marks(held),
    )
    for claim_id, text in rows:
        reasons.setdefault(claim_id, sent_back_reason_of(text))
    return reasons


def missing_documentation(session: Session | RowSession) -> str:
    """What the claim's ``DOCUMENTATION_INCOMPLETE`` edit says of this session, in the edit
    catalogue's words ('' when its documentation is complete)."""
    from coolclaim import bootstrap

    edit = incomplete_edit(
        bootstrap.refdata().edits, session.order_verified, session.contraindications_screened, session.device_serial
    )
    return edit.message if edit is not None else ""


class QueueTable:
    """The rows of one page of queue items, and what the page read (for the audit log)."""

    def __init__(self, user: Any, items: Sequence[RowItem], today: dt.date) -> None:
        """``items``: the page's rows (:func:`~coolclaim.web.queue.tables.page_rows.page_rows`)."""
        self.sessions: list[RowSession] = [item.session for item in items]
        patients: dict[int, RowPatient] = {}
        self.claims: list[RowClaim] = []
        for item in items:
            patients.setdefault(item.patient.pk, item.patient)
            if item.claim is not None:
                self.claims.append(item.claim)
        self.patients = list(patients.values())
        edits = blocking_edits(user, self.claims)
        sent_back = sent_back_reasons(user, [item.claim.pk for item in items if item.held and item.claim is not None])
        # Payer and amount for the page's rows alone (two small queries, not subqueries per row).
        keys = [
            PayerKey(
                item.session.coverage_id,
                item.patient.pk,
                item.service_date,
                item.claim.current_version_id if item.claim is not None else None,
            )
            for item in items
        ]
        for item, (payer, amount) in zip(items, payers_and_amounts(keys), strict=True):
            item.payer_name, item.amount = payer, amount
        # One reverse() per page, not three per row: the id is put into each URL below.
        patient_url = reverse("clinic:patient_detail", args=[_SLOT])
        claim_url = reverse("billing:claim_detail", args=[_SLOT])
        session_url = reverse("clinic:session_edit", args=[_SLOT])
        self.rows: list[dict[str, Any]] = []
        for item in items:
            session, claim = item.session, item.claim
            days = days_since(item.service_date, today)
            css, label = aging_band(days)
            # what holds the claim (shown with a held claim only)
            version_id = claim.current_version_id if item.held and claim is not None else None
            row_edits = edits.get(version_id, []) if version_id is not None else []
            missing = missing_documentation(session)
            self.rows.append(
                {
                    "item": item,
                    "session": session,
                    "patient": item.patient,
                    "claim": claim,
                    "patient_url": patient_url.replace(str(_SLOT), str(item.patient.pk), 1),
                    "claim_url": claim_url.replace(str(_SLOT), str(claim.pk), 1) if claim is not None else "",
                    "session_url": session_url.replace(str(_SLOT), str(session.pk), 1),
                    "edits": row_edits,
                    # said once: not again when the held claim's edit already says it
                    "missing": "" if any(edit.message == missing for edit in row_edits) else missing,
                    "sent_back": sent_back.get(claim.pk, "") if claim is not None else "",
                    "age": {"days": days, "css": css, "label": label},
                }
            )


@dataclass(frozen=True)
class HubSummary:
    """The open hub cases of the user's facilities: counts and the most pressing few."""

    open: int
    overdue: int
    items: list[HubItem]
    today: dt.date

    @property
    def read(self) -> list[Any]:
        return [obj for item in self.items for obj in (item.case, item.case.patient)]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": i,
                "days_left": (i.first_infusion_date - self.today).days,
                "state_label": STATE_LABELS.get(i.state, i.state),
                "due_label": DEADLINE_LABELS.get(i.due_kind, i.due_kind),
                "waiting_label": WaitingOn(i.waiting_on).label if i.waiting_on in WaitingOn.values else i.waiting_on,
            }
            for i in self.items
        ]


#: How many hub cases the work queue lists (the hub's own queue lists them all).
HUB_ITEMS_SHOWN = 10


def hub_summary(user: Any, counts: dict[str, int] | None = None) -> HubSummary:
    """The counts (the badge counts: ``counts`` when already read) and the first items, overdue
    first, then soonest first infusion (one query when there are open cases, none otherwise)."""
    counts = counts if counts is not None else badge_counts(user)
    shown: list[HubItem] = []
    if counts["hub_open"]:
        shown = list(
            HubItem.objects.for_user(user)
            .select_related("case__patient", "facility")
            .order_by("-overdue", "first_infusion_date", "case_id")[:HUB_ITEMS_SHOWN]
        )
    return HubSummary(counts["hub_open"], counts["hub_overdue"], shown, timezone.localdate())
