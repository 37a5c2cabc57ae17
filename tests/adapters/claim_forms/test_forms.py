"""CMS-1500 and UB-04 PDFs: the claim's fields land on the page (read back with pdftotext), pages continue.

pdftotext (poppler-utils) reads the PDFs; without it these tests skip with the reason, except in CI
(CI=true), where a missing pdftotext is a failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from coolclaim.claim_forms import render_cms1500, render_ub04
from coolclaim.claims.model import ClaimLine
from tests import claim_factories as f
from tests.requirements import require

PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def pdftotext() -> str:
    require(PDFTOTEXT is not None, "pdftotext (poppler-utils) is not installed: run scripts/ensure-poppler.sh")
    assert PDFTOTEXT is not None
    return PDFTOTEXT


def _pages(tool: str, pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def _words(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def test_cms1500_fields_land(pdftotext: str, tmp_path: Path) -> None:
    claim = f.category_iii_office()
    pages = _pages(pdftotext, render_cms1500(claim, f.OFFICE), tmp_path)
    assert len(pages) == 1
    text = _words(pages[0])
    for expected in (
        "HEALTH INSURANCE CLAIM FORM",
        "DOE, ALICE",  # boxes 2 and 4
        "04 12 71 F",  # box 3
        "XJH123456789",  # box 1a
        "GRP1001",  # box 11
        "EXAMPLE HEALTH PLAN",  # carrier and box 11c
        "A. C50911",
        "B. Z5111",  # box 21
        "ICD Ind. 0",
        "PA-77123",  # box 23
        "10 14 25 10 14 25 11 96413 AB 410.00 1 NPI 1234567893",  # box 24 line 1
        "0663T AB 1,200.50 1",
        "621234567 [X] EIN",  # box 25
        "CC2025-0001",  # box 26
        "$ 1,960.50",  # box 28
        "33a. NPI 1234567893",
        "PAGE 1 OF 1",
    ):
        assert expected in text, expected


def test_cms1500_continues_past_six_lines(pdftotext: str, tmp_path: Path) -> None:
    claim = f.category_i_office()  # seven lines
    pages = [_words(p) for p in _pages(pdftotext, render_cms1500(claim, f.OFFICE), tmp_path)]
    assert len(pages) == 2
    assert "PAGE 1 OF 2" in pages[0]
    assert "PAGE 2 OF 2" in pages[1]
    assert "CONTINUED" in pages[0]
    assert "$ 1,760.00" not in pages[0]
    assert "$ 1,760.00" in pages[1]
    assert "99214 25 A 185.00 1" in pages[0]
    assert "97007 GA KX AB 350.00 1" in pages[0]
    assert "97009" not in pages[0]
    assert "97009 ABC 300.00 3" in pages[1]
    assert "C. Z1501" in pages[1]  # the header boxes repeat on the continuation page


def test_cms1500_page_count_for_thirteen_lines(pdftotext: str, tmp_path: Path) -> None:
    day = date(2026, 2, 10)
    lines = tuple(ClaimLine(n, "96417", Decimal("10.00"), Decimal(1), day, (1,)) for n in range(1, 14))
    claim = replace(f.category_i_office(), lines=lines)
    pages = _pages(pdftotext, render_cms1500(claim, f.OFFICE), tmp_path)
    assert len(pages) == 3
    assert "$ 130.00" in _words(pages[2])
    assert [_words(p).count("96417") for p in pages] == [6, 6, 1]


def test_cms1500_dependent_and_replacement(pdftotext: str, tmp_path: Path) -> None:
    claim = replace(f.dependent_office(), frequency="7", payer_claim_number="PCN-4455")
    text = _words(_pages(pdftotext, render_cms1500(claim, f.OFFICE), tmp_path)[0])
    assert "POE, CAROL" in text
    assert "POE, DAVID" in text
    assert "[X] SPOUSE" in text
    assert "7 REPLACEMENT PCN-4455" in text


def test_ub04_fields_land(pdftotext: str, tmp_path: Path) -> None:
    claim = f.hospital_outpatient()
    descriptions = {"0510": "CLINIC", "0335": "CHEMO ADMIN IV", "0761": "TREATMENT ROOM"}
    pages = _pages(pdftotext, render_ub04(claim, f.HOSPITAL, revenue_descriptions=descriptions), tmp_path)
    assert len(pages) == 1
    text = _words(pages[0])
    for expected in (
        "UB-04 CMS-1450",
        "HO2026-0001",  # FL 3a
        "0131",  # FL 4
        "621234999",  # FL 5
        "0510 CLINIC G0463 25 02 12 26 1 250.00",
        "0335 CHEMO ADMIN IV 96413 02 12 26 1 620.00",
        "0761 TREATMENT ROOM 97009 02 12 26 3 375.00",
        "0001 PAGE 1 OF 1 2,275.00",  # line 23
        "EXAMPLE HEALTH PLAN 60054",  # FL 50, 51
        "1987654328",  # FL 56
        "XJH123456789",  # FL 60
        "HOSPPA555",  # FL 63
        "67 C50911 A Z5111 B Z1501",  # FL 67
        "NPI 1456789019 SMITH, JANE",  # FL 76
    ):
        assert expected in text, expected


def test_ub04_continues_past_twenty_two_lines(pdftotext: str, tmp_path: Path) -> None:
    day = date(2026, 2, 12)
    lines = tuple(ClaimLine(n, "97009", Decimal("25.00"), Decimal(1), day, (1,), (), "0761") for n in range(1, 25))
    claim = replace(f.hospital_outpatient(), lines=lines)
    pages = [_words(p) for p in _pages(pdftotext, render_ub04(claim, f.HOSPITAL), tmp_path)]
    assert len(pages) == 2
    assert "0001 PAGE 1 OF 2 CONTINUED" in pages[0]
    assert "0001 PAGE 2 OF 2 600.00" in pages[1]
    assert [p.count("97009") for p in pages] == [22, 2]


def test_wrong_kind_is_refused() -> None:
    with pytest.raises(ValueError, match=r"a CMS-1500 is for professional claims"):
        render_cms1500(f.hospital_outpatient(), f.HOSPITAL)
    with pytest.raises(ValueError, match=r"a UB-04 is for institutional claims"):
        render_ub04(f.category_iii_office(), f.OFFICE)


def test_more_than_twelve_diagnoses_is_refused_on_the_cms1500() -> None:
    codes = tuple(f"C50{n:03d}" for n in range(13))
    claim = replace(f.category_iii_office(), diagnoses=codes)
    with pytest.raises(ValueError, match="box 21 holds 12") as caught:
        render_cms1500(claim, f.OFFICE)
    assert str(caught.value) == "claim CC2025-0001: box 21 holds 12 diagnoses, the claim has 13"


def test_rendering_is_deterministic() -> None:
    claim = f.category_i_office()
    assert render_cms1500(claim, f.OFFICE) == render_cms1500(claim, f.OFFICE)
    assert render_ub04(f.hospital_outpatient(), f.HOSPITAL) == render_ub04(f.hospital_outpatient(), f.HOSPITAL)
