"""What the queue's badges show, per facility, kept with the items (no count query over them)."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet


class QueueCountQuerySet(FacilityScopedQuerySet["QueueCount"]):
    facility_path = "facility"


class QueueCount(models.Model):
    """How many of a facility's queue items are held, have incomplete documentation, are not
    coded, and in all. Written only by
    :func:`coolclaim.web.queue.services.refresh_items.recount`, in the transaction that changed
    the items, under a lock on this row (so concurrent writers of one facility count in turn)."""

    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, primary_key=True, related_name="queue_count")
    held = models.PositiveIntegerField(default=0)
    documentation = models.PositiveIntegerField(default=0)
    uncoded = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    objects = QueueCountQuerySet.as_manager()

    def __str__(self) -> str:
        return f"queue counts of facility {self.facility_id}"
