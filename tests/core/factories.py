"""Builders for synthetic session records (the coding contract's input shape)."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from coolclaim import bootstrap
from coolclaim.coding.contract_json import as_contract
from coolclaim.coding.engine import CodingEngine

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"

BASE: dict[str, Any] = {
    "session_id": "T-1",
    "patient_id": "P-1",
    "course_id": "C-1",
    "facility_state": "PA",
    "setting": "office",
    "patient_birth_date": "1970-06-15",
    "payer": {
        "type": "commercial",
        "name": "Synthetic Health Plan",
        "funding": "fully_insured",
        "plan_state": None,
        "group_size": "large",
    },
    "diagnoses": ["C50.912", "Z51.11"],
    "chemo_admin": [{"code": "96413", "units": 1}],
    "regimen": "TC",
    "cap_fitting": False,
    "cooling_start": "2026-02-03T08:00:00-05:00",
    "infusion_start": "2026-02-03T08:30:00-05:00",
    "infusion_end": "2026-02-03T10:00:00-05:00",
    "cooling_end": "2026-02-03T11:30:00-05:00",
    "device": {"model": "Paxman PSCS", "serial": "SYN-0001", "cap_lot": "SYN-LOT-1"},
    "documentation": {
        "order_verified": True,
        "contraindications_screened": True,
        "tolerance_monitored": True,
        "scalp_assessed": True,
    },
    "em_visit": None,
}


def session(**changes: Any) -> dict[str, Any]:
    """A valid, ready 2026 office session with `changes` applied (dotted keys reach inside)."""
    record = copy.deepcopy(BASE)
    for key, value in changes.items():
        if "__" in key:
            outer, inner = key.split("__", 1)
            record[outer][inner] = value
        else:
            record[key] = value
    return record


def on_day(day: str, offset: str = "-05:00", post_minutes: int = 90, **changes: Any) -> dict[str, Any]:
    """A session on `day` with 30 min pre-cooling, a 90 min infusion and `post_minutes` after."""
    end_h, end_m = divmod(10 * 60 + post_minutes, 60)
    return session(
        cooling_start=f"{day}T08:00:00{offset}",
        infusion_start=f"{day}T08:30:00{offset}",
        infusion_end=f"{day}T10:00:00{offset}",
        cooling_end=f"{day}T{end_h:02d}:{end_m:02d}:00{offset}",
        **changes,
    )


def engine(**overrides: str) -> CodingEngine:
    """The provider's engine for these setting overrides."""
    return bootstrap.engine(overrides)


def code_batch(records: list[Any], **overrides: str) -> list[dict[str, Any]]:
    """Code a batch; each result as the contract's JSON (checked against its schema)."""
    results = [as_contract(r) for r in engine(**overrides).code_batch(records)]
    for result in results:
        assert_contract(result)
    return results


def code(record: object, **overrides: str) -> dict[str, Any]:
    """Code one record and check the result against the contract's output schema."""
    return code_batch([record], **overrides)[0]


@cache
def _output_validator() -> Draft202012Validator:
    schema = json.loads((CONTRACTS / "coded-session.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_contract(result: dict[str, Any]) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in _output_validator().iter_errors(result)]
    assert not errors, errors


def edit_codes(result: dict[str, Any]) -> list[str]:
    return [e["code"] for e in result["edits"]]


def cooling_lines(result: dict[str, Any]) -> dict[str, int]:
    wanted = {"0662T", "0663T", "97007", "97008", "97009"}
    return {line["code"]: line["units"] for line in result["lines"] if line["code"] in wanted}
