"""Posted remittances (835): the file, each payment put on a claim line, and what was kept
for review. A file is posted once: its content hash and its (payer, trace number) are unique."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet


class RemittancePostingQuerySet(FacilityScopedQuerySet["RemittancePosting"]):
    facility_path = "facility"


class RemittancePosting(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="remittances")
    file_name = models.CharField(max_length=255, blank=True)
    content_sha256 = models.CharField(max_length=64, unique=True)
    trace_numbers = models.JSONField(default=list, help_text="TRN02 of each transaction set.")
    payer_name = models.CharField(max_length=60, blank=True)
    payment_total = models.DecimalField(max_digits=12, decimal_places=2)
    summary = models.JSONField(help_text="What `coolclaim remit post` prints for this file.")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    objects = RemittancePostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]

    def __str__(self) -> str:
        return f"remittance {self.pk} ({', '.join(self.trace_numbers)})"


class TraceNumber(models.Model):
    """One (payer, TRN02) per posted transaction set: the same payment cannot post twice."""

    posting = models.ForeignKey(RemittancePosting, on_delete=models.CASCADE, related_name="traces")
    payer_id = models.CharField(max_length=80)
    trace_number = models.CharField(max_length=50)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["payer_id", "trace_number"], name="remit_trace_unique")]

    def __str__(self) -> str:
        return f"trace {self.trace_number} of payer {self.payer_id}"


class LinePaymentQuerySet(FacilityScopedQuerySet["LinePayment"]):
    facility_path = "claim__facility"


class LinePayment(models.Model):
    posting = models.ForeignKey(RemittancePosting, on_delete=models.CASCADE, related_name="line_payments")
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, related_name="line_payments")
    line = models.ForeignKey("billing.ClaimLine", on_delete=models.PROTECT, related_name="payments")
    payer_claim_number = models.CharField(max_length=50, blank=True)
    paid = models.DecimalField(max_digits=12, decimal_places=2)
    patient_responsibility = models.DecimalField(max_digits=12, decimal_places=2)
    adjustments = models.JSONField(default=list, help_text='[{"group", "reason", "amount"}] (CAS).')
    remarks = models.JSONField(default=list, help_text="RARCs (LQ*HE).")
    denied = models.BooleanField(default=False)
    plain_reasons = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField()
    match_reasons = models.JSONField(default=list)
    needs_review = models.BooleanField(default=False)

    objects = LinePaymentQuerySet.as_manager()

    class Meta:
        ordering = ["posting_id", "claim_id", "line_id"]
        indexes = [models.Index(fields=["claim", "denied"], name="line_payment_denied_idx")]

    def __str__(self) -> str:
        return f"payment {self.paid} on line {self.line_id}"


class UnmatchedPaymentQuerySet(FacilityScopedQuerySet["UnmatchedPayment"]):
    facility_path = "posting__facility"


class Resolution(models.TextChoices):
    OPEN = "", "Open"
    ASSIGNED = "assigned", "Assigned to a claim line"
    DISMISSED = "dismissed", "Dismissed"


class UnmatchedPayment(models.Model):
    """A payment of a posted 835 that matched no line, kept for review: a biller assigns it to a
    claim line (it is then posted like a matched one) or dismisses it with a reason."""

    posting = models.ForeignKey(RemittancePosting, on_delete=models.CASCADE, related_name="unmatched")
    claim_id_sent = models.CharField(max_length=38)
    line = models.PositiveSmallIntegerField()
    reason = models.TextField()
    paid = models.DecimalField(max_digits=12, decimal_places=2)
    position = models.PositiveIntegerField()
    resolved = models.BooleanField(default=False)
    code = models.CharField(max_length=10, blank=True, help_text="SVC01-2 as adjudicated.")
    modifiers = models.JSONField(default=list, blank=True)
    service_date = models.DateField(null=True, blank=True)
    adjustments = models.JSONField(default=list, blank=True, help_text='[{"group", "reason", "amount"}] (CAS).')
    remarks = models.JSONField(default=list, blank=True)
    patient_responsibility = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    payer_claim_number = models.CharField(max_length=50, blank=True)
    best_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Best match score a line of its claim reached; empty: no candidate."
    )
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True, default=Resolution.OPEN)
    resolution_note = models.CharField(max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    payment = models.OneToOneField(
        LinePayment, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_from"
    )

    objects = UnmatchedPaymentQuerySet.as_manager()

    class Meta:
        ordering = ["posting_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved=False, resolution="")
                | (models.Q(resolved=True) & ~models.Q(resolution="") & ~models.Q(resolution_note="")),
                name="unmatched_resolution_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"unmatched payment of claim {self.claim_id_sent} line {self.line}"
