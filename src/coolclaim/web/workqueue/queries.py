"""The work queue as one scoped queryset of sessions, and the page's extra look-ups.

A session is in the queue when its claim is on hold, its documentation is incomplete, or it
has no claim yet. The page costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.models import ClaimEdit
from coolclaim.web.clinic.choices import DOCUMENTATION_FIELDS
from coolclaim.web.clinic.models import Session
from coolclaim.web.workqueue.filters import Kind

#: The stored flags (``Session.held``, ``documentation_incomplete``, ``uncoded``) are kept up to
#: date by the code that changes their inputs; ``needs_attention`` is their OR and selects the
#: small set the partial indexes ``session_queue_idx``/``session_queue_facility_idx`` hold.
ATTENTION = Q(needs_attention=True)
KIND_FILTERS = {
    Kind.HELD: Q(held=True),
    Kind.DOCUMENTATION: Q(documentation_incomplete=True),
    Kind.UNCODED: Q(uncoded=True),
}

#: Plain words for each missing piece of documentation.
MISSING_WORDS = {
    "order_verified": "order not verified",
    "contraindications_screened": "contraindications not screened",
    "tolerance_monitored": "tolerance not monitored",
    "scalp_assessed": "scalp not assessed",
    "device_serial": "device serial missing",
}

#: Columns the page shows (the rest of the session and patient rows stay in the database).
ROW_FIELDS = (
    "id",
    "session_id",
    "facility_id",
    "course_id",
    "service_date",
    "held",
    "documentation_incomplete",
    "uncoded",
    "device_serial",
    *DOCUMENTATION_FIELDS,
    "facility__name",
    "course__patient_id",
    "course__patient__family_name",
    "course__patient__given_name",
    "course__patient__mrn",
    "claim__id",
    "claim__session_id",
    "claim__current_version_id",
)


def _unresolved_edit(**filters: Any) -> Exists:
    return Exists(
        ClaimEdit.objects.filter(
            version_id=OuterRef("claim__current_version_id"), overridden_at__isnull=True, **filters
        )
    )


def is_plain(filters: dict[str, Any]) -> bool:
    """No filter beyond facility scoping: the page's total is the counts' total."""
    return not any(filters.get(name) for name in ("facility", "kind", "severity", "edit_code", "date_from", "date_to"))


def queue_queryset(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Session]:
    """Sessions needing attention, oldest date of service first (scoped to ``user``)."""
    filters = filters or {}
    qs = Session.objects.for_user(user).filter(ATTENTION)
    kind = filters.get("kind")
    if kind in KIND_FILTERS:
        qs = qs.filter(KIND_FILTERS[kind])
    if filters.get("facility") is not None:
        qs = qs.filter(facility_id=filters["facility"].pk)
    if filters.get("severity"):
        qs = qs.filter(_unresolved_edit(severity=filters["severity"]))
    if filters.get("edit_code"):
        qs = qs.filter(_unresolved_edit(code=filters["edit_code"]))
    if filters.get("date_from"):
        qs = qs.filter(service_date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(service_date__lte=filters["date_to"])
    return qs.select_related("facility", "course__patient", "claim").only(*ROW_FIELDS).order_by("service_date", "pk")


def queue_counts(user: Any) -> dict[str, int]:
    """How many sessions of each kind, and in all (one query over the indexed attention set)."""
    counts = (
        Session.objects.for_user(user)
        .filter(ATTENTION)
        .aggregate(
            held=Count("pk", filter=Q(held=True)),
            documentation=Count("pk", filter=Q(documentation_incomplete=True)),
            uncoded=Count("pk", filter=Q(uncoded=True)),
            total=Count("pk"),
        )
    )
    return {key: int(value or 0) for key, value in counts.items()}


def blocking_edits(user: Any, sessions: Sequence[Session]) -> dict[int, list[ClaimEdit]]:
    """Unresolved error edits of the current versions of the sessions' claims (one query)."""
    version_ids = []
    for session in sessions:
        claim = getattr(session, "claim", None)
        if claim is not None and claim.current_version_id is not None:
            version_ids.append(claim.current_version_id)
    result: dict[int, list[ClaimEdit]] = defaultdict(list)
    if not version_ids:
        return result
    for edit in ClaimEdit.objects.for_user(user).filter(
        version_id__in=version_ids, severity=Severity.ERROR, overridden_at__isnull=True
    ):
        result[edit.version_id].append(edit)
    return result


def missing_documentation(session: Session) -> list[str]:
    missing = [MISSING_WORDS[name] for name in DOCUMENTATION_FIELDS if not getattr(session, name)]
    if not session.device_serial:
        missing.append(MISSING_WORDS["device_serial"])
    return missing
