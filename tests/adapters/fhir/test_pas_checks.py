"""Our PAS checks: the bundle we send passes; each crafted bad bundle fails with its code and path."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from coolclaim.fhir import PasProblem, check_pas_bundle, prior_auth_bundle
from tests.adapters.fhir.pa_factories import cooling_request

Json = dict[str, Any]


def _good() -> Json:
    data: Json = json.loads(prior_auth_bundle(cooling_request(dependent=True)).model_dump_json())
    return data


def _claim(data: Json) -> Json:
    claim: Json = data["entry"][0]["resource"]
    return claim


@pytest.mark.parametrize("dependent", [False, True])
def test_our_bundle_passes(dependent: bool) -> None:
    assert check_pas_bundle(prior_auth_bundle(cooling_request(dependent=dependent))) == []


def test_our_bundle_order_is_claim_patients_coverage_organizations_practitioner() -> None:
    kinds = [e["resource"]["resourceType"] for e in _good()["entry"]]
    assert kinds == ["Claim", "Patient", "Patient", "Coverage", "Organization", "Organization", "Practitioner"]


def _set_type(data: Json) -> None:
    data["type"] = "transaction"
    for entry in data["entry"]:
        entry["request"] = {"method": "POST", "url": entry["resource"]["resourceType"]}


def _drop_identifier(data: Json) -> None:
    del data["identifier"]
    del data["timestamp"]


def _claim_not_first(data: Json) -> None:
    data["entry"].append(data["entry"].pop(0))


def _use_claim(data: Json) -> None:
    _claim(data)["use"] = "claim"


def _dangling_reference(data: Json) -> None:
    _claim(data)["insurer"]["reference"] = "urn:uuid:11111111-2222-3333-4444-555555555555"


def _missing_practitioner(data: Json) -> None:
    data["entry"] = [e for e in data["entry"] if e["resource"]["resourceType"] != "Practitioner"]


def _patient_without_identifier(data: Json) -> None:
    del data["entry"][1]["resource"]["identifier"]


def _claim_without_identifier(data: Json) -> None:
    del _claim(data)["identifier"]


def _coverage_without_ids(data: Json) -> None:
    del data["entry"][3]["resource"]["identifier"]
    del data["entry"][3]["resource"]["subscriberId"]


def _no_focal(data: Json) -> None:
    _claim(data)["insurance"][0]["focal"] = False


def _two_focal(data: Json) -> None:
    second = dict(_claim(data)["insurance"][0], sequence=2)
    _claim(data)["insurance"].append(second)


def _duplicate_full_url(data: Json) -> None:
    data["entry"][2]["fullUrl"] = data["entry"][1]["fullUrl"]


def _missing_full_url(data: Json) -> None:
    del data["entry"][5]["fullUrl"]


CASES: list[tuple[str, Callable[[Json], None], list[tuple[str, str]]]] = [
    ("transaction", _set_type, [("PAS-TYPE", "Bundle.type")]),
    (
        "no identifier",
        _drop_identifier,
        [("PAS-BUNDLE-ID", "Bundle.identifier"), ("PAS-BUNDLE-ID", "Bundle.timestamp")],
    ),
    ("claim not first", _claim_not_first, [("PAS-FIRST-CLAIM", "Bundle.entry[0]")]),
    ("use claim", _use_claim, [("PAS-USE", "Bundle.entry[0].resource.use")]),
    ("dangling insurer", _dangling_reference, [("PAS-REFERENCE", "Bundle.entry[0].resource.insurer")]),
    (
        "practitioner missing",
        _missing_practitioner,
        [("PAS-REFERENCE", "Bundle.entry[0].resource.careTeam[0].provider")],
    ),
    ("patient unidentified", _patient_without_identifier, [("PAS-IDENTIFIER", "Bundle.entry[1].resource.identifier")]),
    ("claim unidentified", _claim_without_identifier, [("PAS-IDENTIFIER", "Bundle.entry[0].resource.identifier")]),
    ("coverage unidentified", _coverage_without_ids, [("PAS-IDENTIFIER", "Bundle.entry[3].resource.identifier")]),
    ("no focal", _no_focal, [("PAS-FOCAL", "Bundle.entry[0].resource.insurance")]),
    ("two focal", _two_focal, [("PAS-FOCAL", "Bundle.entry[0].resource.insurance")]),
    (
        "duplicate fullUrl",
        _duplicate_full_url,  # the subscriber Patient loses its own URL, so Coverage.subscriber dangles too
        [("PAS-FULLURL", "Bundle.entry[2].fullUrl"), ("PAS-REFERENCE", "Bundle.entry[3].resource.subscriber")],
    ),
]


@pytest.mark.parametrize(("name", "spoil", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_fails_on_a_crafted_bundle(
    name: str, spoil: Callable[[Json], None], expected: list[tuple[str, str]]
) -> None:
    data = _good()
    spoil(data)
    problems = check_pas_bundle(Bundle.model_validate(data))
    assert [(p.code, p.path) for p in problems] == expected


def test_missing_full_url_is_named_and_references_to_it_fail() -> None:
    data = _good()
    _missing_full_url(data)
    problems = check_pas_bundle(Bundle.model_validate(data))
    # entry 5 is the insurer Organization: with its fullUrl gone, the urn:uuid references to it dangle
    assert [(p.code, p.path) for p in problems] == [
        ("PAS-FULLURL", "Bundle.entry[5].fullUrl"),
        ("PAS-REFERENCE", "Bundle.entry[0].resource.insurer"),
        ("PAS-REFERENCE", "Bundle.entry[3].resource.payor[0]"),
    ]


def test_every_problem_is_returned_not_only_the_first() -> None:
    data = _good()
    for spoil in (_set_type, _use_claim, _no_focal, _dangling_reference):
        spoil(data)
    problems = check_pas_bundle(Bundle.model_validate(data))
    assert problems == [
        PasProblem("PAS-TYPE", "Bundle.type", "is 'transaction', must be 'collection'"),
        PasProblem("PAS-USE", "Bundle.entry[0].resource.use", "is 'claim', must be 'preauthorization'"),
        PasProblem("PAS-FOCAL", "Bundle.entry[0].resource.insurance", "0 have focal = true, must be 1"),
        PasProblem(
            "PAS-REFERENCE",
            "Bundle.entry[0].resource.insurer",
            "urn:uuid:11111111-2222-3333-4444-555555555555 does not resolve inside the bundle",
        ),
    ]
