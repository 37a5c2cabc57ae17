"""Bring the queue items of some sessions up to date with their session and claim."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q

from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session
from coolclaim.web.queue.models import QueueItem

#: Ids per statement (SQLite limits the number of parameters of one statement).
CHUNK = 5000
_FIELDS = ["facility", "service_date", "held", "documentation_incomplete", "uncoded", "denied", "correction"]
#: A claim the payer denied (whole, or lines of it) or rejected in an acknowledgment of its current version.
_PAYER_REFUSED = (
    Q(status=ClaimStatus.DENIED)
    | Q(line_payments__denied=True)
    | Q(submissions__ack_status="rejected", submissions__version=F("current_version"))
)


def refresh_items(session_ids: Iterable[int]) -> int:
    """Recompute the items of ``session_ids`` in three statements per chunk (read, delete the
    ones no longer needed, upsert the others); returns how many of the sessions need attention."""
    ids = sorted(set(session_ids))
    needing = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        claims = Claim.objects.filter(session_id=OuterRef("pk"))
        rows = list(
            Session.objects.filter(pk__in=chunk)
            .annotate(
                is_held=Exists(claims.filter(status=ClaimStatus.HOLD)),
                is_coded=Exists(claims),
                is_denied=Exists(claims.filter(_PAYER_REFUSED)),
                is_correction=Exists(claims.filter(status=ClaimStatus.CORRECTION)),
            )
            .values_list(
                "pk",
                "facility_id",
                "service_date",
                "documentation_incomplete",
                "is_held",
                "is_coded",
                "is_denied",
                "is_correction",
            )
            .order_by()
        )
        wanted = [
            QueueItem(
                session_id=pk,
                facility_id=facility_id,
                service_date=service_date,
                held=held,
                documentation_incomplete=incomplete,
                uncoded=not coded,
                denied=denied,
                correction=correction,
            )
            for pk, facility_id, service_date, incomplete, held, coded, denied, correction in rows
            if held or incomplete or not coded or denied or correction
        ]
        keep = {item.session_id for item in wanted}
        QueueItem.objects.filter(session_id__in=[pk for pk in chunk if pk not in keep]).delete()
        if wanted:
            QueueItem.objects.bulk_create(
                wanted, update_conflicts=True, unique_fields=["session"], update_fields=_FIELDS
            )
        needing += len(wanted)
    return needing
