"""Choice lists of the clinic app (values are those of the coding contract)."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Unknown"


class PayerType(models.TextChoices):
    MEDICARE = "medicare", "Medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage", "Medicare Advantage"
    MEDICAID = "medicaid", "Medicaid"
    COMMERCIAL = "commercial", "Commercial"
    SELF_PAY = "self_pay", "Self-pay"


class Funding(models.TextChoices):
    FULLY_INSURED = "fully_insured", "Fully insured"
    SELF_FUNDED = "self_funded", "Self-funded (ERISA)"


class GroupSize(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    SMALL = "small", "Small group"
    LARGE = "large", "Large group"


class CourseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


#: Documentation checklist fields of a session, in the contract's order.
DOCUMENTATION_FIELDS = (
    "order_verified",
    "contraindications_screened",
    "tolerance_monitored",
    "scalp_assessed",
)
