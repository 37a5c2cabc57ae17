"""999 and 277CA: accept/reject with reasons, read from hand-made files that pass pyx12."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from coolclaim.x12.errors import X12Error
from coolclaim.x12.validation import validate
from coolclaim.x12.x12_277_005010X214 import read_277ca
from coolclaim.x12.x12_999_005010X231A1 import read_999
from coolclaim.x12.x12_999_005010X231A1.reader import ElementError, SegmentError

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize("name", ["999_partial.x12", "277CA_mixed.x12"])
def test_the_hand_made_files_pass_pyx12(name: str) -> None:
    assert validate((FILES / name).read_text()) == ()


def test_999_partial_acceptance() -> None:
    (ack,) = read_999((FILES / "999_partial.x12").read_text())
    assert (ack.functional_id, ack.group_control_number, ack.version) == ("HC", "2001", "005010X222A1")
    assert (ack.status, ack.accepted, ack.status_text) == (
        "P",
        True,
        "partially accepted: some transaction sets were rejected",
    )
    assert (ack.transactions_included, ack.transactions_received, ack.transactions_accepted) == (2, 2, 1)
    first, second = ack.transactions
    assert (first.control_number, first.accepted, first.errors) == ("0001", True, ())
    assert (second.control_number, second.accepted, second.status, second.error_codes) == ("0002", False, "R", ("5",))
    assert second.errors == (SegmentError("CLM", 21, "2300", "8", (ElementError("5:1", "7", "99"),)),)


def test_999_without_a_verdict_is_refused() -> None:
    text = (FILES / "999_partial.x12").read_text().replace("IK5*R*5~\n", "").replace("SE*10*", "SE*9*")
    with pytest.raises(X12Error, match=r"^segment 7 \(IK5\): transaction set 0002 has no verdict \(IK5\)$"):
        read_999(text)


def test_277ca_accepts_one_claim_and_rejects_another_with_reasons() -> None:
    accepted, rejected = read_277ca((FILES / "277CA_mixed.x12").read_text())
    assert (accepted.claim_id, accepted.accepted, accepted.payer_claim_number, accepted.charge) == (
        "CC2025-0001",
        True,
        "2026062000123",
        Decimal("1960.5"),
    )
    assert accepted.reasons == ("accepted into adjudication (status code 20, entity PR)",)
    assert (rejected.claim_id, rejected.accepted, rejected.position) == ("CC2026-0003", False, 30)
    assert rejected.reasons == ("rejected: invalid information (status code 562, entity 85)",)
    (line,) = rejected.lines
    assert (line.line_control, line.code, [s.text for s in line.statuses]) == (
        "CC2026-0003-3",
        "97009",
        ["rejected: invalid information (status code 454)"],
    )


def test_a_277ca_claim_without_status_is_refused() -> None:
    text = (FILES / "277CA_mixed.x12").read_text().replace("STC*A2:20:PR*20260303*WQ*1960.5~\n", "")
    text = text.replace("SE*35*", "SE*34*")
    with pytest.raises(X12Error, match=r"^segment 24 \(STC\): claim CC2025-0001 has no status \(STC\)$"):
        read_277ca(text)


def test_a_999_reader_refuses_a_277() -> None:
    with pytest.raises(X12Error, match=r"^segment 3 \(ST\): expected a 999 transaction set, found 277$"):
        read_999((FILES / "277CA_mixed.x12").read_text())
