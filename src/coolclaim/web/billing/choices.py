"""Choice lists of the billing app (values from the core vocabulary, `coolclaim.vocabulary`)."""

from __future__ import annotations

from django.db import models

from coolclaim import vocabulary as v


class ClaimStatus(models.TextChoices):
    READY = v.ClaimStatus.READY.value, "Ready"
    HOLD = v.ClaimStatus.HOLD.value, "On hold"
    SELF_PAY = v.ClaimStatus.SELF_PAY.value, "Self-pay"
    REJECTED = v.ClaimStatus.REJECTED.value, "Record rejected"
    ACCEPTED = v.ClaimStatus.ACCEPTED.value, "Accepted by billing"
    SUBMITTED = v.ClaimStatus.SUBMITTED.value, "Submitted"
    CORRECTION = v.ClaimStatus.CORRECTION.value, "Correction pending review"
    PAID = v.ClaimStatus.PAID.value, "Paid"
    DENIED = v.ClaimStatus.DENIED.value, "Denied"
    VOID = v.ClaimStatus.VOID.value, "Void"


class CodedStatus(models.TextChoices):
    """The coding engine's verdict on one version (coded-session.schema.json)."""

    READY = v.CodedStatus.READY.value, "Ready"
    HOLD = v.CodedStatus.HOLD.value, "Hold"
    SELF_PAY = v.CodedStatus.SELF_PAY.value, "Self-pay"
    REJECTED = v.CodedStatus.REJECTED.value, "Rejected"


class Severity(models.TextChoices):
    ERROR = v.Severity.ERROR.value, "Error"
    WARNING = v.Severity.WARNING.value, "Warning"
    INFO = v.Severity.INFO.value, "Info"


#: Claim statuses after which the current version is frozen.
SUBMITTED_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.PAID, ClaimStatus.DENIED, ClaimStatus.VOID})
