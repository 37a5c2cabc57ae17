"""A claim edit: a problem found by the coding engine, with its code, severity and source.

An edit can be overridden by billing staff with a required reason; the override is part of
the version (so it too is frozen once the version is submitted) and audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.models.line import VersionChildQuerySet, _refuse_if_version_submitted


class ClaimEdit(models.Model):
    # indexed by the unique constraint (or index) below, which leads with it
    version = models.ForeignKey(
        "billing.ClaimVersion", on_delete=models.CASCADE, related_name="edits", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)  # looked up only within a version
    severity = models.CharField(max_length=8, choices=Severity.choices)
    message = models.TextField()
    source = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(blank=True)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="claim_edit_position"),
            models.CheckConstraint(
                condition=models.Q(overridden_at__isnull=True)
                | (models.Q(overridden_by__isnull=False) & ~models.Q(override_reason="")),
                name="claim_edit_override_has_user_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"edit {self.code} of version {self.version_id}"

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def blocks(self) -> bool:
        """An error edit that has not been overridden keeps the claim on hold."""
        return self.severity == Severity.ERROR and not self.is_overridden

    def override(self, user: Any, reason: str, now: datetime | None = None) -> None:
        """Override this edit; ``reason`` is required. Callers check ``OVERRIDE_EDIT``."""
        reason = reason.strip()
        if not reason:
            raise ValidationError({"override_reason": "A reason is required to override."})
        self.overridden_by = user
        self.overridden_at = now or timezone.now()
        self.override_reason = reason
        self.save(update_fields=["overridden_by", "overridden_at", "override_reason"])

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_version_submitted(self, str(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_version_submitted(self, str(self))
        return super().delete(*args, **kwargs)
