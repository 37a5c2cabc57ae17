"""Choice lists of the clinic app (values are those of the coding contract)."""

from __future__ import annotations

from django.db import models

from coolclaim import vocabulary as v


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Unknown"


class PayerType(models.TextChoices):
    MEDICARE = v.PayerType.MEDICARE.value, "Medicare"
    MEDICARE_ADVANTAGE = v.PayerType.MEDICARE_ADVANTAGE.value, "Medicare Advantage"
    MEDICAID = v.PayerType.MEDICAID.value, "Medicaid"
    COMMERCIAL = v.PayerType.COMMERCIAL.value, "Commercial"
    SELF_PAY = v.PayerType.SELF_PAY.value, "Self-pay"


class Funding(models.TextChoices):
    FULLY_INSURED = v.Funding.FULLY_INSURED.value, "Fully insured"
    SELF_FUNDED = v.Funding.SELF_FUNDED.value, "Self-funded (ERISA)"


class GroupSize(models.TextChoices):
    INDIVIDUAL = v.GroupSize.INDIVIDUAL.value, "Individual"
    SMALL = v.GroupSize.SMALL.value, "Small group"
    LARGE = v.GroupSize.LARGE.value, "Large group"


class CourseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


#: Documentation checklist fields of a session, in the contract's order.
DOCUMENTATION_FIELDS = v.DOCUMENTATION_FLAGS
