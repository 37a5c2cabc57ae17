"""Choice lists of the billing app."""

from __future__ import annotations

from django.db import models


class ClaimStatus(models.TextChoices):
    READY = "ready", "Ready"
    HOLD = "hold", "On hold"
    SELF_PAY = "self_pay", "Self-pay"
    REJECTED = "rejected", "Record rejected"
    ACCEPTED = "accepted", "Accepted by billing"
    SUBMITTED = "submitted", "Submitted"
    PAID = "paid", "Paid"
    DENIED = "denied", "Denied"
    VOID = "void", "Void"


class CodedStatus(models.TextChoices):
    """The coding engine's verdict on one version (coded-session.schema.json)."""

    READY = "ready", "Ready"
    HOLD = "hold", "Hold"
    SELF_PAY = "self_pay", "Self-pay"
    REJECTED = "rejected", "Rejected"


class Severity(models.TextChoices):
    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


#: Claim statuses after which the current version is frozen.
SUBMITTED_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.PAID, ClaimStatus.DENIED, ClaimStatus.VOID})
