"""The core vocabulary holds exactly the contract's values."""

from __future__ import annotations

import json
from pathlib import Path

from coolclaim.coding import validate
from coolclaim.vocabulary import CodedStatus, Funding, GroupSize, PayerType, Setting, Severity

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"


def _schema(name: str) -> dict[str, object]:
    result: dict[str, object] = json.loads((CONTRACTS / name).read_text())
    return result


def test_input_values_are_the_contracts() -> None:
    props = _schema("session.schema.json")["properties"]
    assert isinstance(props, dict)
    assert [v.value for v in Setting] == props["setting"]["enum"]
    payer = props["payer"]["properties"]
    assert [v.value for v in PayerType] == payer["type"]["enum"]
    assert [v.value for v in Funding] == [x for x in payer["funding"]["enum"] if x is not None]
    assert [v.value for v in GroupSize] == [x for x in payer["group_size"]["enum"] if x is not None]


def test_output_values_are_the_contracts() -> None:
    props = _schema("coded-session.schema.json")["properties"]
    assert isinstance(props, dict)
    assert [v.value for v in CodedStatus] == props["status"]["enum"]
    assert [v.value for v in Severity] == props["edits"]["items"]["properties"]["severity"]["enum"]


def test_the_validator_accepts_exactly_the_vocabulary() -> None:
    assert validate.SETTINGS == ("office", "hospital_outpatient")
    assert validate.PAYER_TYPES == ("medicare", "medicare_advantage", "medicaid", "commercial", "self_pay")
