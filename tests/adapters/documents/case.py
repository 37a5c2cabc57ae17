"""The fixed synthetic case and the documents drafted from it (one name per golden file)."""

from __future__ import annotations

from coolclaim.documents import CaseFacts, DocumentKind, Draft, draft
from coolclaim.documents.sample_case import ISSUED_ON, synthetic_case

# golden name -> (kind, prefilled?)
DOCUMENTS: dict[str, tuple[DocumentKind, bool]] = {
    "letter_of_medical_necessity": (DocumentKind.LETTER_OF_MEDICAL_NECESSITY, True),
    "letter_of_appeal": (DocumentKind.LETTER_OF_APPEAL, True),
    "summary_of_benefits": (DocumentKind.SUMMARY_OF_BENEFITS, True),
    "claim_filing_checklist": (DocumentKind.CLAIM_FILING_CHECKLIST, True),
    "prior_authorization_checklist": (DocumentKind.PRIOR_AUTHORIZATION_CHECKLIST, True),
    "appeal_checklist": (DocumentKind.APPEAL_CHECKLIST, True),
    "enrollment_form": (DocumentKind.ENROLLMENT_FORM, True),
    "enrollment_form_blank": (DocumentKind.ENROLLMENT_FORM, False),
}

PATIENT_NAME = "Ada Testpatient"
MEMBER_ID = "PSH400217789"


def document(name: str) -> Draft:
    kind, prefilled = DOCUMENTS[name]
    return draft(kind, synthetic_case() if prefilled else CaseFacts(), issued_on=ISSUED_ON)
