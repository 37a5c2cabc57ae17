"""Golden HTML: every document from the fixed synthetic case, byte for byte.

Regenerate after an intended change with
    COOLCLAIM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/adapters/documents/test_golden_html.py
and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coolclaim.documents import render_html
from tests.adapters.documents.case import DOCUMENTS, document

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "documents"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_html_equals_its_golden_file(name: str) -> None:
    html = render_html(document(name)).encode("utf-8")
    path = GOLDEN / f"{name}.html"
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_bytes(html)
    assert path.exists(), f"{path} missing: run with COOLCLAIM_UPDATE_GOLDEN=1 to create it"
    assert html == path.read_bytes()


def test_every_golden_file_belongs_to_a_document() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.html")) == sorted(DOCUMENTS)
