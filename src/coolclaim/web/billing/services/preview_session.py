"""The live coding preview of the session entry form: code an unsaved session with the coding
core, store nothing (asked for by the clinic's ``session_preview_requested`` signal)."""

from __future__ import annotations

from typing import Any

from coolclaim.web.billing.services.code_sessions import course_histories
from coolclaim.web.clinic.models import Coverage, Session
from coolclaim.web.clinic.services.session_contract import session_record


def preview_session(session: Session, coverages: list[Coverage]) -> dict[str, Any]:
    """The coded-session result for ``session`` (which may be unsaved), with the course's
    earlier sessions as history, exactly as :func:`code_sessions` would code it."""
    from coolclaim import bootstrap
    from coolclaim.coding.contract_json import as_contract

    record = session_record(session, coverages)
    history = course_histories([session])
    return as_contract(bootstrap.engine().code_batch([record], history)[0])
