"""The claim forms the claim page hands out (CMS-1500, UB-04) are byte-for-byte their golden
PDFs (ReportLab writes them invariant: no timestamps, no random ids)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coolclaim.claim_forms import render_cms1500, render_ub04
from tests import claim_factories as f

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "claim_forms"


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("cms1500_office.pdf", lambda: render_cms1500(f.category_i_office(), f.OFFICE)),
        ("ub04_hospital_outpatient.pdf", lambda: render_ub04(f.hospital_outpatient(), f.HOSPITAL)),
    ],
)
def test_golden_pdfs(name: str, render: object) -> None:
    assert callable(render)
    written = render()
    assert isinstance(written, bytes)
    path = GOLDEN / name
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_bytes(written)
    assert written == path.read_bytes()
