"""Golden FHIR JSON for fixed claims and a fixed PA request: the adapter's output changes only on purpose.

Regenerate on purpose with `COOLCLAIM_UPDATE_GOLDEN=1 pytest tests/adapters/fhir/test_golden.py`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from coolclaim.fhir import ClaimSubmission, claim_bundle, prior_auth_bundle
from tests import claim_factories as f
from tests.adapters.fhir.pa_factories import cooling_request

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "fhir"

BUNDLES: list[tuple[str, Callable[[], Bundle]]] = [
    ("claim_office_category_i.json", lambda: claim_bundle(ClaimSubmission(f.category_i_office(), f.OFFICE, f.CREATED))),
    (
        "claim_hospital_dependent.json",
        lambda: claim_bundle(
            ClaimSubmission(f.hospital_outpatient("HO2026-0003", dependent=True), f.HOSPITAL, f.CREATED)
        ),
    ),
    ("prior_auth_request.json", lambda: prior_auth_bundle(cooling_request())),
]


@pytest.mark.parametrize(("name", "build"), BUNDLES, ids=[b[0] for b in BUNDLES])
def test_golden_json(name: str, build: Callable[[], Bundle]) -> None:
    written = build().model_dump_json(indent=2) + "\n"
    path = GOLDEN / name
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_text(written, encoding="utf-8")
    assert written == path.read_text(encoding="utf-8")
