"""Choice lists of the hub app: the core's words (``coolclaim.hub.vocabulary``) with labels."""

from __future__ import annotations

from django.db import models

from coolclaim.hub.vocabulary import CalendarName, CaseState, Coverage, EventType, Outcome, PayerType

PAYER_TYPES = [
    (PayerType.MEDICARE.value, "Medicare"),
    (PayerType.MEDICARE_ADVANTAGE.value, "Medicare Advantage"),
    (PayerType.MEDICAID_FFS.value, "Medicaid fee-for-service"),
    (PayerType.MEDICAID_MANAGED_CARE.value, "Medicaid managed care"),
    (PayerType.CHIP.value, "CHIP"),
    (PayerType.EXCHANGE_QHP.value, "Exchange plan (QHP)"),
    (PayerType.COMMERCIAL.value, "Commercial"),
    (PayerType.NONE.value, "No insurance"),
]
CALENDARS = [(CalendarName.HUB.value, "Hub closure days"), (CalendarName.FEDERAL.value, "US federal holidays")]
EVENT_TYPES = [(e.value, e.value.replace("_", " ").capitalize()) for e in EventType]
STATES = [
    (CaseState.BI_PENDING.value, "Benefits investigation"),
    (CaseState.PA_REQUIRED.value, "PA required"),
    (CaseState.PA_PENDING.value, "PA pending with payer"),
    (CaseState.APPEAL_POSSIBLE.value, "Appeal possible"),
    (CaseState.APPEAL_PENDING.value, "Appeal pending with payer"),
    (CaseState.PAP_SCREENING.value, "PAP screening"),
    (CaseState.CLOSED.value, "Closed"),
]
OUTCOMES = [
    (Outcome.COVERED.value, "Covered"),
    (Outcome.PAP.value, "Patient assistance"),
    (Outcome.SELF_PAY.value, "Self-pay"),
    (Outcome.WITHDRAWN.value, "Withdrawn"),
]
COVERAGES = [
    (Coverage.COVERED.value, "Covered"),
    (Coverage.NOT_COVERED.value, "Insured, not covered"),
    (Coverage.UNDERINSURED.value, "Underinsured"),
    (Coverage.UNINSURED.value, "Uninsured"),
]


class WaitingOn(models.TextChoices):
    """Whose move it is in an open case."""

    HUB = "hub", "Hub"
    PROVIDER = "provider", "Provider"
    PAYER = "payer", "Payer"
    PATIENT = "patient", "Patient"
    NOBODY = "", "Nobody (closed)"


class ReauthorizationTrigger(models.TextChoices):
    REGIMEN_CHANGED = "regimen_changed", "Regimen changed"
    EXPIRING = "expiring", "Authorization expiring"


class Network(models.TextChoices):
    IN = "in", "In network"
    OUT = "out", "Out of network"
    UNKNOWN = "unknown", "Unknown"


class Rail(models.TextChoices):
    FAX = "fax", "Fax"
    PORTAL = "portal", "Payer portal"
    X12_278 = "x12_278", "X12 278"
    FHIR = "fhir", "FHIR (PAS)"


class PaDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    MODIFIED = "modified", "Partly approved (modified)"
    DENIED = "denied", "Denied"


class AppealDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"


#: Denial reasons a PA decision may carry (CARC/RARC-style codes, domain §6).
DENIAL_REASONS = [
    ("50", "CARC 50: not medically necessary"),
    ("96", "CARC 96: non-covered charge"),
    ("204", "CARC 204: not covered under the benefit plan"),
    ("167", "CARC 167: diagnosis not covered"),
    ("197", "CARC 197: authorization absent"),
    ("198", "CARC 198: authorization exceeded"),
    ("16", "CARC 16: missing information"),
    ("N130", "RARC N130: see plan benefit limits"),
    ("M127", "RARC M127: missing medical record"),
]


#: The documents the hub writes (``coolclaim.documents.DocumentKind``), labelled.
DOCUMENT_KINDS = [
    ("letter_of_medical_necessity", "Letter of medical necessity"),
    ("letter_of_appeal", "Letter of appeal"),
    ("summary_of_benefits", "Summary of Benefits"),
    ("claim_filing_checklist", "Claim-filing checklist"),
    ("prior_authorization_checklist", "Prior authorization checklist"),
    ("appeal_checklist", "Appeal checklist"),
    ("enrollment_form", "Enrollment form"),
]


class CapKitStatus(models.TextChoices):
    PROMISED = "promised", "Promised"
    SHIPPED = "shipped", "Shipped"
    FULFILLED = "fulfilled", "Fulfilled (received)"
