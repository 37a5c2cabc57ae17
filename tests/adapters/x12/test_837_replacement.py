"""A corrected claim goes out as a replacement (CLM05-3 = 7, REF*F8 the payer's claim number):
it passes pyx12 on both guides and equals its golden file."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from coolclaim.claims.model import Claim
from coolclaim.x12.validation import validate
from coolclaim.x12.x12_837I_005010X223A2 import write_837i
from coolclaim.x12.x12_837P_005010X222A1 import write_837p
from tests import claim_factories as f

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "x12"


def office_replacement() -> Claim:
    return replace(f.category_i_office(), claim_id="C41V2", frequency="7", payer_claim_number="PCN26030112345")


def hospital_replacement() -> Claim:
    return replace(
        f.hospital_outpatient("C42V2"), frequency="7", type_of_bill="0137", payer_claim_number="PCN26030154321"
    )


def office_void() -> str:
    claim = replace(f.category_i_office(), claim_id="C41V1X", frequency="8", payer_claim_number="PCN26030112345")
    return write_837p((claim,), partners=f.PARTNERS, provider=f.OFFICE, control=f.CONTROL, created=f.CREATED)


def office() -> str:
    return write_837p(
        (office_replacement(),), partners=f.PARTNERS, provider=f.OFFICE, control=f.CONTROL, created=f.CREATED
    )


def hospital() -> str:
    return write_837i(
        (hospital_replacement(),), partners=f.PARTNERS, provider=f.HOSPITAL, control=f.CONTROL, created=f.CREATED
    )


def segments_of(text: str, tag: str) -> list[str]:
    return [s for s in text.split("~\n") if s.startswith(tag + "*")]


def test_837p_replacement_passes_pyx12_with_frequency_7_and_the_payer_claim_number() -> None:
    text = office()
    assert validate(text) == ()
    assert segments_of(text, "CLM")[0].split("*")[5] == "11:B:7"
    assert segments_of(text, "REF*F8") == ["REF*F8*PCN26030112345"]


def test_837i_replacement_passes_pyx12_with_type_of_bill_0137() -> None:
    text = hospital()
    assert validate(text) == ()
    assert segments_of(text, "CLM")[0].split("*")[5] == "13:A:7"
    assert segments_of(text, "REF*F8") == ["REF*F8*PCN26030154321"]


def test_837p_void_passes_pyx12_with_frequency_8() -> None:
    text = office_void()
    assert validate(text) == ()
    assert segments_of(text, "CLM")[0].split("*")[5] == "11:B:8"
    assert segments_of(text, "REF*F8") == ["REF*F8*PCN26030112345"]


def test_an_original_claim_carries_no_payer_claim_number() -> None:
    text = write_837p(
        (f.category_i_office(),), partners=f.PARTNERS, provider=f.OFFICE, control=f.CONTROL, created=f.CREATED
    )
    assert segments_of(text, "REF*F8") == []
    assert segments_of(text, "CLM")[0].split("*")[5] == "11:B:1"


@pytest.mark.parametrize(
    ("name", "write"),
    [("837P_replacement.x12", office), ("837I_replacement.x12", hospital), ("837P_void.x12", office_void)],
)
def test_golden_files(name: str, write: object) -> None:
    assert callable(write)
    written = write()
    path = GOLDEN / name
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_text(written, encoding="ascii", newline="")
    assert written == path.read_text(encoding="ascii")
