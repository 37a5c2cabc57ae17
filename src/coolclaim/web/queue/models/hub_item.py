"""One row per open hub case: what is due, whether it is overdue, and whose move it is."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.models import Case


class HubItemQuerySet(FacilityScopedQuerySet["HubItem"]):
    facility_path = "facility"


class HubItem(models.Model):
    """An open hub case in the work queue. Written only by
    :func:`coolclaim.web.queue.services.refresh_hub_items.refresh_hub_items`."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="queue_item")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="hub_queue_items")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(max_length=16)
    first_infusion_date = models.DateField()
    due = models.DateTimeField(null=True, blank=True)
    due_kind = models.CharField(max_length=20, blank=True)
    overdue = models.BooleanField(default=False)
    waiting_on = models.CharField(max_length=10, blank=True)

    objects = HubItemQuerySet.as_manager()

    class Meta:
        ordering = ["-overdue", "first_infusion_date", "case_id"]
        indexes = [models.Index(fields=["facility", "overdue", "first_infusion_date"], name="queue_hub_item_idx")]

    def __str__(self) -> str:
        return f"queue item of hub case {self.case_id}"
