"""The resources around a Claim in a Bundle: beneficiary, subscriber, coverage, provider, payer, practitioner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coolclaim.claims.model import BillingProvider, Patient, Subscriber
from coolclaim.fhir.coverage import coverage_json
from coolclaim.fhir.parties import Clinician, patient_json, payer_json, practitioner_json, provider_json
from coolclaim.fhir.references import full_url, resource_id


@dataclass(frozen=True, slots=True)
class PartyIds:
    claim: str
    beneficiary: str
    subscriber: str  # equals beneficiary when the patient is the subscriber
    coverage: str
    provider: str
    payer: str
    practitioner: str


def party_ids(scope: str, *, dependent: bool) -> PartyIds:
    beneficiary = resource_id(scope, "beneficiary")
    return PartyIds(
        claim=resource_id(scope, "claim"),
        beneficiary=beneficiary,
        subscriber=resource_id(scope, "subscriber") if dependent else beneficiary,
        coverage=resource_id(scope, "coverage"),
        provider=resource_id(scope, "provider"),
        payer=resource_id(scope, "payer"),
        practitioner=resource_id(scope, "practitioner"),
    )


def party_resources(
    ids: PartyIds,
    *,
    subscriber: Subscriber,
    patient: Patient | None,
    provider: BillingProvider,
    clinician: Clinician | None,
) -> list[dict[str, Any]]:
    """Resource JSON in bundle order: Patient(s), Coverage, Organization(s), Practitioner."""
    payer_key = subscriber.payer.payer_id
    out: list[dict[str, Any]] = []
    if patient is None:
        out.append(patient_json(subscriber.person, ids.beneficiary, member_id=subscriber.member_id, payer_id=payer_key))
    else:
        out.append(patient_json(patient.person, ids.beneficiary, member_id=subscriber.member_id, payer_id=payer_key))
        out.append(patient_json(subscriber.person, ids.subscriber, member_id=subscriber.member_id, payer_id=payer_key))
    out.append(
        coverage_json(
            subscriber,
            ids.coverage,
            beneficiary_id=ids.beneficiary,
            subscriber_patient_id=ids.subscriber,
            payer_id=ids.payer,
            relationship="18" if patient is None else patient.relationship,
        )
    )
    out.append(provider_json(provider, ids.provider))
    out.append(payer_json(subscriber.payer, ids.payer))
    if clinician is not None:
        out.append(practitioner_json(clinician, ids.practitioner))
    return out


def entries(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"fullUrl": full_url(str(resource["id"])), "resource": resource} for resource in resources]
