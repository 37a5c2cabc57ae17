"""A service line of a claim version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.billing.models.version import ImmutableClaimVersion


def _touches_submitted(model: type[models.Model], version_ids: Iterable[Any], row_ids: Iterable[Any]) -> bool:
    """Whether a write naming versions ``version_ids`` for rows ``row_ids`` of ``model`` (a
    line or edit) touches a submitted version: one it names, or the one a stored row belongs to
    now (moving a row out of a submitted version changes that version too). One query."""
    from coolclaim.web.billing.models.version import ClaimVersion

    versions = {pk for pk in version_ids if pk is not None}
    rows = {pk for pk in row_ids if pk is not None}
    if not versions and not rows:
        return False
    stored = model._base_manager.filter(pk__in=rows).values("version_id")
    return (
        ClaimVersion.objects.filter(models.Q(pk__in=versions) | models.Q(pk__in=stored))
        .filter(submitted_at__isnull=False)
        .exists()
    )


def _refuse_if_version_submitted(row: Any, what: str) -> None:
    """Refuse ``save()``/``delete()`` of a line or edit of a submitted version (its version now
    or the one it is stored under)."""
    if _touches_submitted(type(row), [row.version_id], [row.pk]):
        raise ImmutableClaimVersion(f"{what} belongs to a submitted claim version")


class VersionChildQuerySet(FacilityScopedQuerySet[Any]):
    """Queryset of lines/edits: bulk writes refuse rows of submitted versions, and rows moved
    into or out of one."""

    facility_path = "version__claim__facility"

    def _refuse_if_submitted(self) -> None:
        if self.filter(version__submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the set includes rows of a submitted claim version")

    def update(self, **kwargs: Any) -> int:
        self._refuse_if_submitted()
        for name in ("version", "version_id"):
            if name in kwargs and self._moves_into_submitted(kwargs[name]):
                raise ImmutableClaimVersion("the rows would move into a submitted claim version")
        return super().update(**kwargs)

    def _moves_into_submitted(self, target: Any) -> bool:
        """Whether setting the rows' version to ``target`` (a version, its id, or an expression
        such as the ``CASE`` of ``bulk_update``) puts any of them in a submitted version."""
        from coolclaim.web.billing.models.version import ClaimVersion

        submitted = ClaimVersion.objects.filter(submitted_at__isnull=False)
        if isinstance(target, models.Model):
            target = target.pk
        if hasattr(target, "resolve_expression"):
            return bool(self.annotate(moved_to=target).filter(moved_to__in=submitted.values("pk")).exists())
        return target is not None and submitted.filter(pk=target).exists()

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_if_submitted()
        return super().delete()

    def _refuse_rows_of_submitted(self, objs: Iterable[Any]) -> list[Any]:
        rows = list(objs)
        if _touches_submitted(self.model, (row.version_id for row in rows), (row.pk for row in rows)):
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
        _refuse_if_version_submitted(self, str(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_version_submitted(self, str(self))
        return super().delete(*args, **kwargs)
