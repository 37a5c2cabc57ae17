"""Submission batches (an 837 file and the claim versions in it) and the control-number counter.

Interchange (ISA13) and group (GS06) control numbers come from :class:`ControlCounter`, one
row per counter, taken under a row lock in the transaction that stores the batch; unique
constraints on the batch make a repeat impossible even if the counter were reset.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet


class ControlCounter(models.Model):
    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0, help_text="The last number handed out.")

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


class BatchKind(models.TextChoices):
    PROFESSIONAL = "837P", "837P (office)"
    INSTITUTIONAL = "837I", "837I (hospital outpatient)"


class AckStatus(models.TextChoices):
    NONE = "", "No acknowledgment yet"
    ACCEPTED = "accepted", "Accepted"
    PARTIAL = "partial", "Partly accepted"
    REJECTED = "rejected", "Rejected"


class SubmissionBatchQuerySet(FacilityScopedQuerySet["SubmissionBatch"]):
    facility_path = "facility"


class SubmissionBatch(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="submission_batches")
    kind = models.CharField(max_length=4, choices=BatchKind.choices)
    interchange_control = models.PositiveIntegerField(unique=True)
    group_control = models.PositiveIntegerField(unique=True)
    content = models.TextField()
    claim_count = models.PositiveIntegerField()
    total_charge = models.DecimalField(max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ack_status = models.CharField(max_length=10, choices=AckStatus.choices, blank=True, default=AckStatus.NONE)
    ack_reasons = models.JSONField(default=list, blank=True)
    ack_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} batch {self.interchange_control} of facility {self.facility_id}"


class SubmittedClaimQuerySet(FacilityScopedQuerySet["SubmittedClaim"]):
    facility_path = "batch__facility"


class SubmittedClaim(models.Model):
    """One claim version in one batch, under the claim id it was sent with (CLM01)."""

    batch = models.ForeignKey(SubmissionBatch, on_delete=models.PROTECT, related_name="claims")
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey("billing.ClaimVersion", on_delete=models.PROTECT, related_name="submissions")
    claim_id_sent = models.CharField(max_length=20, unique=True, help_text="CLM01, echoed in 277CA and 835.")
    ack_status = models.CharField(max_length=10, choices=AckStatus.choices, blank=True, default=AckStatus.NONE)
    ack_reasons = models.JSONField(default=list, blank=True)
    ack_at = models.DateTimeField(null=True, blank=True)

    objects = SubmittedClaimQuerySet.as_manager()

    class Meta:
        ordering = ["batch_id", "pk"]

    def __str__(self) -> str:
        return f"claim {self.claim_id_sent} in batch {self.batch_id}"
