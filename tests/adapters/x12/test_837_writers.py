"""Every 837 we write passes pyx12 against its implementation guide, and equals its golden file."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from coolclaim.claims.model import Claim, ControlNumbers
from coolclaim.x12.interchange import read_interchange
from coolclaim.x12.validation import validate
from coolclaim.x12.x12_837I_005010X223A2 import write_837i
from coolclaim.x12.x12_837I_005010X223A2.writer import facility_code
from coolclaim.x12.x12_837P_005010X222A1 import write_837p
from tests import claim_factories as f

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "x12"


def office(claims: tuple[Claim, ...], control: ControlNumbers = f.CONTROL) -> str:
    return write_837p(claims, partners=f.PARTNERS, provider=f.OFFICE, control=control, created=f.CREATED)


def hospital(claims: tuple[Claim, ...]) -> str:
    return write_837i(claims, partners=f.PARTNERS, provider=f.HOSPITAL, control=f.CONTROL, created=f.CREATED)


def segments_of(text: str, tag: str) -> list[str]:
    return [s for s in text.split("~\n") if s.startswith(tag + "*")]


@pytest.mark.parametrize(
    ("label", "claims"),
    [
        ("category III era, 2025, with a PA number", (f.category_iii_office(),)),
        ("category I era, 2026: E/M 25, chemotherapy lines, 97009 x3", (f.category_i_office(),)),
        ("a dependent patient", (f.dependent_office(),)),
        ("several claims and subscribers in one file", f.office_claims()),
    ],
)
def test_837p_passes_pyx12(label: str, claims: tuple[Claim, ...]) -> None:
    assert validate(office(claims)) == (), label


@pytest.mark.parametrize(
    ("label", "claims"),
    [
        ("hospital outpatient 2026, revenue codes", (f.hospital_outpatient(),)),
        ("several claims, subscribers and a dependent", f.hospital_claims()),
    ],
)
def test_837i_passes_pyx12(label: str, claims: tuple[Claim, ...]) -> None:
    assert validate(hospital(claims)) == (), label


def test_pyx12_gate_reports_a_broken_837_with_segment_and_line() -> None:
    broken = office((f.category_iii_office(),)).replace("***11:B:1*", "****", 1)
    problems = validate(broken)
    assert [str(p) for p in problems] == [
        'line 21 (CLM): Mandatory composite "Health Care Service Location Information" (CLM05) is missing [8]'
    ]


def test_837p_claim_content() -> None:
    text = office((f.category_i_office(),))
    assert segments_of(text, "CLM") == ["CLM*CC2026-0002*1760***11:B:1*Y*A*Y*Y"]
    assert segments_of(text, "REF*G1") == ["REF*G1*AUTH2026X9"]
    assert segments_of(text, "HI") == ["HI*ABK:C50911*ABF:Z5111*ABF:Z1501"]
    assert segments_of(text, "SV1") == [
        "SV1*HC:99214:25*185*UN*1***1",
        "SV1*HC:96413*410*UN*1***1:2",
        "SV1*HC:96415*95*UN*1***1:2",
        "SV1*HC:96417*120*UN*1***1:2",
        "SV1*HC:97007:GA:KX*350*UN*1***1:2",
        "SV1*HC:97008*300*UN*1***1:2",
        "SV1*HC:97009*300*UN*3***1:2:3",
    ]
    assert segments_of(text, "DTP*472") == ["DTP*472*D8*20260210"] * 7
    assert segments_of(text, "REF*6R") == [f"REF*6R*CC2026-0002-{n}" for n in range(1, 8)]


def test_837i_claim_content() -> None:
    text = hospital((f.hospital_outpatient(),))
    assert segments_of(text, "CLM") == ["CLM*HO2026-0001*2275***13:A:1**A*Y*Y"]
    assert segments_of(text, "DTP*434") == ["DTP*434*RD8*20260212-20260212"]
    assert segments_of(text, "HI") == ["HI*ABK:C50911", "HI*ABF:Z5111*ABF:Z1501"]
    assert segments_of(text, "SV2") == [
        "SV2*0510*HC:G0463:25*250*UN*1",
        "SV2*0335*HC:96413*620*UN*1",
        "SV2*0335*HC:96417*180*UN*1",
        "SV2*0761*HC:97007*450*UN*1",
        "SV2*0761*HC:97008*400*UN*1",
        "SV2*0761*HC:97009*375*UN*3",
    ]


def test_type_of_bill_0131_is_facility_13_frequency_1() -> None:
    assert facility_code("0131") == ("13", "1")
    with pytest.raises(ValueError, match=r"type of bill '01X1' is not 0 followed by three digits"):
        facility_code("01X1")


def test_envelope_counts_and_control_numbers() -> None:
    text = office(f.office_claims(), ControlNumbers(interchange=42, group=7, first_transaction=12))
    interchange = read_interchange(text)  # checks SE01, GE01, IEA01 and the control numbers
    assert interchange.control_number == "000000042"
    assert [g.control_number for g in interchange.groups] == ["7"]
    assert [t.control_number for t in interchange.transactions()] == ["0012"]
    assert len(segments_of(text, "CLM")) == 4
    assert segments_of(text, "HL") == ["HL*1**20*1", "HL*2*1*22*0", "HL*3*1*22*0", "HL*4*1*22*1", "HL*5*4*23*0"]


def test_more_claims_than_one_transaction_set_holds_are_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coolclaim.x12.loops_837.MAX_CLAIMS_PER_TRANSACTION", 2)
    text = office(f.office_claims())
    interchange = read_interchange(text)
    assert [t.control_number for t in interchange.transactions()] == ["0001", "0002"]
    assert segments_of(text, "GE") == ["GE*2*2001"]
    assert validate(text) == ()


def test_a_professional_writer_refuses_an_institutional_claim() -> None:
    with pytest.raises(ValueError, match=r"claim HO2026-0001 is institutional, not professional"):
        office((f.hospital_outpatient(),))


def test_an_outpatient_837i_needs_the_attending_provider() -> None:
    claim = replace(f.hospital_outpatient(), attending_npi=None)
    with pytest.raises(ValueError, match=r"claim HO2026-0001: an outpatient 837I needs the attending provider"):
        hospital((claim,))


def test_separators_in_values_are_cleaned() -> None:
    claim = replace(f.category_iii_office(), prior_authorization="PA*77~1:2^3")
    assert segments_of(office((claim,)), "REF*G1") == ["REF*G1*PA 77 1 2 3"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("837P_office.x12", lambda: office(f.office_claims())),
        ("837I_hospital_outpatient.x12", lambda: hospital(f.hospital_claims())),
    ],
)
def test_golden_files(name: str, text: object) -> None:
    assert callable(text)
    written = text()
    path = GOLDEN / name
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_text(written, encoding="ascii", newline="")
    assert written == path.read_text(encoding="ascii")
