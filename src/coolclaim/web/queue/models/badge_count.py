"""The queue's badge counts, kept as they change instead of counted per page.

Each refresh of queue items (or hub items) adds one row per facility it changed, holding the
*change* of each count (+1, -3, ...): writers only insert, so an import and a nurse's save never
wait for each other on a shared counter row; each write folds the facility's rows no other
transaction holds into one (:func:`~coolclaim.web.queue.services.badge_counts.record_changes`),
so the page adds up a handful of rows. The rows of a facility add up to exactly what counting its
items would give; ``tests/web/queue`` holds them equal after every kind of change.
"""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet

#: The counts a row holds, in the order the services write them.
COUNTED = ("held", "documentation", "uncoded", "denied", "total", "hub_open", "hub_overdue", "correction")


class BadgeCountQuerySet(FacilityScopedQuerySet["BadgeCount"]):
    facility_path = "facility"


class BadgeCount(models.Model):
    """Changes of one facility's queue counts (signed). Written only by the queue's services."""

    # No database constraint: a row is only ever read through the user's facilities, and a
    # deleted facility's rows are harmless (and inserting one costs no foreign-key check); the
    # index below leads with the facility.
    facility = models.ForeignKey(
        Facility, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    held = models.IntegerField(default=0)
    documentation = models.IntegerField(default=0, help_text="Sessions with incomplete documentation.")
    uncoded = models.IntegerField(default=0)
    denied = models.IntegerField(default=0)
    total = models.IntegerField(default=0, help_text="Queue items (sessions needing attention).")
    hub_open = models.IntegerField(default=0, help_text="Open hub cases.")
    hub_overdue = models.IntegerField(default=0)
    correction = models.IntegerField(default=0, help_text="Corrections of submitted claims pending review.")

    objects = BadgeCountQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["facility"], include=list(COUNTED), name="queue_badge_count_idx")]

    def __str__(self) -> str:
        return f"queue count change of facility {self.facility_id}"
