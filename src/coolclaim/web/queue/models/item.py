"""One row per session that needs attention; a session that needs nothing has no row."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.clinic.models import Session


class QueueItemQuerySet(FacilityScopedQuerySet["QueueItem"]):
    facility_path = "facility"


class QueueItem(models.Model):
    """What needs attention about one session: its claim is held, its documentation is
    incomplete, or it is not coded yet. Written only by
    :func:`coolclaim.web.queue.services.refresh_items.refresh_items`."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="queue_item")
    # indexed by the unique constraint (or index) below, which leads with it
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="queue_items", db_index=False)
    service_date = models.DateField(null=True, blank=True, help_text="The session's date of service.")
    held = models.BooleanField(default=False, help_text="The claim is on hold.")
    documentation_incomplete = models.BooleanField(default=False)
    uncoded = models.BooleanField(default=False, help_text="No claim yet.")
    denied = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The payer denied lines of the claim or rejected it (acknowledgment).",
    )
    correction = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A submitted claim changed: its new version waits for billing's review (a replacement claim).",
    )

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        ordering = ["service_date", "session_id"]
        indexes = [
            # Oldest date of service first, across the user's facilities or within one; the
            # counts read the facility index alone (the flags are included).
            models.Index(fields=["service_date", "session"], name="queue_item_date_idx"),
            models.Index(
                fields=["facility", "service_date", "session"],
                include=["held", "documentation_incomplete", "uncoded"],
                name="queue_item_facility_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"queue item of session {self.session_id}"
