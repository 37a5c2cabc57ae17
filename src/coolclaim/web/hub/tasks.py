"""The daily check (Django Tasks API, database backend): every open case's snapshot judged
again at the current time, so deadlines that passed overnight raise overdue items in the queue.

Run it daily: ``coolclaim hub check-overdue`` (cron, or a scheduler), which runs it in process
or enqueues it for the worker with ``--background``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from coolclaim.web.hub import signals
from coolclaim.web.hub.models import Case
from coolclaim.web.hub.services.reauthorization import open_expiring_steps
from coolclaim.web.hub.services.refresh_case import SNAPSHOT_FIELDS, apply_snapshot

logger = logging.getLogger(__name__)
CHUNK = 500


def check_overdue(now: datetime | None = None) -> tuple[int, int]:
    """Open the re-authorizations of authorizations that expire soon, then judge every open case
    (and every closed one with something to settle) at ``now``; returns (cases checked, cases
    overdue). Ids only are logged."""
    now = now or timezone.now()
    checked = overdue = 0
    open_expiring_steps(now)
    ids = list(Case.objects.exclude(state="closed", attention_kind="").order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            cases = list(Case.objects.filter(pk__in=chunk).select_related("facility").prefetch_related("events"))
            for case in cases:
                apply_snapshot(case, sorted(case.events.all(), key=lambda e: e.seq), now)
                overdue += case.overdue
            Case.objects.bulk_update(cases, SNAPSHOT_FIELDS)
            signals.cases_changed.send(sender=Case, case_ids=chunk)
        checked += len(chunk)
    logger.info("hub overdue check: %d open cases, %d overdue", checked, overdue)
    return checked, overdue


@task()
def raise_overdue_cases() -> dict[str, int]:
    checked, overdue = check_overdue()
    return {"checked": checked, "overdue": overdue}
