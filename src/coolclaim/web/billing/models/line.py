"""A service line of a claim version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.billing.models.version import ImmutableClaimVersion


def _refuse_if_version_submitted(version_id: int | None, what: str) -> None:
    from coolclaim.web.billing.models.version import ClaimVersion

    if version_id is not None and ClaimVersion.objects.filter(pk=version_id, submitted_at__isnull=False).exists():
        raise ImmutableClaimVersion(f"{what} belongs to a submitted claim version")


class VersionChildQuerySet(FacilityScopedQuerySet[Any]):
    """Queryset of lines/edits: bulk update/delete refuse rows of submitted versions."""

    facility_path = "version__claim__facility"

    def _refuse_if_submitted(self) -> None:
        if self.filter(version__submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the set includes rows of a submitted claim version")

    def update(self, **kwargs: Any) -> int:
        self._refuse_if_submitted()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_if_submitted()
        return super().delete()

    def _refuse_rows_of_submitted(self, objs: Iterable[Any]) -> list[Any]:
        rows = list(objs)
        from coolclaim.web.billing.models.version import ClaimVersion

        ids = {row.version_id for row in rows if row.version_id is not None}
        if ids and ClaimVersion.objects.filter(pk__in=ids, submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the rows include rows of a submitted claim version")
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        return super().bulk_create(self._refuse_rows_of_submitted(objs), *args, **kwargs)

    def bulk_update(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> int:
        return super().bulk_update(self._refuse_rows_of_submitted(objs), *args, **kwargs)


class ClaimLine(models.Model):
    # indexed by the unique constraint (or index) below, which leads with it
    version = models.ForeignKey(
        "billing.ClaimVersion", on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    modifiers = models.JSONField(default=list, blank=True)
    units = models.PositiveIntegerField(default=1)
    diagnosis_pointers = models.JSONField(default=list, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True)
    charge = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Fee schedule charge × units; empty when the schedule has no fee (the claim is held).",
    )

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="claim_line_position"),
            models.CheckConstraint(condition=models.Q(units__gte=1), name="claim_line_units"),
        ]

    def __str__(self) -> str:
        return f"line {self.position} of version {self.version_id}: {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_version_submitted(self.version_id, str(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_version_submitted(self.version_id, str(self))
        return super().delete(*args, **kwargs)
