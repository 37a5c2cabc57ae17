"""The work queue as one scoped queryset of sessions, and the page's extra look-ups.

A session is in the queue when its claim is on hold, its documentation is incomplete, or it
has no claim yet. The page costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Case, Count, DateField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate

from coolclaim.web.billing.choices import ClaimStatus, Severity
from coolclaim.web.billing.models import ClaimEdit
from coolclaim.web.clinic.choices import DOCUMENTATION_FIELDS
from coolclaim.web.clinic.models import Session
from coolclaim.web.workqueue.filters import Kind

HELD = Q(claim__status=ClaimStatus.HOLD)
UNCODED = Q(claim__isnull=True)
DOCS_INCOMPLETE = Q(device_serial="")
for _name in DOCUMENTATION_FIELDS:
    DOCS_INCOMPLETE |= Q(**{_name: False})

KIND_FILTERS = {Kind.HELD: HELD, Kind.DOCUMENTATION: DOCS_INCOMPLETE, Kind.UNCODED: UNCODED}

#: Plain words for each missing piece of documentation.
MISSING_WORDS = {
    "order_verified": "order not verified",
    "contraindications_screened": "contraindications not screened",
    "tolerance_monitored": "tolerance not monitored",
    "scalp_assessed": "scalp not assessed",
    "device_serial": "device serial missing",
}


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _unresolved_edit(**filters: Any) -> Exists:
    return Exists(
        ClaimEdit.objects.filter(
            version_id=OuterRef("claim__current_version_id"), overridden_at__isnull=True, **filters
        )
    )


def queue_queryset(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Session]:
    """Sessions needing attention, oldest date of service first (scoped to ``user``)."""
    filters = filters or {}
    qs = Session.objects.for_user(user).annotate(
        service_date=Coalesce(
            F("claim__date_of_service"), TruncDate("cooling_start"), F("course__start_date"), output_field=DateField()
        ),
        is_held=_flag(HELD),
        is_uncoded=_flag(UNCODED),
        docs_incomplete=_flag(DOCS_INCOMPLETE),
    )
    kind = filters.get("kind")
    qs = qs.filter(KIND_FILTERS[kind]) if kind in KIND_FILTERS else qs.filter(HELD | UNCODED | DOCS_INCOMPLETE)
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
    return qs.select_related("facility", "course__patient", "claim").order_by("service_date", "pk")


def queue_counts(user: Any) -> dict[str, int]:
    """How many sessions of each kind (one query)."""
    counts = Session.objects.for_user(user).aggregate(
        held=Count("pk", filter=HELD),
        documentation=Count("pk", filter=DOCS_INCOMPLETE),
        uncoded=Count("pk", filter=UNCODED),
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
