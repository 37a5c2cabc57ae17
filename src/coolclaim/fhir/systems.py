"""Code and identifier systems the FHIR adapter writes and reads.

Standard systems are named with their owners (HL7 terminology, AMA, CMS, NUBC, CARIN Blue Button);
the few facts with no published system (X12 claim filing indicator, claim frequency, signature and
assignment flags, payer id) use our own `urn:coolclaim:` systems, so a reader knows they are ours.
"""

from __future__ import annotations

# Codes
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"  # HCPCS Level II (HL7 THO)
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
REVENUE_CODE = "https://www.nubc.org/CodeSystem/RevenueCodes"  # NUBC, as CARIN BB names it
TYPE_OF_BILL = "https://www.nubc.org/CodeSystem/TypeOfBill"
ADMISSION_TYPE = "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit"
PATIENT_STATUS = "https://www.nubc.org/CodeSystem/PatDischargeStatus"
PLACE_OF_SERVICE = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority"
DIAGNOSIS_TYPE = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype"
CARE_TEAM_ROLE = "http://terminology.hl7.org/CodeSystem/claimcareteamrole"
SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
PROVIDER_TAXONOMY = "http://nucc.org/provider-taxonomy"
CARIN_SUPPORTING_INFO = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType"

# Identifiers
NPI = "http://hl7.org/fhir/sid/us-npi"
TIN = "urn:oid:2.16.840.1.113883.4.4"  # US IRS employer / taxpayer identification number

# Ours: facts that have no published system
CLAIM_ID = "urn:coolclaim:claim-id"  # the patient control number (CLM01)
PRIOR_AUTH_REQUEST_ID = "urn:coolclaim:prior-auth-request"
BUNDLE_ID = "urn:coolclaim:bundle"
PAYER_ID = "urn:coolclaim:x12:payer-id"  # NM1*PR NM109
PAYER_CLAIM_NUMBER = "urn:coolclaim:payer-claim-number"  # REF*F8
CLAIM_FILING_INDICATOR = "urn:coolclaim:x12:claim-filing-indicator"  # SBR09
X12_RELATIONSHIP = "urn:coolclaim:x12:individual-relationship"  # PAT01 / SBR02
COOLCLAIM_INFO = "urn:coolclaim:claim-information"  # supportingInfo categories of our own

CURRENCY = "USD"


def member_id_system(payer_id: str) -> str:
    """Member ids are unique only within a payer, so the system names the payer."""
    return f"urn:coolclaim:payer:{payer_id}:member-id"
