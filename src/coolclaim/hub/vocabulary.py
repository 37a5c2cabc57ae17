"""The hub's words: payer types, calendars, event types, states, outcomes, deadline kinds, error codes.

Values are the contract's (`../shared/contracts/hub-case.md`); the Django app takes its choices
from here.
"""

from __future__ import annotations

from enum import StrEnum


class PayerType(StrEnum):
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID_FFS = "medicaid_ffs"
    MEDICAID_MANAGED_CARE = "medicaid_managed_care"
    CHIP = "chip"
    EXCHANGE_QHP = "exchange_qhp"
    COMMERCIAL = "commercial"
    NONE = "none"


class CalendarName(StrEnum):
    HUB = "hub"
    FEDERAL = "federal"


class EventType(StrEnum):
    ENROLLED = "enrolled"
    PATIENT_CONTACTED = "patient_contacted"
    BI_COMPLETED = "bi_completed"
    PA_SUBMITTED = "pa_submitted"
    PA_DECIDED = "pa_decided"
    APPEAL_FILED = "appeal_filed"
    APPEAL_DECIDED = "appeal_decided"
    PAP_DECIDED = "pap_decided"
    WITHDRAWN = "withdrawn"


class Coverage(StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    UNDERINSURED = "underinsured"
    UNINSURED = "uninsured"


class Decision(StrEnum):
    APPROVED = "approved"
    DENIED = "denied"


class CaseState(StrEnum):
    BI_PENDING = "bi_pending"
    PA_REQUIRED = "pa_required"
    PA_PENDING = "pa_pending"
    APPEAL_POSSIBLE = "appeal_possible"
    APPEAL_PENDING = "appeal_pending"
    PAP_SCREENING = "pap_screening"
    CLOSED = "closed"


class Outcome(StrEnum):
    COVERED = "covered"
    PAP = "pap"
    SELF_PAY = "self_pay"
    WITHDRAWN = "withdrawn"


class DeadlineKind(StrEnum):
    PATIENT_CONTACT = "patient_contact"
    PA_DECISION = "pa_decision"
    APPEAL_FILING = "appeal_filing"


class ErrorCode(StrEnum):
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    SECOND_APPEAL = "SECOND_APPEAL"
    BAD_EVENT = "BAD_EVENT"
    INVALID_CASE = "INVALID_CASE"
