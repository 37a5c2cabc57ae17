"""After anything that changes what the course is authorized for (benefits found, a PA or
appeal decided, a re-authorization recorded): the claims of the course brought in line, then the
case's attention (and so its queue items)."""

from __future__ import annotations

from typing import Any

from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.attention import refresh_attention
from coolclaim.web.hub.services.sync_course_claims import SyncSummary, sync_course_claims


def authorization_changed(case: Case, *, actor: Any, reason: str) -> SyncSummary:
    summary = sync_course_claims(case, user=actor, reason=reason)
    refresh_attention(case)
    return summary
