"""The kinds of document the hub writes (ids of documents.yaml `kinds`)."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    LETTER_OF_MEDICAL_NECESSITY = "letter_of_medical_necessity"
    LETTER_OF_APPEAL = "letter_of_appeal"
    SUMMARY_OF_BENEFITS = "summary_of_benefits"
    CLAIM_FILING_CHECKLIST = "claim_filing_checklist"
    PRIOR_AUTHORIZATION_CHECKLIST = "prior_authorization_checklist"
    APPEAL_CHECKLIST = "appeal_checklist"
    ENROLLMENT_FORM = "enrollment_form"
