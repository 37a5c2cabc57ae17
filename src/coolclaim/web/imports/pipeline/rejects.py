"""Rejected records of a batch, stored with every reason (once: a resumed run skips those
already stored)."""

from __future__ import annotations

from collections.abc import Sequence

from coolclaim.web.imports.models import ImportBatch, RejectedRecord
from coolclaim.web.imports.pipeline.plan import Reject


def store_rejects(batch: ImportBatch, rejects: Sequence[Reject]) -> int:
    if not rejects:
        return 0
    stored = set(
        RejectedRecord.objects.filter(batch=batch, position__in=[r.position for r in rejects]).values_list(
            "position", flat=True
        )
    )
    rows = [
        RejectedRecord(
            batch=batch,
            position=r.position,
            line=r.line,
            session_id=r.identity[:200],
            errors=r.errors,
            record=r.record,
        )
        for r in rejects
        if r.position not in stored
    ]
    RejectedRecord.objects.bulk_create(rows, batch_size=500)
    return len(rows)
