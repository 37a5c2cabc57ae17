"""The one writer of sessions: the entry form and the API record one session, an import records
many; nothing else creates or changes a ``Session`` row.

- :func:`record_session`: save one documented session (new or changed) as ``user`` — the audit
  log records the change field by field — then announce it (``sessions_recorded``: billing codes
  it in the same transaction) and return what the receivers answered (``"claim on hold"``).
- :func:`session_id_taken`: whether another session of the facility has the id (the form and
  the API refuse it before writing; the unique constraint is the last word).
- :func:`record_sessions`: write many in bulk (an import): derived fields set, rows inserted or
  updated set-based, one audit entry per session (changed fields named), ``sessions_changed``
  sent once; ``announce`` False when the caller codes them itself (the import, which is above
  billing and codes per chunk).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.models import Facility
from coolclaim.web.audit import acting_as, audit_bulk_create, audit_bulk_update
from coolclaim.web.bulk_rows import create_rows, update_rows
from coolclaim.web.clinic import signals
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.session_contract import CONTRACT_COLUMNS

#: Columns a bulk change writes (the contract's, where the session belongs, derived ones).
CHANGED_COLUMNS = (*CONTRACT_COLUMNS, "course", "coverage", "updated_at", "service_date", "documentation_incomplete")


#: The outcome shown when no receiver answered (no coding app connected).
NOT_CODED = "claim not coded"


def _announce(sessions: Sequence[Session], user: Any, reason: str) -> dict[int, str]:
    outcomes: dict[int, str] = {}
    responses = signals.sessions_recorded.send(sender=Session, sessions=list(sessions), user=user, reason=reason)
    for answer in signals.answers(responses):
        outcomes.update(answer)
    return outcomes


def session_id_taken(facility_id: int, session_id: str, exclude_pk: int | None = None) -> bool:
    return (
        Session.objects.filter(facility_id=facility_id, session_id=session_id)
        .exclude(pk=exclude_pk if exclude_pk is not None else 0)
        .exists()
    )


def record_session(session: Session, *, user: Any, reason: str, remote_addr: str | None = None) -> str:
    """Save ``session`` (new or changed) documented by ``user``, have it coded, and return the
    outcome in plain words (``"claim ready"``). A new session records ``user`` as its author."""
    with transaction.atomic(), acting_as(user, remote_addr):
        if session._state.adding and session.documented_by_id is None and getattr(user, "is_authenticated", False):
            session.documented_by = user
        session.save()
        outcomes = _announce([session], user, reason)
    return outcomes.get(session.pk, NOT_CODED)


def record_sessions(
    facility: Facility,
    new: Sequence[Session],
    changed: Sequence[tuple[Session, Sequence[str]]],
    *,
    actor: Any,
    reason: str = "",
    announce: bool = True,
) -> None:
    """Insert ``new`` and write ``changed`` (each with the names of its changed fields) of one
    facility, set-based; call inside the caller's transaction."""
    sessions = [*new, *(s for s, _ in changed)]
    for session in sessions:
        session.set_derived(facility.time_zone)  # the work queue's stored fields
    create_rows(list(new))
    update_rows([s for s, _ in changed], CHANGED_COLUMNS)
    audit_bulk_create(actor, new)
    audit_bulk_update(actor, [s for s, _ in changed], {s.pk: list(fields) for s, fields in changed})
    if sessions:
        signals.sessions_changed.send(sender=Session, session_ids=[s.pk for s in sessions])
        if announce:
            _announce(sessions, actor, reason)
