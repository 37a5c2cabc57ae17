"""Patient, Practitioner and Organization resources from the claim's people and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner

from coolclaim.claims.model import Address, BillingProvider, Payer, Person
from coolclaim.fhir import systems
from coolclaim.fhir.codes import GENDER_BY_SEX


@dataclass(frozen=True, slots=True)
class Clinician:
    """A person who orders or attends (not in the claim model for professional claims): NPI and name."""

    npi: str
    last_name: str | None = None
    first_name: str | None = None


def address_json(address: Address) -> dict[str, Any]:
    lines = [address.line1] if address.line2 is None else [address.line1, address.line2]
    return {
        "line": lines,
        "city": address.city,
        "state": address.state,
        "postalCode": address.postal_code,
        "country": "US",
    }


def member_identifier(member_id: str, payer_id: str) -> dict[str, Any]:
    return {
        "type": {"coding": [{"system": systems.IDENTIFIER_TYPE, "code": "MB"}]},
        "system": systems.member_id_system(payer_id),
        "value": member_id,
    }


def patient_json(person: Person, resource_id: str, *, member_id: str, payer_id: str) -> dict[str, Any]:
    given = [person.first_name] if person.middle_name is None else [person.first_name, person.middle_name]
    return {
        "resourceType": "Patient",
        "id": resource_id,
        "identifier": [member_identifier(member_id, payer_id)],
        "name": [{"family": person.last_name, "given": given}],
        "gender": GENDER_BY_SEX[person.sex],
        "birthDate": person.birth_date.isoformat(),
        "address": [address_json(person.address)],
    }


def patient_resource(person: Person, resource_id: str, *, member_id: str, payer_id: str) -> Patient:
    """A Patient identified by the coverage's member id (a dependent is identified under the subscriber's)."""
    return Patient.model_validate(patient_json(person, resource_id, member_id=member_id, payer_id=payer_id))


def practitioner_json(clinician: Clinician, resource_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": resource_id,
        "identifier": [{"system": systems.NPI, "value": clinician.npi}],
    }
    if clinician.last_name is not None:
        name: dict[str, Any] = {"family": clinician.last_name}
        if clinician.first_name is not None:
            name["given"] = [clinician.first_name]
        data["name"] = [name]
    return data


def practitioner_resource(clinician: Clinician, resource_id: str) -> Practitioner:
    return Practitioner.model_validate(practitioner_json(clinician, resource_id))


def provider_json(provider: BillingProvider, resource_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resourceType": "Organization",
        "id": resource_id,
        "identifier": [
            {"system": systems.NPI, "value": provider.npi},
            {
                "type": {"coding": [{"system": systems.IDENTIFIER_TYPE, "code": "TAX"}]},
                "system": systems.TIN,
                "value": provider.tin,
            },
        ],
        "active": True,
        "type": [
            {"coding": [{"system": systems.ORGANIZATION_TYPE, "code": "prov"}]},
            {"coding": [{"system": systems.PROVIDER_TAXONOMY, "code": provider.taxonomy}]},
        ],
        "name": provider.name,
        "address": [address_json(provider.address)],
    }
    if provider.contact is not None:
        telecom: list[dict[str, str]] = [{"system": "phone", "value": provider.contact.phone}]
        if provider.contact.email is not None:
            telecom.append({"system": "email", "value": provider.contact.email})
        data["contact"] = [{"name": {"text": provider.contact.name}, "telecom": telecom}]
    return data


def provider_resource(provider: BillingProvider, resource_id: str) -> Organization:
    """The billing provider as an Organization: NPI and TIN identifiers, NUCC taxonomy, address, contact."""
    return Organization.model_validate(provider_json(provider, resource_id))


def payer_json(payer: Payer, resource_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "resourceType": "Organization",
        "id": resource_id,
        "identifier": [{"system": systems.PAYER_ID, "value": payer.payer_id}],
        "active": True,
        "type": [{"coding": [{"system": systems.ORGANIZATION_TYPE, "code": "pay"}]}],
        "name": payer.name,
    }
    if payer.address is not None:
        data["address"] = [address_json(payer.address)]
    return data


def payer_resource(payer: Payer, resource_id: str) -> Organization:
    return Organization.model_validate(payer_json(payer, resource_id))
