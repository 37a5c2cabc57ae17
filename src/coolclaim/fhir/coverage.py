"""Coverage from the claim's subscriber: member id, group, payer, relationship, order (P/S/T)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.coverage import Coverage

from coolclaim.claims.model import Subscriber
from coolclaim.fhir import systems
from coolclaim.fhir.codes import COVERAGE_ORDER, RELATIONSHIP_BY_X12
from coolclaim.fhir.parties import member_identifier
from coolclaim.fhir.references import reference


def coverage_json(
    subscriber: Subscriber,
    resource_id: str,
    *,
    beneficiary_id: str,
    subscriber_patient_id: str,
    payer_id: str,
    relationship: str = "18",
) -> dict[str, Any]:
    """`relationship` is the X12 code of the patient to the subscriber (18 self, 01 spouse, 19 child, ...)."""
    data: dict[str, Any] = {
        "resourceType": "Coverage",
        "id": resource_id,
        "identifier": [member_identifier(subscriber.member_id, subscriber.payer.payer_id)],
        "status": "active",
        "type": {
            "coding": [{"system": systems.CLAIM_FILING_INDICATOR, "code": subscriber.payer.claim_filing_indicator}]
        },
        "subscriber": reference(subscriber_patient_id),
        "subscriberId": subscriber.member_id,
        "beneficiary": reference(beneficiary_id),
        "relationship": {
            "coding": [
                {"system": systems.SUBSCRIBER_RELATIONSHIP, "code": RELATIONSHIP_BY_X12[relationship]},
                {"system": systems.X12_RELATIONSHIP, "code": relationship},
            ]
        },
        "payor": [reference(payer_id)],
        "order": COVERAGE_ORDER[subscriber.payer_responsibility],
    }
    if subscriber.group_number is not None:
        data["class"] = [
            {
                "type": {"coding": [{"system": systems.COVERAGE_CLASS, "code": "group"}]},
                "value": subscriber.group_number,
            }
        ]
    return data


def coverage_resource(
    subscriber: Subscriber,
    resource_id: str,
    *,
    beneficiary_id: str,
    subscriber_patient_id: str,
    payer_id: str,
    relationship: str = "18",
) -> Coverage:
    return Coverage.model_validate(
        coverage_json(
            subscriber,
            resource_id,
            beneficiary_id=beneficiary_id,
            subscriber_patient_id=subscriber_patient_id,
            payer_id=payer_id,
            relationship=relationship,
        )
    )
