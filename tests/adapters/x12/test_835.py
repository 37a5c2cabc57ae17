"""835: our writer's files pass pyx12 and read back to the same values; bad files are refused whole."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from x12sdk.io import X12ModelReader
from x12sdk.v5010.x12_835_005010X221A1.transaction_set import HealthCareClaimPayment

from coolclaim.claims.matching import RemittanceOutOfBalance, match_remittance, stored_lines
from coolclaim.claims.remittance import Adjustment, ProviderAdjustment
from coolclaim.x12.errors import X12Error
from coolclaim.x12.validation import validate
from coolclaim.x12.x12_835_005010X221A1 import read_835
from tests import claim_factories as f
from tests import remittance_factories as r

FILES = Path(__file__).parent / "files"


def test_our_835_passes_pyx12() -> None:
    assert validate(r.write(r.demo_remittance(f.office_claims()))) == ()


def test_round_trip_gives_the_same_values() -> None:
    sent = r.demo_remittance(f.office_claims())
    (back,) = read_835(r.write(sent))
    assert r.without_positions(back) == sent


def test_round_trip_with_claim_adjustments_remarks_dates_and_provider_adjustments() -> None:
    base = r.demo_remittance((f.category_iii_office(),))
    claim = base.claims[0]
    first = claim.services[0]
    changed_code = replace(first, code="96409", submitted_code="96413", submitted_modifiers=())
    claim = replace(
        claim,
        services=(changed_code, *claim.services[1:]),
        remarks=("MA130",),
        statement_from=first.service_date,
        statement_to=first.service_date,
        adjustments=(Adjustment("OA", "23", Decimal("0"), Decimal("1")),),
    )
    sent = replace(
        base,
        claims=(claim,),
        payment_amount=base.payment_amount - Decimal("12.50"),
        provider_adjustments=(ProviderAdjustment("WO", "OLDCLAIM77", Decimal("12.50"), 0),),
    )
    text = r.write(sent, replace(sent, trace_number="EFT2"))
    assert validate(text) == ()
    back = read_835(text)
    assert [r.without_positions(b) for b in back] == [sent, replace(sent, trace_number="EFT2")]


def test_positions_name_the_segments_of_the_file() -> None:
    (back,) = read_835((FILES / "835_small.x12").read_text())
    assert back.position == 4
    assert [c.position for c in back.claims] == [12]
    assert [s.position for s in back.claims[0].services] == [14, 18, 21]


def test_x12sdk_reads_our_835_to_the_same_figures() -> None:
    text = r.write(r.demo_remittance(f.office_claims()))
    (ours,) = read_835(text)
    with X12ModelReader(text) as reader:
        (model,) = list(reader.models())
    assert isinstance(model, HealthCareClaimPayment)
    theirs = [
        (
            c.claim.clp_segment.patient_control_number,
            c.claim.clp_segment.total_claim_charge_amount,
            c.claim.clp_segment.claim_payment_amount,
            [
                (s.svc_segment.line_item_charge_amount, s.svc_segment.line_item_provider_payment_amount)
                for s in c.claim.loop_2110
            ],
        )
        for c in model.claims()
    ]
    assert theirs == [(c.claim_id, c.charge, c.paid, [(s.charge, s.paid) for s in c.services]) for c in ours.claims]


def test_the_small_hand_made_file_posts() -> None:
    (remittance,) = read_835((FILES / "835_small.x12").read_text())
    posting = match_remittance(remittance, stored_lines(f.office_claims()))
    assert posting.summary() == {
        "claims_matched": 1,
        "lines_paid": 2,
        "lines_denied": 1,
        "lines_adjusted": 3,
        "paid_total": "490",
        "patient_responsibility_total": "40",
        "unmatched": [],
    }
    denied = [line for line in posting.lines if line.denied]
    assert [(d.line_number, d.adjustments, d.remarks) for d in denied] == [
        (3, (Adjustment("CO", "96", Decimal("200")),), ("N130",))
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "835_truncated.x12",
            "segment 18 (SVC): the file ends inside a segment ('SVC*HC:97008*30' has no terminator '~'): truncated",
        ),
        (
            "835_no_trailer.x12",
            "segment 24 (SE): transaction set 0001 (ST at segment 3) has no SE before the end of the file:"
            " truncated or damaged",
        ),
        (
            "835_wrong_separators.x12",
            "segment 1 (ISA): the ISA is not 16 fixed-width elements separated by '|' (element widths [101],"
            " expected [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1]): wrong separators or a damaged header",
        ),
        (
            "835_body_separators.x12",
            "segment 12 (CLP): 'CLP|CC2026-0003|1|91' is not a segment tag: wrong separators or a damaged segment",
        ),
        ("835_se_count.x12", "segment 25 (SE): SE01 says 22 segments, but the transaction set has 23"),
        ("835_ge_count.x12", "segment 26 (GE): GE01 says 2 transaction sets, but the group has 1"),
        (
            "835_iea_control.x12",
            "segment 27 (IEA): IEA02 control number '000000078' does not match ISA13 '000000077'",
        ),
        ("835_bad_amount.x12", "segment 18 (SVC): SVC03 '2O0' is not an amount"),
    ],
)
def test_bad_files_are_refused_naming_segment_and_position(name: str, message: str) -> None:
    with pytest.raises(X12Error) as caught:
        read_835((FILES / name).read_text())
    assert str(caught.value) == message


def test_an_empty_file_and_a_cut_header_are_refused() -> None:
    with pytest.raises(X12Error, match=r"^segment 1 \(ISA\): the file is empty$"):
        read_835("  \n")
    with pytest.raises(X12Error, match=r"^segment 1 \(ISA\): the ISA segment is cut short: 40 characters"):
        read_835((FILES / "835_small.x12").read_text()[:40])


def test_an_837_is_not_an_835() -> None:
    text = (Path(__file__).parents[2] / "golden" / "x12" / "837P_office.x12").read_text()
    with pytest.raises(X12Error, match=r"^segment 3 \(ST\): expected a 835 transaction set, found 837$"):
        read_835(text)


def test_amounts_that_do_not_balance_refuse_the_whole_file() -> None:
    (remittance,) = read_835((FILES / "835_unbalanced.x12").read_text())
    with pytest.raises(RemittanceOutOfBalance) as caught:
        match_remittance(remittance, stored_lines(f.office_claims()))
    assert [str(p) for p in caught.value.problems] == [
        "segment 12 (CLP): claim CC2026-0003: charge 910 less paid 490 is 420, but the claim and line"
        " adjustments add up to 410",
        "segment 18 (SVC): claim CC2026-0003, 97008: charge 300 less paid 200 is 100, but the adjustments add up to 90",
    ]


def test_an_unknown_claim_id_is_kept_for_review_with_its_position() -> None:
    (remittance,) = read_835((FILES / "835_unknown_claim.x12").read_text())
    posting = match_remittance(remittance, stored_lines(f.office_claims()))
    assert posting.claims == ()
    reason = "claim id ZZ9999-0001 (CLP at segment 12) is not a claim we sent"
    assert [(u.claim_id, u.line, u.reason, u.position, u.paid) for u in posting.unmatched] == [
        ("ZZ9999-0001", 1, reason, 14, Decimal("290")),
        ("ZZ9999-0001", 2, reason, 18, Decimal("200")),
        ("ZZ9999-0001", 3, reason, 21, Decimal("0")),
    ]
