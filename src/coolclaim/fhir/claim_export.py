"""A `coolclaim.claims` Claim as FHIR R4B: the Claim resource and a collection Bundle with its parties.

Where our claim holds an X12 fact that FHIR has no element for, it goes in `supportingInfo`
(type of bill, admission type and patient status under CARIN BB's categories; claim frequency,
signature on file and assignment under ours), so `reading.read_claim_bundle` gives it back.
Place of service goes on professional items only, the institutional facts on institutional claims
only: the reader gives the claim model's defaults for the other kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim

from coolclaim.claims.model import BillingProvider, Claim, ClaimKind, ClaimLine
from coolclaim.fhir import systems
from coolclaim.fhir.bundle_parts import PartyIds, entries, party_ids, party_resources
from coolclaim.fhir.codes import icd10cm_dotted, modifier_system, procedure_system
from coolclaim.fhir.parties import Clinician
from coolclaim.fhir.references import reference


@dataclass(frozen=True, slots=True)
class ClaimSubmission:
    """What the FHIR claim export carries: the claim, who bills it and when the claim was created."""

    claim: Claim
    provider: BillingProvider
    created: datetime

    def __post_init__(self) -> None:
        if self.created.tzinfo is None:
            raise ValueError(f"claim {self.claim.claim_id}: created {self.created} must be timezone-aware")


def money(amount: Decimal) -> dict[str, Any]:
    return {"value": amount, "currency": systems.CURRENCY}


def coding(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def diagnosis_json(diagnoses: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for sequence, code in enumerate(diagnoses, start=1):
        entry: dict[str, Any] = {
            "sequence": sequence,
            "diagnosisCodeableConcept": coding(systems.ICD10CM, icd10cm_dotted(code)),
        }
        if sequence == 1:
            entry["type"] = [coding(systems.DIAGNOSIS_TYPE, "principal")]
        out.append(entry)
    return out


def product_json(code: str, modifiers: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"productOrService": coding(procedure_system(code), code)}
    if modifiers:
        data["modifier"] = [coding(modifier_system(modifier), modifier) for modifier in modifiers]
    return data


def supporting_info(category_system: str, category: str, sequence: int, **value: Any) -> dict[str, Any]:
    return {"sequence": sequence, "category": coding(category_system, category), **value}


def _claim_info(claim: Claim) -> list[dict[str, Any]]:
    info: list[tuple[str, str, dict[str, Any]]] = []
    if claim.kind is ClaimKind.INSTITUTIONAL:
        info += [
            (systems.CARIN_SUPPORTING_INFO, "typeofbill", {"code": coding(systems.TYPE_OF_BILL, claim.type_of_bill)}),
            (systems.CARIN_SUPPORTING_INFO, "admtype", {"code": coding(systems.ADMISSION_TYPE, claim.admission_type)}),
            (
                systems.CARIN_SUPPORTING_INFO,
                "discharge-status",
                {"code": coding(systems.PATIENT_STATUS, claim.patient_status)},
            ),
        ]
    info += [
        (systems.COOLCLAIM_INFO, "claim-frequency", {"valueString": claim.frequency}),
        (systems.COOLCLAIM_INFO, "signature-on-file", {"valueBoolean": claim.signature_on_file}),
        (systems.COOLCLAIM_INFO, "assignment-accepted", {"valueBoolean": claim.assignment_accepted}),
    ]
    return [supporting_info(system, category, n, **value) for n, (system, category, value) in enumerate(info, 1)]


def _item(claim: Claim, line: ClaimLine, with_care_team: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"sequence": line.line_number}
    if with_care_team:
        item["careTeamSequence"] = [1]
    item["diagnosisSequence"] = list(line.diagnosis_pointers)
    if line.revenue_code is not None:
        item["revenue"] = coding(systems.REVENUE_CODE, line.revenue_code)
    item.update(product_json(line.code, line.modifiers))
    item["servicedDate"] = line.service_date.isoformat()
    if claim.kind is ClaimKind.PROFESSIONAL:
        item["locationCodeableConcept"] = coding(systems.PLACE_OF_SERVICE, claim.place_of_service)
    item["quantity"] = {"value": line.units}
    item["net"] = money(line.charge)
    return item


def attending(claim: Claim) -> Clinician | None:
    if claim.attending_npi is None:
        return None
    last, first = claim.attending_name if claim.attending_name is not None else (None, None)
    return Clinician(claim.attending_npi, last, first)


def claim_json(submission: ClaimSubmission, ids: PartyIds) -> dict[str, Any]:
    claim = submission.claim
    clinician = attending(claim)
    data: dict[str, Any] = {
        "resourceType": "Claim",
        "id": ids.claim,
        "identifier": [{"system": systems.CLAIM_ID, "value": claim.claim_id}],
        "status": "active",
        "type": coding(systems.CLAIM_TYPE, claim.kind.value),
        "use": "claim",
        "patient": reference(ids.beneficiary),
        "billablePeriod": {
            "start": claim.first_service_date.isoformat(),
            "end": claim.last_service_date.isoformat(),
        },
        "created": submission.created.isoformat(),
        "insurer": reference(ids.payer),
        "provider": reference(ids.provider),
        "priority": coding(systems.PROCESS_PRIORITY, "normal"),
    }
    if claim.payer_claim_number is not None:
        data["related"] = [{"reference": {"system": systems.PAYER_CLAIM_NUMBER, "value": claim.payer_claim_number}}]
    if clinician is not None:
        data["careTeam"] = [
            {"sequence": 1, "provider": reference(ids.practitioner), "role": coding(systems.CARE_TEAM_ROLE, "primary")}
        ]
    data["supportingInfo"] = _claim_info(claim)
    data["diagnosis"] = diagnosis_json(claim.diagnoses)
    insurance: dict[str, Any] = {"sequence": 1, "focal": True, "coverage": reference(ids.coverage)}
    if claim.prior_authorization is not None:
        insurance["preAuthRef"] = [claim.prior_authorization]
    data["insurance"] = [insurance]
    data["item"] = [_item(claim, line, clinician is not None) for line in claim.lines]
    data["total"] = money(claim.total_charge)
    return data


def _ids(claim: Claim) -> PartyIds:
    return party_ids(f"claim/{claim.claim_id}", dependent=claim.patient is not None)


def claim_resource(submission: ClaimSubmission) -> FhirClaim:
    """The Claim resource (use = claim); its references point at `claim_bundle`'s entries."""
    return FhirClaim.model_validate(claim_json(submission, _ids(submission.claim)))


def claim_bundle(submission: ClaimSubmission) -> Bundle:
    """A collection Bundle: the Claim first, then Patient(s), Coverage, Organizations, Practitioner."""
    claim = submission.claim
    ids = _ids(claim)
    resources = [
        claim_json(submission, ids),
        *party_resources(
            ids,
            subscriber=claim.subscriber,
            patient=claim.patient,
            provider=submission.provider,
            clinician=attending(claim),
        ),
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": ids.claim,
            "identifier": {"system": systems.BUNDLE_ID, "value": f"claim/{claim.claim_id}"},
            "type": "collection",
            "timestamp": submission.created.isoformat(),
            "entry": entries(resources),
        }
    )
