"""FHIR R4B adapter (`fhir.resources`): Patient, Organization, Coverage and Claim from our claims,
a Da Vinci PAS-shaped prior-authorization Bundle, our PAS checks, and readers back into our types."""

from coolclaim.fhir.claim_export import ClaimSubmission, claim_bundle, claim_resource
from coolclaim.fhir.parties import Clinician
from coolclaim.fhir.pas_checks import PasProblem, check_pas_bundle
from coolclaim.fhir.prior_auth import PriorAuthRequest, RequestedService, prior_auth_bundle
from coolclaim.fhir.reading import FhirReadError, parse_bundle, read_claim_bundle, read_prior_auth_bundle

__all__ = [
    "ClaimSubmission",
    "Clinician",
    "FhirReadError",
    "PasProblem",
    "PriorAuthRequest",
    "RequestedService",
    "check_pas_bundle",
    "claim_bundle",
    "claim_resource",
    "parse_bundle",
    "prior_auth_bundle",
    "read_claim_bundle",
    "read_prior_auth_bundle",
]
