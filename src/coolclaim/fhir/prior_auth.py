"""A hub case's prior-authorization request as a Da Vinci PAS-shaped Bundle.

Shape (PAS Request Bundle): type `collection`, an identifier and a timestamp; the first entry is a
Claim with `use = preauthorization`, then the resources it references — the beneficiary Patient
(and the subscriber when the patient is a dependent), Coverage, the requesting Organization, the
insurer Organization and the ordering Practitioner. `fhir.resources` does not check profiles; the
PAS rules we rely on are `pas_checks.check_pas_bundle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from coolclaim.claims.model import BillingProvider, ClaimKind, Patient, Subscriber
from coolclaim.fhir import systems
from coolclaim.fhir.bundle_parts import entries, party_ids, party_resources
from coolclaim.fhir.claim_export import coding, diagnosis_json, money, product_json
from coolclaim.fhir.parties import Clinician
from coolclaim.fhir.references import reference


@dataclass(frozen=True, slots=True)
class RequestedService:
    """One service asked for: code, modifiers, units over a period, the diagnoses behind it."""

    sequence: int
    code: str
    units: Decimal
    start: date
    end: date
    diagnosis_pointers: tuple[int, ...]  # 1-based positions in the request's diagnoses
    modifiers: tuple[str, ...] = ()
    estimated_charge: Decimal | None = None
    revenue_code: str | None = None

    def __post_init__(self) -> None:
        if self.sequence < 1:
            raise ValueError(f"requested service sequence {self.sequence} must be 1 or more")
        if self.units <= 0:
            raise ValueError(f"requested service {self.sequence}: units {self.units} must be positive")
        if self.end < self.start:
            raise ValueError(f"requested service {self.sequence}: end {self.end} is before start {self.start}")
        if not self.diagnosis_pointers:
            raise ValueError(f"requested service {self.sequence}: no diagnosis pointers")


@dataclass(frozen=True, slots=True)
class PriorAuthRequest:
    """What a hub case sends to ask for a prior authorization."""

    request_id: str  # the hub case's PA request number (Claim.identifier, Bundle.identifier)
    kind: ClaimKind
    subscriber: Subscriber
    provider: BillingProvider  # the requesting organisation
    ordering: Clinician
    diagnoses: tuple[str, ...]  # ICD-10-CM without the dot, principal first
    services: tuple[RequestedService, ...]
    created: datetime  # timezone-aware
    patient: Patient | None = None  # None when the patient is the subscriber
    place_of_service: str = "11"

    def __post_init__(self) -> None:
        if not self.request_id:
            raise ValueError("prior-auth request: request_id is empty")
        if self.created.tzinfo is None:
            raise ValueError(f"prior-auth request {self.request_id}: created must be timezone-aware")
        if not self.diagnoses:
            raise ValueError(f"prior-auth request {self.request_id}: no diagnoses")
        if not self.services:
            raise ValueError(f"prior-auth request {self.request_id}: no requested services")
        for service in self.services:
            for pointer in service.diagnosis_pointers:
                if not 1 <= pointer <= len(self.diagnoses):
                    raise ValueError(
                        f"prior-auth request {self.request_id} service {service.sequence}: diagnosis pointer"
                        f" {pointer} does not point at one of the {len(self.diagnoses)} diagnoses"
                    )


def _item(request: PriorAuthRequest, service: RequestedService) -> dict[str, Any]:
    item: dict[str, Any] = {
        "sequence": service.sequence,
        "careTeamSequence": [1],
        "diagnosisSequence": list(service.diagnosis_pointers),
    }
    if service.revenue_code is not None:
        item["revenue"] = coding(systems.REVENUE_CODE, service.revenue_code)
    item.update(product_json(service.code, service.modifiers))
    item["servicedPeriod"] = {"start": service.start.isoformat(), "end": service.end.isoformat()}
    item["locationCodeableConcept"] = coding(systems.PLACE_OF_SERVICE, request.place_of_service)
    item["quantity"] = {"value": service.units}
    if service.estimated_charge is not None:
        item["net"] = money(service.estimated_charge)
    return item


def prior_auth_bundle(request: PriorAuthRequest) -> Bundle:
    """The PAS-shaped request Bundle for `request` (stable ids: the same request gives the same JSON)."""
    scope = f"prior-auth/{request.request_id}"
    ids = party_ids(scope, dependent=request.patient is not None)
    claim: dict[str, Any] = {
        "resourceType": "Claim",
        "id": ids.claim,
        "identifier": [{"system": systems.PRIOR_AUTH_REQUEST_ID, "value": request.request_id}],
        "status": "active",
        "type": coding(systems.CLAIM_TYPE, request.kind.value),
        "use": "preauthorization",
        "patient": reference(ids.beneficiary),
        "created": request.created.isoformat(),
        "insurer": reference(ids.payer),
        "provider": reference(ids.provider),
        "priority": coding(systems.PROCESS_PRIORITY, "normal"),
        "careTeam": [
            {"sequence": 1, "provider": reference(ids.practitioner), "role": coding(systems.CARE_TEAM_ROLE, "primary")}
        ],
        "diagnosis": diagnosis_json(request.diagnoses),
        "insurance": [{"sequence": 1, "focal": True, "coverage": reference(ids.coverage)}],
        "item": [_item(request, service) for service in request.services],
    }
    charges = [service.estimated_charge for service in request.services if service.estimated_charge is not None]
    if charges:
        claim["total"] = money(sum(charges, Decimal(0)))
    resources = [
        claim,
        *party_resources(
            ids,
            subscriber=request.subscriber,
            patient=request.patient,
            provider=request.provider,
            clinician=request.ordering,
        ),
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": ids.claim,
            "identifier": {"system": systems.BUNDLE_ID, "value": scope},
            "type": "collection",
            "timestamp": request.created.isoformat(),
            "entry": entries(resources),
        }
    )
