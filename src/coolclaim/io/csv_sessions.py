"""Maps a CSV row of the coding contract to the JSON shape of a session.

Cells that cannot be converted (a boolean such as "maybe", units such as "two") are passed on
unchanged, so the validator names the field and shows the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CSV_COLUMNS = (
    "session_id",
    "patient_id",
    "course_id",
    "facility_state",
    "setting",
    "patient_birth_date",
    "payer_type",
    "payer_name",
    "payer_funding",
    "payer_plan_state",
    "payer_group_size",
    "diagnoses",
    "chemo_admin",
    "regimen",
    "cap_fitting",
    "cooling_start",
    "infusion_start",
    "infusion_end",
    "cooling_end",
    "device_model",
    "device_serial",
    "cap_lot",
    "order_verified",
    "contraindications_screened",
    "tolerance_monitored",
    "scalp_assessed",
    "em_code",
    "em_separately_identifiable",
)
EXTRA_COLUMNS = ("facility_county", "facility_timezone", "abn_obtained")
_TRUE = frozenset({"true", "yes", "1", "y", "t"})
_FALSE = frozenset({"false", "no", "0", "n", "f"})
_PLAIN = (
    "session_id",
    "patient_id",
    "course_id",
    "facility_state",
    "setting",
    "patient_birth_date",
    "regimen",
    "cooling_start",
    "infusion_start",
    "infusion_end",
    "cooling_end",
    "facility_county",
    "facility_timezone",
)
_DOCS = ("order_verified", "contraindications_screened", "tolerance_monitored", "scalp_assessed")


def _cell(row: Mapping[str, str | None], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _flag(value: str | None) -> bool | str | None:
    if value is None:
        return None
    low = value.casefold()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return value


def _units(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def _chemo(value: str | None) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    items: list[dict[str, Any]] = []
    for part in value.split("|"):
        part = part.strip()
        if not part:
            continue
        code, _, units = part.partition("*")
        items.append({"code": code.strip(), "units": _units(units.strip()) if units else 1})
    return items


def row_to_session(row: Mapping[str, str | None]) -> dict[str, Any]:
    """One CSV row (a DictReader row) as a session object of the contract."""
    record: dict[str, Any] = {key: _cell(row, key) for key in _PLAIN}
    record["payer"] = {
        "type": _cell(row, "payer_type"),
        "name": _cell(row, "payer_name"),
        "funding": _cell(row, "payer_funding"),
        "plan_state": _cell(row, "payer_plan_state"),
        "group_size": _cell(row, "payer_group_size"),
    }
    if record["payer"]["type"] is None and all(v is None for v in record["payer"].values()):
        record["payer"] = None
    diagnoses = _cell(row, "diagnoses")
    record["diagnoses"] = [d.strip() for d in diagnoses.split("|") if d.strip()] if diagnoses else None
    record["chemo_admin"] = _chemo(_cell(row, "chemo_admin"))
    record["cap_fitting"] = _flag(_cell(row, "cap_fitting"))
    device = {
        "model": _cell(row, "device_model"),
        "serial": _cell(row, "device_serial"),
        "cap_lot": _cell(row, "cap_lot"),
    }
    record["device"] = device if any(v is not None for v in device.values()) else None
    docs = {key: _flag(_cell(row, key)) for key in _DOCS}
    record["documentation"] = docs if any(v is not None for v in docs.values()) else None
    em_code = _cell(row, "em_code")
    record["em_visit"] = (
        {
            "code": em_code,
            "separately_identifiable": _flag(_cell(row, "em_separately_identifiable")),
        }
        if em_code is not None
        else None
    )
    record["abn_obtained"] = _flag(_cell(row, "abn_obtained"))
    return record
