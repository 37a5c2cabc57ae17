"""Every integer a request carries is held to the range of the column it is compared with or
stored in (issue 9, item 3): at the edges of a 32-bit column (2^31 - 1, 2^31), past a 64-bit one
(2^63) and below zero, the API answers 422 naming the field or 404 for an id, the pages a form
error or 404 — never a 500 ("integer out of range" on PostgreSQL, OverflowError on SQLite).
Run on SQLite and on PostgreSQL (``DATABASE_URL``)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from django.test import Client
from django.urls import reverse

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim, ClaimLine
from coolclaim.web.clinic.api.sessions import UNITS_MAX
from coolclaim.web.columns import column_range
from coolclaim.web.hub.models import Case
from coolclaim.web.imports.services.import_sessions import plan_sessions

from . import factories as f
from .api_support import World, contract_record, token_client, world
from .imports.test_services import jsonl

pytestmark = pytest.mark.django_db

INT32_MAX = 2**31 - 1
INT32_OVER = 2**31
INT64_OVER = 2**63
EDGES = [INT32_MAX, INT32_OVER, INT64_OVER, -1]
ID_RANGE = {"minimum": -(2**63), "maximum": 2**63 - 1}


@pytest.fixture
def people() -> World:
    return world()


@pytest.fixture
def api(people: World) -> Client:
    return token_client(people.admin)


def _errors(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


# --- the API ------------------------------------------------------------------------------


FILTERS = [
    ("patients", "facility"),
    ("courses", "facility"),
    ("courses", "patient"),
    ("sessions", "facility"),
    ("sessions", "course"),
    ("sessions", "patient"),
    ("claims", "facility"),
    ("claims", "patient"),
]


@pytest.mark.parametrize(("resource", "name"), FILTERS)
@pytest.mark.parametrize("value", EDGES)
def test_an_id_filter_holds_any_id_and_refuses_what_no_id_column_holds(
    api: Client, resource: str, name: str, value: int
) -> None:
    response = api.get(f"/api/v1/{resource}?{name}={value}")
    if value == INT64_OVER:
        assert response.status_code == 422
        assert _errors(response) == [name]
    else:  # ids are 64-bit: 2^31 is an id no row has, -1 too
        assert response.status_code == 200
        assert (response.json()["count"], response.json()["items"]) == (0, [])


@pytest.mark.parametrize("resource", ["patients", "courses", "sessions", "claims"])
@pytest.mark.parametrize(("offset", "status"), [(INT32_MAX, 200), (INT32_OVER, 200), (INT64_OVER, 422), (-1, 422)])
def test_an_offset_beyond_a_32_bit_integer_is_a_page_past_the_end(
    api: Client, resource: str, offset: int, status: int
) -> None:
    response = api.get(f"/api/v1/{resource}?offset={offset}")
    assert response.status_code == status
    if status == 200:
        assert (response.json()["offset"], response.json()["items"]) == (offset, [])
    else:
        assert _errors(response) == ["offset"]


@pytest.mark.parametrize("path", ["patients", "courses", "sessions", "claims", "hub/cases", "hub/cases/{}/estimate"])
@pytest.mark.parametrize("pk", EDGES)
def test_an_id_in_the_path_at_any_edge_is_not_found(api: Client, path: str, pk: int) -> None:
    url = f"/api/v1/{path}".format(pk) if "{}" in path else f"/api/v1/{path}/{pk}"
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": "id", "message": "no such object among your facilities"}]}


def _session(people: World, n: int, **fields: Any) -> dict[str, Any]:
    return {
        "course": people.mine.course.pk,
        "session_id": f"EDGE-{n}",
        "diagnoses": ["C50.911"],
        "cap_fitting": True,
        "cooling_start": "2026-03-03T08:00:00-05:00",
        "infusion_start": "2026-03-03T08:30:00-05:00",
        "infusion_end": "2026-03-03T09:30:00-05:00",
        "cooling_end": "2026-03-03T11:00:00-05:00",
        **fields,
    }


def _post(api: Client, path: str, body: dict[str, Any]) -> Any:
    return api.post(path, orjson.dumps(body), content_type="application/json")


@pytest.mark.parametrize("field", ["course", "coverage"])
@pytest.mark.parametrize("value", EDGES)
def test_an_id_in_a_body_at_any_edge_is_refused_naming_the_field(
    api: Client, people: World, field: str, value: int
) -> None:
    response = _post(api, "/api/v1/sessions", _session(people, 1, **{field: value}))
    if field == "course" and value != INT64_OVER:
        assert response.status_code == 404  # no such course among the caller's facilities
        assert _errors(response) == ["course"]
    else:
        assert response.status_code == 422
        assert _errors(response) == [field]


@pytest.mark.parametrize(("units", "status"), [(INT32_MAX, 201), (INT32_OVER, 422), (INT64_OVER, 422), (-1, 422)])
def test_units_are_held_to_a_claim_lines_column(api: Client, people: World, units: int, status: int) -> None:
    body = _session(people, 2, chemo_admin=[{"code": "96413", "units": units}])
    response = _post(api, "/api/v1/sessions", body)
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["chemo_admin"] == [{"code": "96413", "units": INT32_MAX}]
        # $410 a unit: a charge no claim line holds (99,999,999.99) is not stored, and the claim is held
        version = Claim.objects.get(pk=response.json()["claim"]["id"]).current_version
        assert version is not None
        assert [(line.code, line.units, line.charge) for line in version.lines.filter(code="96413")] == [
            ("96413", INT32_MAX, None)
        ]
        assert [(e.code, e.message) for e in version.edits.filter(code="CHARGE_TOO_LARGE")] == [
            (
                "CHARGE_TOO_LARGE",
                "The charge for 96413 (fee × units) is more than a claim line holds (99,999,999.99). "
                "Check the units, then code the session again.",
            )
        ]
        assert response.json()["claim"]["status"] == "hold"
    else:
        assert _errors(response) == ["chemo_admin.0.units"]


def test_the_units_bound_is_the_claim_line_columns() -> None:
    assert (1, UNITS_MAX) == (1, column_range(ClaimLine, "units")[1]) == (1, INT32_MAX)


@pytest.mark.parametrize(
    ("planned", "status"),
    [(32_767, 201), (32_768, 422), (INT32_MAX, 422), (INT32_OVER, 422), (INT64_OVER, 422), (-1, 422)],
)
def test_planned_sessions_are_held_to_the_cases_small_integer_column(people: World, planned: int, status: int) -> None:
    coordinator = f.user(Role.HUB_COORDINATOR, hub_=people.mine.facility.hub)
    body = {
        "patient_id": people.mine.patient.pk,
        "payer_type": "commercial",
        "first_infusion_date": "2026-03-10",
        "planned_sessions": planned,
    }
    response = _post(token_client(coordinator), "/api/v1/hub/cases", body)
    assert response.status_code == status, response.content
    if status == 201:
        assert Case.objects.get(pk=response.json()["id"]).planned_sessions == 32_767
    else:
        assert _errors(response) == ["planned_sessions"]


def test_a_columns_range_is_read_from_the_model_field() -> None:
    assert column_range(Case, "planned_sessions") == (0, 32_767)
    assert column_range(ClaimLine, "units") == (0, INT32_MAX)
    assert column_range(Case, "patient") == (-(2**63), 2**63 - 1)  # a foreign key: its target's id


def _int_inputs(document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Every integer the API reads, with its documented range (``maximum`` and ``minimum``)."""
    schemas = document["components"]["schemas"]

    def walk(schema: dict[str, Any], where: str) -> dict[str, dict[str, int]]:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        found: dict[str, dict[str, int]] = {}
        if schema.get("type") == "integer":
            found[where] = {k: schema[k] for k in ("minimum", "maximum") if k in schema}
        for option in schema.get("anyOf", []):
            found.update(walk(option, where))
        for name, inner in schema.get("properties", {}).items():
            found.update(walk(inner, f"{where}.{name}"))
        if "items" in schema:
            found.update(walk(schema["items"], f"{where}[]"))
        return found

    inputs: dict[str, dict[str, int]] = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            name = f"{method.upper()} {path.removeprefix('/api/v1')}"
            for parameter in operation.get("parameters", []):
                inputs.update(walk(parameter["schema"], f"{name} {parameter['in']} {parameter['name']}"))
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.update(walk(content["schema"], f"{name} body"))
    return inputs


def test_every_integer_the_api_reads_documents_its_columns_range() -> None:
    """A new integer input fails this until its range is chosen (see coolclaim.api.bounds)."""
    document = orjson.loads(Client().get("/api/v1/openapi.json").content)
    page = {"minimum": 1, "maximum": 500}
    offset = {"minimum": 0, "maximum": 2**63 - 1 - 500}
    lists = {
        "patients": ["facility"],
        "courses": ["patient", "facility"],
        "sessions": ["facility", "course", "patient"],
        "claims": ["facility", "patient"],
    }
    expected: dict[str, dict[str, int]] = {}
    for resource, filters in lists.items():
        for name in filters:
            expected[f"GET /{resource} query {name}"] = ID_RANGE
        expected[f"GET /{resource} query limit"] = page
        expected[f"GET /{resource} query offset"] = offset
    for path, name in [
        ("patients/{patient_id}", "patient_id"),
        ("courses/{course_id}", "course_id"),
        ("sessions/{pk}", "pk"),
        ("claims/{claim_id}", "claim_id"),
        ("hub/cases/{case_id}", "case_id"),
        ("hub/cases/{case_id}/estimate", "case_id"),
    ]:
        expected[f"GET /{path} path {name}"] = {}  # beyond any row: 404
    expected["POST /sessions body.course"] = ID_RANGE
    expected["POST /sessions body.coverage"] = ID_RANGE
    expected["POST /sessions body.chemo_admin[].units"] = {"minimum": 1, "maximum": INT32_MAX}
    for name in ("patient_id", "course_id", "owner_id"):
        expected[f"POST /hub/cases body.{name}"] = ID_RANGE
    expected["POST /hub/cases body.planned_sessions"] = {"minimum": 0, "maximum": 32_767}
    assert _int_inputs(document) == expected


# --- the pages ----------------------------------------------------------------------------


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


WEB_PATHS = [
    ("clinic:patient_detail", "pk"),
    ("clinic:session_new", "course_id"),
    ("clinic:session_edit", "pk"),
    ("billing:claim_detail", "pk"),
    ("billing:fee_entry_add", "facility_id"),
    ("hub:case_detail", "pk"),
    ("imports:batch", "pk"),
]


@pytest.mark.parametrize(("name", "kwarg"), WEB_PATHS)
@pytest.mark.parametrize("pk", [INT32_MAX, INT32_OVER, 2**63 - 1, INT64_OVER, 10**40])
def test_a_page_for_an_id_beyond_any_row_is_not_found(people: World, name: str, kwarg: str, pk: int) -> None:
    client = _signed_in(people.admin)
    url = reverse(name, kwargs={kwarg: pk})
    response = client.post(url) if name == "billing:fee_entry_add" else client.get(url)
    assert response.status_code == 404


FILTER_PAGES = [("queue:index", "facility"), ("billing:claim_list", "facility"), ("hub:outcomes", "facilities")]
NOT_NUMBERS = ["\u00b2", "1" * 5000]  # a superscript two is a "digit" to str.isdigit, not to int()


@pytest.mark.parametrize(("name", "field"), FILTER_PAGES)
@pytest.mark.parametrize("value", [*EDGES, *NOT_NUMBERS])
def test_a_filters_facility_beyond_any_row_is_a_form_error_naming_the_field(
    people: World, name: str, field: str, value: str | int
) -> None:
    client = _signed_in(f.user(Role.ANALYST, hub_=people.mine.facility.hub))
    response = client.get(reverse(name), {field: value, "start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


@pytest.mark.parametrize("name", ["queue:index", "billing:claim_list", "hub:case_list", "clinic:patient_list"])
@pytest.mark.parametrize("page", [*EDGES, *NOT_NUMBERS])
def test_any_page_number_shows_a_page(people: World, name: str, page: str | int) -> None:
    client = _signed_in(f.user(Role.ANALYST, hub_=people.mine.facility.hub))
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1  # one page of rows: the first and the last


@pytest.mark.parametrize("name", ["billing:fee_schedule", "billing:trading_partner"])
@pytest.mark.parametrize(
    ("value", "status"),
    [(INT32_MAX, 404), (INT32_OVER, 404), (INT64_OVER, 404), ("1" * 5000, 404), (-1, 200), ("\u00b2", 200)],
)
def test_a_chosen_facility_is_found_or_not_found_and_never_a_server_error(
    people: World, name: str, value: str | int, status: int
) -> None:
    """A whole number is an id (404 when no facility of yours has it); anything else is ignored
    and the first facility shown."""
    user = people.admin if name == "billing:fee_schedule" else people.billing
    response = _signed_in(user).get(reverse(name), {"facility": value})
    assert response.status_code == status
    if status == 200:
        assert response.context["facility"] == people.mine.facility


@pytest.mark.parametrize(
    ("value", "status"),
    [(INT32_MAX, 200), (INT32_OVER, 200), (INT64_OVER, 404), ("1" * 5000, 404), (-1, 200), ("\u00b2", 200)],
)
def test_an_enrollments_patient_beyond_the_id_column_is_not_found(people: World, value: str | int, status: int) -> None:
    coordinator = f.user(Role.HUB_COORDINATOR, hub_=people.mine.facility.hub)
    response = _signed_in(coordinator).get(reverse("hub:enroll"), {"patient": value})
    assert response.status_code == status
    if status == 200:
        assert response.context["form"].initial.get("patient") is None  # no such patient: none chosen


# --- imported files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "errors"),
    [
        (INT32_MAX, []),
        (INT32_OVER, [{"field": "chemo_admin[0].units", "message": f"is more than {INT32_MAX}"}]),
        (INT64_OVER, [{"field": "chemo_admin[0].units", "message": f"is more than {INT32_MAX}"}]),
        (-1, [{"field": "chemo_admin[0].units", "message": "must be a whole number of at least 1, got -1"}]),
    ],
)
def test_an_imported_records_units_are_held_to_a_claim_lines_column(units: int, errors: list[Any]) -> None:
    facility = f.facility(f.hub(), state="PA")
    record = contract_record(0, chemo_admin=[{"code": "96413", "units": units}])
    plan = plan_sessions(jsonl([record]), "units.jsonl", facility)
    assert [reject.errors for reject in plan.rejects] == ([errors] if errors else [])
    assert len(plan.valid) == (0 if errors else 1)
