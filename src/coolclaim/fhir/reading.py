"""Reading our FHIR Bundles back into `coolclaim` types (the round-trip half of the adapter).

The Bundle is parsed by `fhir.resources` first; the reader then works on its JSON with decimals
kept exact. A missing or unresolvable element raises `FhirReadError` naming its path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from coolclaim.claims.model import (
    Address,
    BillingProvider,
    Claim,
    ClaimKind,
    ClaimLine,
    Contact,
    Patient,
    Payer,
    Person,
    Subscriber,
)
from coolclaim.fhir import systems
from coolclaim.fhir.claim_export import ClaimSubmission
from coolclaim.fhir.codes import RESPONSIBILITY_BY_ORDER, SEX_BY_GENDER, icd10cm_undotted
from coolclaim.fhir.parties import Clinician
from coolclaim.fhir.prior_auth import PriorAuthRequest, RequestedService

Json = dict[str, Any]


class FhirReadError(ValueError):
    """A bundle that cannot be read back into our types; the message names the element."""


def parse_bundle(text: str) -> Bundle:
    """Parse Bundle JSON with `fhir.resources` (raises its ValidationError on a malformed resource)."""
    return Bundle.model_validate_json(text)


def bundle_json(bundle: Bundle) -> Json:
    data: Json = json.loads(bundle.model_dump_json(), parse_float=Decimal)
    return data


@dataclass(frozen=True, slots=True)
class _Index:
    by_url: dict[str, Json]

    @classmethod
    def of(cls, bundle: Json) -> _Index:
        return cls({str(entry.get("fullUrl")): entry.get("resource", {}) for entry in bundle.get("entry", [])})

    def resolve(self, ref: Any, path: str, resource_type: str) -> Json:
        target = ref.get("reference") if isinstance(ref, dict) else None
        resource = self.by_url.get(str(target))
        if resource is None:
            raise FhirReadError(f"{path}: reference {target!r} does not resolve inside the bundle")
        if resource.get("resourceType") != resource_type:
            raise FhirReadError(f"{path}: {target} is a {resource.get('resourceType')}, expected {resource_type}")
        return resource


def _need(data: Json, key: str, path: str) -> Any:
    if key not in data or data[key] in (None, [], ""):
        raise FhirReadError(f"{path}.{key}: missing")
    return data[key]


def _code(concept: Any, system: str, path: str) -> str:
    for coding in concept.get("coding", []) if isinstance(concept, dict) else []:
        if coding.get("system") == system and coding.get("code"):
            return str(coding["code"])
    raise FhirReadError(f"{path}: no coding in {system}")


def _codes_any(concept: Json) -> str:
    return str(concept["coding"][0]["code"])


def _identifier(resource: Json, system: str, path: str) -> str:
    for identifier in resource.get("identifier", []):
        if identifier.get("system") == system and identifier.get("value"):
            return str(identifier["value"])
    raise FhirReadError(f"{path}.identifier: none in {system}")


def _address(data: Json, path: str) -> Address:
    lines = _need(data, "line", path)
    return Address(
        line1=lines[0],
        line2=lines[1] if len(lines) > 1 else None,
        city=_need(data, "city", path),
        state=_need(data, "state", path),
        postal_code=_need(data, "postalCode", path),
    )


def _person(patient: Json, path: str) -> Person:
    name = _need(patient, "name", path)[0]
    given = _need(name, "given", f"{path}.name[0]")
    return Person(
        last_name=_need(name, "family", f"{path}.name[0]"),
        first_name=given[0],
        middle_name=given[1] if len(given) > 1 else None,
        birth_date=date.fromisoformat(_need(patient, "birthDate", path)),
        sex=SEX_BY_GENDER[_need(patient, "gender", path)],
        address=_address(_need(patient, "address", path)[0], f"{path}.address[0]"),
    )


def _provider(org: Json) -> BillingProvider:
    contact = None
    if org.get("contact"):
        first = org["contact"][0]
        telecom = {item["system"]: item["value"] for item in first.get("telecom", [])}
        contact = Contact(name=first["name"]["text"], phone=telecom["phone"], email=telecom.get("email"))
    taxonomy = next(
        (
            c["code"]
            for t in org.get("type", [])
            for c in t.get("coding", [])
            if c["system"] == systems.PROVIDER_TAXONOMY
        ),
        None,
    )
    if taxonomy is None:
        raise FhirReadError("Organization(provider).type: no NUCC taxonomy")
    return BillingProvider(
        name=_need(org, "name", "Organization(provider)"),
        npi=_identifier(org, systems.NPI, "Organization(provider)"),
        tin=_identifier(org, systems.TIN, "Organization(provider)"),
        taxonomy=taxonomy,
        address=_address(_need(org, "address", "Organization(provider)")[0], "Organization(provider).address[0]"),
        contact=contact,
    )


def _clinician(practitioner: Json) -> Clinician:
    name = practitioner.get("name", [{}])[0]
    given = name.get("given", [None])
    return Clinician(
        npi=_identifier(practitioner, systems.NPI, "Practitioner"),
        last_name=name.get("family"),
        first_name=given[0],
    )


def _coverage(index: _Index, claim: Json) -> tuple[Subscriber, Patient | None]:
    focal = [ins for ins in _need(claim, "insurance", "Claim") if ins.get("focal") is True]
    if len(focal) != 1:
        raise FhirReadError(f"Claim.insurance: {len(focal)} focal insurances, expected 1")
    coverage = index.resolve(focal[0].get("coverage"), "Claim.insurance.coverage", "Coverage")
    payer_org = index.resolve(_need(coverage, "payor", "Coverage")[0], "Coverage.payor[0]", "Organization")
    payer = Payer(
        name=_need(payer_org, "name", "Organization(payer)"),
        payer_id=_identifier(payer_org, systems.PAYER_ID, "Organization(payer)"),
        claim_filing_indicator=_code(coverage.get("type"), systems.CLAIM_FILING_INDICATOR, "Coverage.type"),
        address=_address(payer_org["address"][0], "Organization(payer).address[0]")
        if payer_org.get("address")
        else None,
    )
    group = next(
        (c["value"] for c in coverage.get("class", []) if _code(c.get("type"), systems.COVERAGE_CLASS, "") == "group"),
        None,
    )
    subscriber_patient = index.resolve(coverage.get("subscriber"), "Coverage.subscriber", "Patient")
    subscriber = Subscriber(
        member_id=_need(coverage, "subscriberId", "Coverage"),
        person=_person(subscriber_patient, "Patient(subscriber)"),
        payer=payer,
        group_number=group,
        payer_responsibility=RESPONSIBILITY_BY_ORDER[coverage.get("order", 1)],
    )
    relationship = _code(coverage.get("relationship"), systems.X12_RELATIONSHIP, "Coverage.relationship")
    beneficiary = index.resolve(claim.get("patient"), "Claim.patient", "Patient")
    if coverage.get("beneficiary", {}).get("reference") != claim["patient"]["reference"]:
        raise FhirReadError("Coverage.beneficiary: not the Claim's patient")
    if relationship == "18":
        return subscriber, None
    return subscriber, Patient(_person(beneficiary, "Patient(beneficiary)"), relationship)


def _diagnoses(claim: Json) -> tuple[str, ...]:
    ordered = sorted(_need(claim, "diagnosis", "Claim"), key=lambda d: d["sequence"])
    return tuple(
        icd10cm_undotted(_code(d.get("diagnosisCodeableConcept"), systems.ICD10CM, f"Claim.diagnosis[{n}]"))
        for n, d in enumerate(ordered)
    )


def _modifiers(item: Json) -> tuple[str, ...]:
    return tuple(_codes_any(modifier) for modifier in item.get("modifier", []))


def _info(claim: Json) -> dict[str, Json]:
    return {_codes_any(info["category"]): info for info in claim.get("supportingInfo", [])}


def _claim_id(claim: Json, system: str) -> str:
    return _identifier(claim, system, "Claim")


def _check_first_claim(bundle: Json, use: str) -> tuple[_Index, Json]:
    entries = bundle.get("entry", [])
    if not entries or entries[0].get("resource", {}).get("resourceType") != "Claim":
        raise FhirReadError("Bundle.entry[0]: not a Claim")
    claim: Json = entries[0]["resource"]
    if claim.get("use") != use:
        raise FhirReadError(f"Claim.use: {claim.get('use')!r}, expected {use!r}")
    return _Index.of(bundle), claim


def read_claim_bundle(bundle: Bundle) -> ClaimSubmission:
    """The claim, billing provider and creation time written by `claim_export.claim_bundle`."""
    index, claim = _check_first_claim(bundle_json(bundle), "claim")
    kind = ClaimKind(_code(claim.get("type"), systems.CLAIM_TYPE, "Claim.type"))
    subscriber, patient = _coverage(index, claim)
    info = _info(claim)
    institutional = kind is ClaimKind.INSTITUTIONAL
    defaults = Claim.__dataclass_fields__
    lines = []
    place_of_service = str(defaults["place_of_service"].default)
    for n, item in enumerate(_need(claim, "item", "Claim")):
        path = f"Claim.item[{n}]"
        product = _need(item, "productOrService", path)
        if not institutional:
            place_of_service = _codes_any(_need(item, "locationCodeableConcept", path))
        lines.append(
            ClaimLine(
                line_number=item["sequence"],
                code=_codes_any(product),
                charge=Decimal(_need(_need(item, "net", path), "value", f"{path}.net")),
                units=Decimal(_need(_need(item, "quantity", path), "value", f"{path}.quantity")),
                service_date=date.fromisoformat(_need(item, "servicedDate", path)),
                diagnosis_pointers=tuple(_need(item, "diagnosisSequence", path)),
                modifiers=_modifiers(item),
                revenue_code=_code(item["revenue"], systems.REVENUE_CODE, f"{path}.revenue")
                if "revenue" in item
                else None,
            )
        )
    attending = None
    if claim.get("careTeam"):
        attending = _clinician(index.resolve(claim["careTeam"][0].get("provider"), "Claim.careTeam[0]", "Practitioner"))
    insurance = next(ins for ins in claim["insurance"] if ins.get("focal") is True)
    related = claim.get("related", [])
    extra: dict[str, Any] = {}
    if institutional:
        extra = {
            "type_of_bill": _codes_any(info["typeofbill"]["code"]),
            "admission_type": _codes_any(info["admtype"]["code"]),
            "patient_status": _codes_any(info["discharge-status"]["code"]),
        }
    provider = _provider(index.resolve(claim.get("provider"), "Claim.provider", "Organization"))
    return ClaimSubmission(
        claim=Claim(
            claim_id=_claim_id(claim, systems.CLAIM_ID),
            kind=kind,
            subscriber=subscriber,
            patient=patient,
            diagnoses=_diagnoses(claim),
            lines=tuple(lines),
            frequency=info["claim-frequency"]["valueString"],
            place_of_service=place_of_service,
            prior_authorization=insurance.get("preAuthRef", [None])[0],
            payer_claim_number=related[0]["reference"]["value"] if related else None,
            attending_npi=attending.npi if attending else None,
            attending_name=(
                (attending.last_name, attending.first_name)
                if attending and attending.last_name is not None and attending.first_name is not None
                else None
            ),
            signature_on_file=info["signature-on-file"]["valueBoolean"],
            assignment_accepted=info["assignment-accepted"]["valueBoolean"],
            **extra,
        ),
        provider=provider,
        created=datetime.fromisoformat(_need(claim, "created", "Claim")),
    )


def read_prior_auth_bundle(bundle: Bundle) -> PriorAuthRequest:
    """The request written by `prior_auth.prior_auth_bundle`."""
    index, claim = _check_first_claim(bundle_json(bundle), "preauthorization")
    subscriber, patient = _coverage(index, claim)
    services = []
    place_of_service = "11"
    for n, item in enumerate(_need(claim, "item", "Claim")):
        path = f"Claim.item[{n}]"
        period = _need(item, "servicedPeriod", path)
        place_of_service = _codes_any(_need(item, "locationCodeableConcept", path))
        services.append(
            RequestedService(
                sequence=item["sequence"],
                code=_codes_any(_need(item, "productOrService", path)),
                units=Decimal(_need(_need(item, "quantity", path), "value", f"{path}.quantity")),
                start=date.fromisoformat(_need(period, "start", f"{path}.servicedPeriod")),
                end=date.fromisoformat(_need(period, "end", f"{path}.servicedPeriod")),
                diagnosis_pointers=tuple(_need(item, "diagnosisSequence", path)),
                modifiers=_modifiers(item),
                estimated_charge=Decimal(item["net"]["value"]) if "net" in item else None,
                revenue_code=_code(item["revenue"], systems.REVENUE_CODE, f"{path}.revenue")
                if "revenue" in item
                else None,
            )
        )
    care_team = _need(claim, "careTeam", "Claim")
    return PriorAuthRequest(
        request_id=_claim_id(claim, systems.PRIOR_AUTH_REQUEST_ID),
        kind=ClaimKind(_code(claim.get("type"), systems.CLAIM_TYPE, "Claim.type")),
        subscriber=subscriber,
        patient=patient,
        provider=_provider(index.resolve(claim.get("provider"), "Claim.provider", "Organization")),
        ordering=_clinician(index.resolve(care_team[0].get("provider"), "Claim.careTeam[0]", "Practitioner")),
        diagnoses=_diagnoses(claim),
        services=tuple(services),
        created=datetime.fromisoformat(_need(claim, "created", "Claim")),
        place_of_service=place_of_service,
    )
