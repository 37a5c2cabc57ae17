"""270 writer and 271 reader: structural tests (pyx12 has no 270/271 map) and an x12sdk cross-check."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from x12sdk.generate import generate_271
from x12sdk.io import X12ModelReader
from x12sdk.v5010.x12_270_005010X279A1.transaction_set import EligibilityInquiry
from x12sdk.v5010.x12_271_005010X279A1.transaction_set import EligibilityBenefit

from coolclaim.x12.interchange import read_interchange
from coolclaim.x12.x12_270_005010X279A1 import EligibilityRequest, write_270
from coolclaim.x12.x12_271_005010X279A1 import read_271
from tests import claim_factories as f

FILES = Path(__file__).parent / "files"

REQUESTS = (
    EligibilityRequest("ELIG-ALICE-1", f.ALICE_PLAN, date(2026, 2, 15)),
    EligibilityRequest(
        "ELIG-CAROL-2", f.DAVID_PLAN, date(2026, 2, 15), patient=f.CAROL_AS_SPOUSE, service_types=("30", "98")
    ),
)


def write() -> str:
    return write_270(REQUESTS, partners=f.PARTNERS, provider=f.OFFICE, control=f.CONTROL, created=f.CREATED)


def test_270_structure() -> None:
    text = write()
    (transaction,) = read_interchange(text).transactions()  # envelope counts and control numbers hold
    assert (transaction.code, transaction.version) == ("270", "005010X279A1")
    rows = [(s.tag, s.elements[1:]) for s in transaction.segments if s.tag in ("HL", "TRN", "NM1", "EQ", "DTP", "INS")]
    assert rows == [
        ("HL", ["1", "", "20", "1"]),
        ("NM1", ["PR", "2", "EXAMPLE HEALTH PLAN", "", "", "", "", "PI", "60054"]),
        ("HL", ["2", "1", "21", "1"]),
        ("NM1", ["1P", "2", "RIVERSIDE ONCOLOGY", "", "", "", "", "XX", "1234567893"]),
        ("HL", ["3", "2", "22", "0"]),
        ("TRN", ["1", "ELIG-ALICE-1", "1621234567"]),
        ("NM1", ["IL", "1", "DOE", "ALICE", "", "", "", "MI", "XJH123456789"]),
        ("DTP", ["291", "D8", "20260215"]),
        ("EQ", ["30"]),
        ("HL", ["4", "2", "22", "1"]),
        ("NM1", ["IL", "1", "POE", "DAVID", "", "", "", "MI", "XJH987654321"]),
        ("HL", ["5", "4", "23", "0"]),
        ("TRN", ["1", "ELIG-CAROL-2", "1621234567"]),
        ("NM1", ["03", "1", "POE", "CAROL"]),
        ("INS", ["N", "01"]),
        ("DTP", ["291", "D8", "20260215"]),
        ("EQ", ["30"]),
        ("EQ", ["98"]),
    ]


def test_x12sdk_parses_our_270_into_its_loops() -> None:
    with X12ModelReader(write()) as reader:
        (model,) = list(reader.models())
    assert isinstance(model, EligibilityInquiry)
    assert [(m.member.nm1_segment.name_last_or_organization_name, m.is_dependent) for m in model.members()] == [
        ("DOE", False),
        ("POE", True),
    ]


def test_one_270_asks_one_payer() -> None:
    other = EligibilityRequest("ELIG-BETTY-3", f.BETTY_MEDICARE, date(2026, 2, 15))
    with pytest.raises(ValueError, match=r"request ELIG-BETTY-3: one 270 asks one payer \(EXAMPLE HEALTH PLAN\)"):
        write_270((*REQUESTS, other), partners=f.PARTNERS, provider=f.OFFICE, control=f.CONTROL, created=f.CREATED)


def test_271_fills_the_benefits_investigation() -> None:
    alice, nobody = read_271((FILES / "271_benefits.x12").read_text())
    assert (alice.trace, alice.member_id, alice.payer_name, alice.active) == (
        "ELIG-ALICE-1",
        "XJH123456789",
        "EXAMPLE HEALTH PLAN",
        True,
    )
    assert (alice.deductible, alice.deductible_remaining) == (Decimal("1500"), Decimal("350.25"))
    assert (alice.out_of_pocket, alice.out_of_pocket_remaining) == (Decimal("6000"), Decimal("4200"))
    assert (alice.coinsurance, alice.copay) == (Decimal("0.2"), Decimal("40"))
    assert (nobody.trace, nobody.active, nobody.rejections, nobody.benefits) == ("ELIG-NOBODY-2", None, ("72",), ())


def test_271_agrees_with_x12sdk_on_a_generated_file() -> None:
    text = generate_271(seed=2)
    with X12ModelReader(text) as reader:
        (model,) = list(reader.models())
    assert isinstance(model, EligibilityBenefit)
    theirs = [
        (
            m.member.nm1_segment.name_last_or_organization_name,
            m.member.nm1_segment.name_first,
            m.is_dependent,
            [b.eb_segment.eligibility_benefit_information for b in m.benefits],
        )
        for m in model.members()
    ]
    ours = [
        (e.last_name, e.first_name, e.dependent, [b.information for b in e.benefits])
        for e in read_271(text)
        if e.benefits
    ]
    assert ours == theirs


def test_270_golden_file() -> None:
    """The 270 as ``coolclaim eligibility request`` writes it (the writer's output, byte for byte)."""
    import os
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "golden" / "x12" / "270_inquiry.x12"
    written = write()
    if os.environ.get("COOLCLAIM_UPDATE_GOLDEN") == "1":
        path.write_text(written, encoding="ascii", newline="")
    assert written == path.read_text(encoding="ascii")
