"""A claim: what is billed for one session's date of service, across its versions."""

from __future__ import annotations

from typing import Any

from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.signals import claims_changed
from coolclaim.web.clinic.models import Patient, Session


class ClaimQuerySet(FacilityScopedQuerySet["Claim"]):
    facility_path = "facility"

    def delete(self) -> tuple[int, dict[str, int]]:
        """Refuses, as ``Claim.delete()`` does, when a claim of the set has a submitted version
        (the deletion would cascade through it)."""
        from coolclaim.web.billing.models.version import ClaimVersion, ImmutableClaimVersion

        if ClaimVersion.objects.filter(claim__in=self.values("pk"), submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion("the set includes a claim with a submitted version")
        return super().delete()


class Claim(models.Model):
    # indexed by the unique constraint (or index) below, which leads with it
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="claims", db_index=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="claims")
    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="claim")
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.HOLD, db_index=True)
    date_of_service = models.DateField(null=True, blank=True)
    current_version = models.ForeignKey(
        "billing.ClaimVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    prior_authorization_number = models.CharField(
        max_length=50,
        blank=True,
        default="",
        help_text="The payer's prior authorization number covering this date of service (REF*G1, CMS-1500 "
        "box 23, UB-04 FL 63); filled by the hub from an approved authorization.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-date_of_service", "pk"]
        indexes = [models.Index(fields=["facility", "status", "date_of_service"])]

    def __str__(self) -> str:
        return f"claim {self.pk} (session {self.session_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "status" in update_fields:
            claims_changed.send(sender=Claim, session_ids=[self.session_id])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from coolclaim.web.billing.models.version import ClaimVersion, ImmutableClaimVersion

        if ClaimVersion.objects.filter(claim_id=self.pk, submitted_at__isnull=False).exists():
            raise ImmutableClaimVersion(f"claim {self.pk} has a submitted version")
        session_id = self.session_id
        result = super().delete(*args, **kwargs)
        claims_changed.send(sender=Claim, session_ids=[session_id])
        return result
