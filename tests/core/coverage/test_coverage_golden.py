"""Every branch of the coverage judge, as the claim shows it: the finding (determination,
basis, jurisdiction, source), the coverage edits with their messages, and the lines' modifiers,
for a matrix of payers, states, settings, diagnoses and dates. Compared with a golden file.

Regenerate on purpose with
    COOLCLAIM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/core/coverage/test_coverage_golden.py
and read the diff: each changed line is a changed coverage answer or message.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.core.factories import code_batch, on_day

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "coverage_findings.jsonl"
COVERAGE_EDITS = {
    "COVERAGE_UNKNOWN",
    "PAYER_POLICY_NOT_COVERED",
    "DIAGNOSIS_EXCLUDED_BY_POLICY",
    "DIAGNOSIS_NOT_COVERED",
    "STATE_MANDATE",
    "STATE_MANDATE_NOT_BINDING",
    "MODIFIER_ABN",
}
OFFSET = {"OH": "-05:00", "GA": "-05:00", "PA": "-05:00", "VA": "-05:00", "NY": "-05:00", "MD": "-05:00",
          "WV": "-05:00", "SC": "-05:00", "TX": "-06:00", "LA": "-06:00", "IL": "-06:00"}  # fmt: skip
DIAGNOSES = {
    "breast": ["C50.912", "Z51.11"],
    "lung": ["C34.90"],
    "leukaemia": ["C92.00", "Z51.11"],
    "ovary": ["C56.9"],
    "no-cancer": ["Z51.11"],
}


def _payer(kind: str, state: str) -> dict[str, Any]:
    payers: dict[str, dict[str, Any]] = {
        "medicare": {"type": "medicare"},
        "ma": {"type": "medicare_advantage", "name": "Synthetic MA"},
        "medicaid": {"type": "medicaid", "name": None, "plan_state": state},
        "medicaid-mco": {"type": "medicaid", "name": None, "plan_state": state, "medicaid_delivery": "managed_care"},
        "medicaid-ffs": {"type": "medicaid", "name": None, "plan_state": state, "medicaid_delivery": "fee_for_service"},
        "commercial": {"type": "commercial", "name": None, "funding": "fully_insured", "plan_state": state,
                       "group_size": "large"},
        "commercial-unknown-plan": {"type": "commercial", "name": None, "funding": None, "plan_state": state,
                                    "group_size": None},
        "commercial-small": {"type": "commercial", "name": None, "funding": "fully_insured", "plan_state": state,
                             "group_size": "small"},
        "self-funded": {"type": "commercial", "name": None, "funding": "self_funded", "plan_state": state,
                        "group_size": "large"},
        "renewed-early": {"type": "commercial", "name": None, "funding": "fully_insured", "plan_state": state,
                          "group_size": "large", "plan_renewal_date": "2024-01-01"},
        "renewed-late": {"type": "commercial", "name": None, "funding": "fully_insured", "plan_state": state,
                         "group_size": "large", "plan_renewal_date": "2026-01-15"},
        "medicaid-mco-renewed": {"type": "medicaid", "name": None, "plan_state": state,
                                 "medicaid_delivery": "managed_care", "plan_renewal_date": "2026-01-15"},
        "aetna": {"type": "commercial", "name": "Aetna", "funding": "fully_insured", "plan_state": state,
                  "group_size": "large"},
        "bcbs-sc": {"type": "commercial", "name": "BCBS of South Carolina", "funding": "fully_insured",
                    "plan_state": state, "group_size": "large"},
        "hcsc": {"type": "commercial", "name": "Blue Cross and Blue Shield of Texas", "funding": "fully_insured",
                 "plan_state": state, "group_size": "large"},
        "unknown-name": {"type": "commercial", "name": "Synthetic Unknown Plan", "funding": "fully_insured",
                         "plan_state": state, "group_size": "large"},
        "self-pay": {"type": "self_pay"},
    }  # fmt: skip
    return payers[kind]


MANDATE_PAYERS = (
    "medicaid",
    "medicaid-mco",
    "medicaid-ffs",
    "medicaid-mco-renewed",
    "commercial",
    "commercial-unknown-plan",
    "commercial-small",
    "self-funded",
    "renewed-early",
    "renewed-late",
)


def _cases() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []

    def add(state: str, payer: str, dx: str, day: str = "2026-02-03", **extra: Any) -> None:
        name = f"{state} {payer} {dx} {day} " + " ".join(f"{k}={v}" for k, v in sorted(extra.items()))
        record = on_day(
            day, OFFSET[state], session_id=f"G-{len(cases)}", facility_state=state, payer=_payer(payer, state),
            diagnoses=DIAGNOSES[dx], **extra,
        )  # fmt: skip
        cases.append((name.strip(), record))

    for state in ("OH", "GA", "PA", "TX"):
        for dx in DIAGNOSES:
            for payer in ("medicare", "ma"):
                add(state, payer, dx)
        for abn in (True, False):
            add(state, "medicare", "lung", abn_obtained=abn)
            add(state, "medicare", "leukaemia", abn_obtained=abn)
    add("GA", "medicare", "lung", "2023-11-11")
    add("OH", "medicare", "breast", "2025-06-03")
    for county in ("Fairfax County", "Henrico County"):
        for setting in ("office", "hospital_outpatient"):
            add("VA", "medicare", "breast", facility_county=county, setting=setting)
    for state in ("NY", "LA", "MD", "WV", "PA"):
        for payer in MANDATE_PAYERS:
            add(state, payer, "breast")
        add(state, "commercial", "lung")
    for payer in ("aetna", "bcbs-sc", "hcsc", "unknown-name"):
        for dx in ("breast", "leukaemia", "no-cancer"):
            add("SC" if payer == "bcbs-sc" else "IL", payer, dx)
    add("OH", "self-pay", "breast")
    return cases


def _shown(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "coverage": result["coverage"],
        "edits": [[e["code"], e["message"]] for e in result["edits"] if e["code"] in COVERAGE_EDITS],
        "modifiers": [[line["code"], line["modifiers"]] for line in result["lines"] if line["modifiers"]],
    }


def test_coverage_findings_match_the_golden_file() -> None:
    cases = _cases()
    results = code_batch([record for _, record in cases])
    lines = [
        json.dumps({"case": name, **_shown(result)}, sort_keys=True)
        for (name, _), result in zip(cases, results, strict=True)
    ]
    text = "\n".join(lines) + "\n"
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text)
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run with COOLCLAIM_UPDATE_GOLDEN=1"
    expected = GOLDEN.read_text().splitlines()
    for got, want in zip(lines, expected, strict=True):
        assert got == want
