"""The one writer of sessions: the entry form and the API record one session, an import records
many; nothing else creates or changes a ``Session`` row.

- :func:`record_session`: save one documented session (new or changed) as ``user`` — the audit
  log records the change field by field — then announce it (``sessions_recorded``: billing codes
  it in the same transaction).
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


def _announce(sessions: Sequence[Session], user: Any, reason: str) -> None:
    recorded = getattr(signals, "sessions_recorded", None)
    if recorded is not None:
        recorded.send(sender=Session, sessions=list(sessions), user=user, reason=reason)


def record_session(session: Session, *, user: Any, reason: str, remote_addr: str | None = None) -> Session:
    """Save ``session`` (new or changed) documented by ``user`` and have it coded."""
    with transaction.atomic(), acting_as(user, remote_addr):
        if session._state.adding and session.documented_by_id is None and getattr(user, "is_authenticated", False):
            session.documented_by = user
        session.save()
        _announce([session], user, reason)
    return session


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
