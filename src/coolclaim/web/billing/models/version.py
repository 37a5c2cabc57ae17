"""A version of a claim: immutable once submitted."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.billing.choices import CodedStatus


class ImmutableClaimVersion(Exception):
    """A submitted claim version (or its lines or edits) was about to change."""


def _attname(model: type[models.Model], name: str) -> str:
    """The attribute holding field ``name``'s value (``claim`` → ``claim_id``), usable in a filter."""
    if name == "pk":
        return name
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.attname)


class ClaimVersionQuerySet(FacilityScopedQuerySet["ClaimVersion"]):
    facility_path = "claim__facility"

    def _refuse_if_submitted(self) -> None:
        if self.filter(submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the set includes a submitted claim version")

    def update(self, **kwargs: Any) -> int:
        self._refuse_if_submitted()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_if_submitted()
        return super().delete()

    def bulk_create(self, objs: Iterable[ClaimVersion], *args: Any, **kwargs: Any) -> list[ClaimVersion]:
        """An upsert (``update_conflicts``) refuses when a row it would overwrite is submitted.
        (PostgreSQL and SQLite take an upsert only with ``unique_fields``; Django refuses one
        without them.)"""
        rows = list(objs)
        options = inspect.signature(super().bulk_create).bind(rows, *args, **kwargs).arguments
        if options.get("update_conflicts") and options.get("unique_fields"):
            unique = [_attname(self.model, name) for name in options["unique_fields"]]
            overwritten = models.Q(pk__in=[])
            for row in rows:
                overwritten |= models.Q(**{name: getattr(row, name) for name in unique})
            if ClaimVersion.objects.filter(overwritten, submitted_at__isnull=False).exists():
                raise ImmutableClaimVersion("the rows would overwrite a submitted claim version")
        return super().bulk_create(rows, *args, **kwargs)

    def bulk_update(self, objs: Iterable[ClaimVersion], *args: Any, **kwargs: Any) -> int:
        rows = list(objs)
        ids = {row.pk for row in rows if row.pk is not None}
        if ids and ClaimVersion.objects.filter(pk__in=ids, submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the rows include a submitted claim version")
        return super().bulk_update(rows, *args, **kwargs)


class ClaimVersion(models.Model):
    # indexed by the unique constraint (or index) below, which leads with it
    claim = models.ForeignKey("billing.Claim", on_delete=models.CASCADE, related_name="versions", db_index=False)
    number = models.PositiveIntegerField()
    coded_status = models.CharField(max_length=12, choices=CodedStatus.choices)
    date_of_service = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True, help_text="Why this version exists (required after v1).")
    errors = models.JSONField(default=list, blank=True, help_text="Field errors of a rejected record.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ClaimVersionQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="claim_version_unique"),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(reason=""),
                name="claim_version_reason_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} v{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def _stored_submitted(self) -> bool:
        # a new instance given the id of a stored version overwrites that row when saved
        if self.pk is None:
            return False
        return ClaimVersion.objects.filter(pk=self.pk, submitted_at__isnull=False).exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_submitted():
            raise ImmutableClaimVersion(f"{self} is submitted; open a new version instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_submitted():
            raise ImmutableClaimVersion(f"{self} is submitted and cannot be deleted")
        return super().delete(*args, **kwargs)

    def submit(self, user: Any, now: datetime | None = None) -> None:
        """Freeze this version (the last change it accepts)."""
        self.submitted_at = now or timezone.now()
        self.submitted_by = user
        self.save(update_fields=["submitted_at", "submitted_by"])
