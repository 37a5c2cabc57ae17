"""One event of a case, in the order it happened: what the core replays (type, at, payload)
plus who recorded it and why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.hub.choices import EVENT_TYPES
from coolclaim.web.hub.models.case import Case


def _empty() -> dict[str, Any]:
    return {}


class CaseEventQuerySet(FacilityScopedQuerySet["CaseEvent"]):
    facility_path = "case__facility"


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(help_text="0 for enrolled, then 1, 2, ... in the order they happened.")
    type = models.CharField(max_length=20, choices=EVENT_TYPES)
    at = models.DateTimeField(help_text="When it happened.")
    payload = models.JSONField(default=_empty, blank=True, help_text="The contract's fields of this event type.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="hub_events"
    )
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="hub_event_unique_seq")]

    def __str__(self) -> str:
        return f"event {self.seq} of hub case {self.case_id}"

    def as_core(self) -> dict[str, Any]:
        """The event as the contract spells it (the core's input)."""
        return {**self.payload, "type": self.type, "at": self.at.isoformat()}
