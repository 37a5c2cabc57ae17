"""Ours -> FHIR JSON -> fhir.resources parse -> ours: equal, for every claim shape we send."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim
from hypothesis import given, settings
from hypothesis import strategies as st

from coolclaim.claims.model import Claim, ClaimLine
from coolclaim.fhir import (
    ClaimSubmission,
    FhirReadError,
    claim_bundle,
    claim_resource,
    parse_bundle,
    prior_auth_bundle,
    read_claim_bundle,
    read_prior_auth_bundle,
)
from tests import claim_factories as f
from tests.adapters.fhir.pa_factories import cooling_request

ALL_CLAIMS = [*f.office_claims(), *f.hospital_claims()]


def _submission(claim: Claim) -> ClaimSubmission:
    return ClaimSubmission(claim, f.HOSPITAL if claim.kind.value == "institutional" else f.OFFICE, f.CREATED)


@pytest.mark.parametrize("claim", ALL_CLAIMS, ids=lambda c: c.claim_id)
def test_claim_round_trip_through_json(claim: Claim) -> None:
    submission = _submission(claim)
    text = claim_bundle(submission).model_dump_json()
    assert read_claim_bundle(parse_bundle(text)) == submission


def test_payer_claim_number_and_replacement_frequency_round_trip() -> None:
    claim = replace(f.category_iii_office(), frequency="7", payer_claim_number="PCN-99881", place_of_service="22")
    submission = _submission(claim)
    assert read_claim_bundle(parse_bundle(claim_bundle(submission).model_dump_json())) == submission


@pytest.mark.parametrize("dependent", [False, True])
def test_prior_auth_round_trip_through_json(dependent: bool) -> None:
    request = cooling_request(dependent=dependent)
    text = prior_auth_bundle(request).model_dump_json()
    assert read_prior_auth_bundle(parse_bundle(text)) == request


def test_codes_carry_their_systems() -> None:
    claim = f.category_i_office()
    data = json.loads(claim_resource(_submission(claim)).model_dump_json())
    assert data["diagnosis"][0]["diagnosisCodeableConcept"]["coding"] == [
        {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C50.911"}
    ]
    assert data["diagnosis"][0]["type"][0]["coding"][0]["code"] == "principal"
    assert data["item"][0]["productOrService"]["coding"] == [
        {"system": "http://www.ama-assn.org/go/cpt", "code": "99214"}
    ]
    assert data["item"][0]["modifier"] == [{"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "25"}]}]
    assert data["item"][4]["modifier"][0]["coding"][0] == {
        "system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "code": "GA",
    }
    assert data["item"][6]["quantity"] == {"value": 3}
    assert data["item"][6]["net"] == {"value": 300.0, "currency": "USD"}
    assert data["total"] == {"value": 1760.0, "currency": "USD"}
    assert data["insurance"] == [
        {"sequence": 1, "focal": True, "coverage": data["insurance"][0]["coverage"], "preAuthRef": ["AUTH2026X9"]}
    ]


def test_hcpcs_level_ii_and_revenue_codes_on_institutional_items() -> None:
    data = json.loads(claim_resource(_submission(f.hospital_outpatient())).model_dump_json())
    assert data["type"]["coding"][0]["code"] == "institutional"
    assert data["item"][0]["productOrService"]["coding"][0] == {
        "system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "code": "G0463",
    }
    assert data["item"][0]["revenue"]["coding"][0] == {
        "system": "https://www.nubc.org/CodeSystem/RevenueCodes",
        "code": "0510",
    }
    assert "locationCodeableConcept" not in data["item"][0]


def test_billing_provider_organization_has_npi_and_tin() -> None:
    bundle = json.loads(claim_bundle(_submission(f.category_iii_office())).model_dump_json())
    org = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Organization")
    assert org["identifier"][0] == {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}
    assert org["identifier"][1]["system"] == "urn:oid:2.16.840.1.113883.4.4"
    assert org["identifier"][1]["value"] == "621234567"
    assert org["name"] == "RIVERSIDE ONCOLOGY"


def test_money_keeps_cents_exactly_when_read() -> None:
    submission = _submission(f.category_iii_office())
    read = read_claim_bundle(parse_bundle(claim_bundle(submission).model_dump_json()))
    assert read.claim.lines[2].charge == Decimal("1200.50")
    assert read.claim.total_charge == Decimal("1960.50")


def test_reader_names_an_unresolvable_reference() -> None:
    data = json.loads(claim_bundle(_submission(f.category_iii_office())).model_dump_json())
    data["entry"][0]["resource"]["provider"]["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    with pytest.raises(FhirReadError) as caught:
        read_claim_bundle(Bundle.model_validate(data))
    assert str(caught.value) == (
        "Claim.provider: reference 'urn:uuid:00000000-0000-0000-0000-000000000000' does not resolve inside the bundle"
    )


def test_reader_refuses_a_prior_auth_bundle_as_a_claim() -> None:
    with pytest.raises(FhirReadError) as caught:
        read_claim_bundle(prior_auth_bundle(cooling_request()))
    assert str(caught.value) == "Claim.use: 'preauthorization', expected 'claim'"


def test_claim_resource_parses_as_fhir_claim() -> None:
    resource = claim_resource(_submission(f.category_iii_office()))
    again = FhirClaim.model_validate_json(resource.model_dump_json())
    assert again.use == "claim"
    assert again.identifier is not None
    assert again.identifier[0].value == "CC2025-0001"


def test_naive_created_is_refused() -> None:
    with pytest.raises(ValueError, match="must be timezone-aware"):
        ClaimSubmission(f.category_iii_office(), f.OFFICE, f.CREATED.replace(tzinfo=None))


_codes = st.sampled_from(["96413", "0663T", "97009", "G0463", "J9267", "99214"])
_modifiers = st.lists(st.sampled_from(["25", "59", "GA", "KX", "XU"]), max_size=4, unique=True).map(tuple)
_money = st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False)
_units = st.decimals(min_value=Decimal("0.1"), max_value=99, places=1, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_codes, _modifiers, _money, _units), min_size=1, max_size=8))
def test_any_lines_round_trip(lines: list[tuple[str, tuple[str, ...], Decimal, Decimal]]) -> None:
    day = date(2026, 2, 10)
    claim = replace(
        f.category_i_office(),
        lines=tuple(
            ClaimLine(n, code, charge, units, day, (1,), modifiers)
            for n, (code, modifiers, charge, units) in enumerate(lines, start=1)
        ),
    )
    submission = _submission(claim)
    assert read_claim_bundle(parse_bundle(claim_bundle(submission).model_dump_json())) == submission
