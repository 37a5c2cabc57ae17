"""The core vocabulary: every enumerated value of the contract and the app, defined once.

The coding core reads and writes these values; the Django apps build their `choices` from
them (`web/*/choices.py`), so a value exists in one place. Each enum is a `StrEnum`: its
members are the strings of the contract (`PayerType.MEDICARE == "medicare"`).
"""

from __future__ import annotations

from enum import StrEnum


class PayerType(StrEnum):
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    SELF_PAY = "self_pay"


class Funding(StrEnum):
    FULLY_INSURED = "fully_insured"
    SELF_FUNDED = "self_funded"


class GroupSize(StrEnum):
    INDIVIDUAL = "individual"
    SMALL = "small"
    LARGE = "large"


class MedicaidDelivery(StrEnum):
    """How a Medicaid beneficiary's benefits are delivered (state mandates may reach only one)."""

    MANAGED_CARE = "managed_care"
    FEE_FOR_SERVICE = "fee_for_service"


class Setting(StrEnum):
    """Where the session took place: professional (837P) or institutional (837I) claim."""

    OFFICE = "office"
    HOSPITAL_OUTPATIENT = "hospital_outpatient"


class CodedStatus(StrEnum):
    """The coding engine's verdict on one session (coded-session.schema.json)."""

    READY = "ready"
    HOLD = "hold"
    SELF_PAY = "self_pay"
    REJECTED = "rejected"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Determination(StrEnum):
    """The coverage finding of a coded session."""

    COVERED = "covered"
    NOT_COVERED = "not_covered"
    DIAGNOSIS_NOT_COVERED = "diagnosis_not_covered"
    MANDATED = "mandated"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class ClaimStatus(StrEnum):
    """Where a claim stands in the billing workflow (the app's, after the engine's verdict)."""

    READY = "ready"
    HOLD = "hold"
    SELF_PAY = "self_pay"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    #: A submitted claim changed (a nurse's edit, a changed import): a new version waits for
    #: billing's review and goes out as a replacement claim (837 frequency 7).
    CORRECTION = "correction"
    PAID = "paid"
    DENIED = "denied"
    VOID = "void"


class Role(StrEnum):
    """What a user of the app does."""

    NURSE = "nurse"
    BILLING = "billing"
    FACILITY_ADMIN = "facility_admin"
    HUB_COORDINATOR = "hub_coordinator"
    ANALYST = "analyst"
    SYSTEM_ADMIN = "system_admin"


class CodeRole(StrEnum):
    """The `role` column of refdata/data/codes.yaml: what a code does on a claim."""

    FITTING = "fitting"
    SESSION = "session"
    POST_COOLING = "post_cooling"
    CHEMO_FIRST = "chemo_first"  # initial chemotherapy administration service
    CHEMO_ADDON = "chemo_addon"
    CHEMO_PUSH_ADDON = "chemo_push_addon"
    CHEMO_PROLONGED = "chemo_prolonged"
    HYDRATION = "hydration"
    HYDRATION_ADDON = "hydration_addon"
    THERAPEUTIC_INFUSION = "therapeutic_infusion"
    THERAPEUTIC_ADDON = "therapeutic_addon"
    THERAPEUTIC_PUSH = "therapeutic_push"
    EM_NEW = "em_new"
    EM_ESTABLISHED = "em_established"
    EM_OPPS_CLINIC = "em_opps_clinic"
    LEGACY = "legacy"


DOCUMENTATION_FLAGS = (
    "order_verified",
    "contraindications_screened",
    "tolerance_monitored",
    "scalp_assessed",
)
