"""A note on a claim: free text by billing staff (a hold's reason, a call to the payer, ...).

Notes are an append-only trail: once written, a note is never changed or deleted —
``save()`` of a stored note, ``delete()`` and queryset ``update()``/``delete()`` raise
:class:`ImmutableClaimNote`. A correction is another note.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet

#: Longest note accepted (characters).
NOTE_MAX_LENGTH = 2000


class ImmutableClaimNote(Exception):
    """A written claim note was about to change or be deleted."""


class ClaimNoteQuerySet(FacilityScopedQuerySet["ClaimNote"]):
    facility_path = "claim__facility"

    def update(self, **kwargs: Any) -> int:
        raise ImmutableClaimNote("claim notes cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableClaimNote("claim notes cannot be deleted")


class ClaimNote(models.Model):
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a note written by the system.",
    )
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["claim", "-created_at", "-id"], name="claim_note_newest_idx")]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="claim_note_not_empty")]

    def __str__(self) -> str:
        return f"note {self.pk} on claim {self.claim_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableClaimNote(f"{self} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableClaimNote(f"{self} cannot be deleted")
