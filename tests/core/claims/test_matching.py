"""Remittance matching: claim id first, then line control number, code + date, modifiers, charge."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coolclaim.claims.balancing import check_balance
from coolclaim.claims.matching import (
    REVIEW_BELOW,
    ClaimPosting,
    LinePosting,
    RemittanceOutOfBalance,
    StoredLine,
    UnmatchedPayment,
    match_remittance,
    stored_lines,
)
from coolclaim.claims.remittance import Adjustment, ServicePayment
from tests import claim_factories as f
from tests import remittance_factories as r

CLAIM = f.category_i_office()
LINES = stored_lines(f.office_claims())


def payment_for(line_number: int, **changes: object) -> ServicePayment:
    line = next(x for x in CLAIM.lines if x.line_number == line_number)
    payment = replace(r.paid_line(CLAIM, line), line_control=None)
    return replace(payment, **changes)  # type: ignore[arg-type]


def post(*services: ServicePayment) -> tuple[list[tuple[int, int, tuple[str, ...]]], list[str]]:
    remittance = r.remittance((r.claim_payment(CLAIM, services),))
    posting = match_remittance(remittance, LINES)
    return [(p.line_number, p.score, p.reasons) for p in posting.lines], [u.reason for u in posting.unmatched]


def test_line_control_number_matches_first() -> None:
    line = CLAIM.lines[4]
    posted, unmatched = post(r.paid_line(CLAIM, line))
    assert posted == [(5, 100, ("line control number CC2026-0002-5 matches line 5",))]
    assert unmatched == []


def test_code_date_modifiers_and_charge_match_scores_100() -> None:
    posted, _ = post(payment_for(5))
    assert posted == [
        (5, 100, ("code 97007 matches", "date of service 2026-02-10 matches", "modifiers match", "charge matches"))
    ]


def test_reordered_modifiers_still_match() -> None:
    posted, _ = post(payment_for(5, modifiers=("KX", "GA")))
    assert posted == [
        (
            5,
            97,
            (
                "code 97007 matches",
                "date of service 2026-02-10 matches",
                "modifiers reordered (sent GA KX, paid KX GA)",
                "charge matches",
            ),
        )
    ]


def test_a_dropped_modifier_still_matches() -> None:
    posted, _ = post(payment_for(1, modifiers=()))
    assert posted == [
        (
            1,
            93,
            (
                "code 99214 matches",
                "date of service 2026-02-10 matches",
                "modifier 25 dropped by the payer",
                "charge matches",
            ),
        )
    ]


def test_a_different_modifier_matches_for_review() -> None:
    remittance = r.remittance((r.claim_payment(CLAIM, (payment_for(5, modifiers=("GZ",)),)),))
    (line,) = match_remittance(remittance, LINES).lines
    assert line.score == 85
    assert line.needs_review is True
    assert line.reasons[2] == "modifiers differ (sent GA KX, paid GZ)"
    assert REVIEW_BELOW == 90


def test_a_wrong_date_does_not_match() -> None:
    from datetime import date

    posted, unmatched = post(payment_for(6, service_date=date(2026, 2, 11)))
    assert posted == []
    assert unmatched == ["claim CC2026-0002 has no unposted line with code 97008 on 2026-02-11 (SVC at segment 0)"]


def test_a_changed_code_matches_on_the_billed_code() -> None:
    posted, _ = post(payment_for(2, code="96409", submitted_code="96413", submitted_modifiers=()))
    assert [(n, s) for n, s, _ in posted] == [(2, 100)]


def test_two_payments_for_one_line_leave_one_unmatched() -> None:
    posted, unmatched = post(payment_for(6), payment_for(6))
    assert [n for n, _, _ in posted] == [6]
    assert unmatched == ["claim CC2026-0002 has no unposted line with code 97008 on 2026-02-10 (SVC at segment 0)"]


def test_denied_and_patient_responsibility() -> None:
    remittance = r.demo_remittance((CLAIM,))
    posting = match_remittance(remittance, LINES)
    assert posting.summary() == {
        "claims_matched": 1,
        "lines_paid": 5,
        "lines_denied": 2,
        "lines_adjusted": 7,
        "paid_total": "819.50",
        "patient_responsibility_total": "40.00",
        "unmatched": [],
    }
    assert [(p.line_number, p.adjustments, p.remarks) for p in posting.lines if p.denied] == [
        (5, (Adjustment("CO", "197", Decimal("350.00")),), ("N54",)),
        (7, (Adjustment("CO", "96", Decimal("300.00")),), ("N130",)),
    ]


def test_a_line_paid_nothing_because_of_the_deductible_is_not_denied() -> None:
    line = CLAIM.lines[1]
    payment = replace(payment_for(2), paid=Decimal(0), adjustments=(Adjustment("PR", "1", line.charge),))
    remittance = r.remittance((r.claim_payment(CLAIM, (payment,)),))
    (posted,) = match_remittance(remittance, LINES).lines
    assert (posted.denied, posted.patient_responsibility) == (False, Decimal("410.00"))


modifier_sets = st.lists(st.sampled_from(["25", "59", "GA", "GZ", "KX", "XU", "GY"]), unique=True, max_size=4)


@given(modifiers=modifier_sets, data=st.data())
def test_any_permutation_of_modifiers_matches_the_same_line(modifiers: list[str], data: st.DataObject) -> None:
    sent = tuple(modifiers)
    claim = replace(CLAIM, lines=tuple(replace(x, modifiers=sent) if x.line_number == 5 else x for x in CLAIM.lines))
    paid = tuple(data.draw(st.permutations(modifiers)))
    line = claim.lines[4]
    payment = replace(r.paid_line(claim, line), line_control=None, modifiers=paid)
    remittance = r.remittance((r.claim_payment(claim, (payment,)),))
    (posted,) = match_remittance(remittance, stored_lines((claim,))).lines
    assert posted.line_number == 5
    assert posted.score >= REVIEW_BELOW


@given(
    picks=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=12),
    drop_controls=st.booleans(),
    unknown=st.booleans(),
)
def test_no_payment_disappears_and_totals_balance(picks: list[int], drop_controls: bool, unknown: bool) -> None:
    services = []
    for number in picks:
        line = next(x for x in CLAIM.lines if x.line_number == number)
        payment = r.paid_line(CLAIM, line)
        services.append(replace(payment, line_control=None) if drop_controls else payment)
    claim_payment = r.claim_payment(CLAIM, tuple(services))
    if unknown:
        claim_payment = replace(claim_payment, claim_id="NOT-OURS")
    remittance = r.remittance((claim_payment,))
    assert check_balance(remittance) == ()
    posting = match_remittance(remittance, LINES)
    assert len(posting.lines) + len(posting.unmatched) == len(services)
    assert posting.paid_total + sum((u.paid for u in posting.unmatched), Decimal(0)) == remittance.payment_amount
    assert len({p.line_number for p in posting.lines}) == len(posting.lines)
    assert len(posting.lines) == (0 if unknown else len(set(picks)))


def test_stored_lines_keep_what_was_sent() -> None:
    from datetime import date

    lines = stored_lines([CLAIM])
    assert list(lines) == ["CC2026-0002"]
    assert lines["CC2026-0002"][6] == StoredLine(
        "CC2026-0002", 7, "97009", (), date(2026, 2, 10), Decimal("300.00"), Decimal("3")
    )
    assert lines["CC2026-0002"][6].line_control == "CC2026-0002-7"


def test_a_line_control_match_with_another_code_scores_90_for_review() -> None:
    line = CLAIM.lines[1]
    posted, _ = post(replace(r.paid_line(CLAIM, line), code="96409"))
    assert posted == [
        (
            2,
            90,
            ("line control number CC2026-0002-2 matches line 2", "code differs (sent 96413, paid 96409)"),
        )
    ]


def test_no_modifiers_and_another_charge_are_named() -> None:
    posted, _ = post(
        payment_for(
            6, charge=Decimal("310.00"), paid=Decimal("248.00"), adjustments=(Adjustment("CO", "45", Decimal("62.00")),)
        )
    )
    assert posted == [
        (
            6,
            95,
            (
                "code 97008 matches",
                "date of service 2026-02-10 matches",
                "no modifiers, as sent",
                "charge differs (sent 300.00, 835 says 310.00)",
            ),
        )
    ]


@pytest.mark.parametrize(
    ("sent", "paid", "score", "why"),
    [
        (("GA", "KX", "59"), ("KX",), 8, "modifier GA 59 dropped by the payer"),
        (("GA",), ("GZ", "KX"), 0, "modifiers differ (sent GA, paid GZ KX)"),
        ((), ("GZ",), 0, "modifiers differ (sent none, paid GZ)"),
        # a modifier sent twice and paid once: nothing distinct was dropped, so a person looks at it
        (("GA", "GA"), ("GA",), 0, "modifiers differ (sent GA GA, paid GA)"),
    ],
)
def test_modifier_differences_are_named(sent: tuple[str, ...], paid: tuple[str, ...], score: int, why: str) -> None:
    claim = replace(CLAIM, lines=tuple(replace(x, modifiers=sent) if x.line_number == 6 else x for x in CLAIM.lines))
    payment = replace(payment_for(6), modifiers=paid)
    remittance = r.remittance((r.claim_payment(claim, (payment,)),))
    (line,) = match_remittance(remittance, stored_lines([claim])).lines
    assert (line.line_number, line.score, line.reasons[2]) == (6, 70 + 10 + score + 5, why)


def _undated(line_number: int) -> ServicePayment:
    return payment_for(line_number, service_date=None)


@pytest.mark.parametrize(
    ("statement", "matched"),
    [
        ((None, None), True),  # no statement period either: matched within the claim
        (("2026-02-10", None), True),
        (("2026-02-01", "2026-02-10"), True),
        (("2026-02-10", "2026-02-28"), True),
        (("2026-02-11", "2026-02-28"), False),
        (("2026-02-01", "2026-02-09"), False),
        (("2026-02-09", None), False),
    ],
)
def test_a_payment_without_a_date_matches_within_the_statement_period(
    statement: tuple[str | None, str | None], matched: bool
) -> None:
    from datetime import date

    start, end = (date.fromisoformat(x) if x else None for x in statement)
    claim_payment = replace(r.claim_payment(CLAIM, (_undated(6),)), statement_from=start, statement_to=end)
    posting = match_remittance(r.remittance((claim_payment,)), LINES)
    if matched:
        assert [(p.line_number, p.score, p.reasons) for p in posting.lines] == [
            (
                6,
                90,
                (
                    "code 97008 matches",
                    "the 835 gives no line date; matched within the claim",
                    "no modifiers, as sent",
                    "charge matches",
                ),
            )
        ]
        assert posting.unmatched == ()
    else:
        assert posting.lines == ()
        assert [u.reason for u in posting.unmatched] == [
            "claim CC2026-0002 has no unposted line with code 97008 (SVC at segment 0)"
        ]


def test_what_is_posted_for_a_claim_and_its_lines() -> None:
    payment = replace(r.paid_line(CLAIM, CLAIM.lines[1], coinsurance="40.00"), position=31)
    claim_payment = replace(r.claim_payment(CLAIM, (payment,), status="2"), position=29)
    (posted,) = match_remittance(r.remittance((claim_payment,)), LINES).claims
    assert posted == ClaimPosting(
        claim_id="CC2026-0002",
        status="2",
        paid=Decimal("288.00"),
        patient_responsibility=Decimal("40.00"),
        payer_claim_number="PCN0002",
        claim_adjustments=(),
        lines=(
            LinePosting(
                claim_id="CC2026-0002",
                line_number=2,
                score=100,
                reasons=("line control number CC2026-0002-2 matches line 2",),
                paid=Decimal("288.00"),
                adjustments=(Adjustment("CO", "45", Decimal("82.00")), Adjustment("PR", "2", Decimal("40.00"))),
                remarks=(),
                patient_responsibility=Decimal("40.00"),
                position=31,
            ),
        ),
        position=29,
    )
    assert posted.denied is False


def test_without_clp05_the_patient_share_is_the_lines_and_the_claims_pr() -> None:
    payment = r.paid_line(CLAIM, CLAIM.lines[1], coinsurance="40.00")
    # a claim-level deductible of 7.00 moved from the contractual write-off: the claim still balances
    moved = (Adjustment("PR", "1", Decimal("7.00")), Adjustment("CO", "45", Decimal("-7.00")))
    claim_payment = replace(r.claim_payment(CLAIM, (payment,)), patient_responsibility=None, adjustments=moved)
    remittance = r.remittance((claim_payment,))
    assert check_balance(remittance) == ()
    (posted,) = match_remittance(remittance, LINES).claims
    assert posted.patient_responsibility == Decimal("47.00")
    assert posted.claim_adjustments == moved
    assert match_remittance(remittance, LINES).patient_responsibility_total == Decimal("47.00")


def test_payments_left_unmatched_keep_what_a_person_needs_to_post_them() -> None:
    first = replace(payment_for(6), position=40, remarks=("N130",))
    second = replace(payment_for(6), position=44, remarks=("N130",))
    remittance = r.remittance((replace(r.claim_payment(CLAIM, (first, second)), position=38),))
    posting = match_remittance(remittance, LINES)
    assert [p.line_number for p in posting.lines] == [6]
    assert posting.unmatched == (
        UnmatchedPayment(
            claim_id="CC2026-0002",
            line=2,
            reason="claim CC2026-0002 has no unposted line with code 97008 on 2026-02-10 (SVC at segment 44)",
            position=44,
            paid=Decimal("240.00"),
            code="97008",
            modifiers=(),
            service_date=first.service_date,
            adjustments=(Adjustment("CO", "45", Decimal("60.00")),),
            remarks=("N130",),
            patient_responsibility=Decimal("0"),
            payer_claim_number="PCN0002",
            best_score=100,
        ),
    )
    assert posting.summary()["unmatched"] == [
        {
            "claim_id": "CC2026-0002",
            "line": 2,
            "reason": "claim CC2026-0002 has no unposted line with code 97008 on 2026-02-10 (SVC at segment 44)",
        }
    ]


def test_a_payment_no_line_could_take_has_no_best_score() -> None:
    remittance = r.remittance((r.claim_payment(CLAIM, (payment_for(6, code="97010"),)),))
    (kept,) = match_remittance(remittance, LINES).unmatched
    assert (kept.line, kept.code, kept.best_score) == (1, "97010", None)


def test_a_claim_we_did_not_send_keeps_every_payment_and_the_next_claim_still_posts() -> None:
    stranger = replace(
        r.claim_payment(CLAIM, (replace(payment_for(5), position=12), replace(payment_for(6), position=16))),
        claim_id="XX-1",
        position=10,
    )
    ours = r.claim_payment(CLAIM, (payment_for(7),))
    posting = match_remittance(r.remittance((stranger, ours)), LINES)
    assert [(c.claim_id, [p.line_number for p in c.lines]) for c in posting.claims] == [("CC2026-0002", [7])]
    reason = "claim id XX-1 (CLP at segment 10) is not a claim we sent"
    assert [(u.claim_id, u.line, u.reason, u.position, u.paid, u.code, u.modifiers) for u in posting.unmatched] == [
        ("XX-1", 1, reason, 12, Decimal("280.00"), "97007", ("GA", "KX")),
        ("XX-1", 2, reason, 16, Decimal("240.00"), "97008", ()),
    ]
    assert [(u.payer_claim_number, u.best_score, u.remarks) for u in posting.unmatched] == [
        ("PCN0002", None, ()),
        ("PCN0002", None, ()),
    ]
    assert posting.trace_number == "EFT20260320001"


def test_a_claim_we_did_not_send_without_service_lines_is_kept_whole() -> None:
    stranger = replace(
        r.claim_payment(CLAIM, ()),
        claim_id="XX-2",
        position=20,
        paid=Decimal("50.00"),
        charge=Decimal("50.00"),
        patient_responsibility=Decimal(0),
    )
    posting = match_remittance(r.remittance((stranger,)), LINES)
    assert posting.unmatched == (
        UnmatchedPayment(
            "XX-2",
            0,
            "claim id XX-2 (CLP at segment 20) is not a claim we sent",
            20,
            Decimal("50.00"),
            payer_claim_number="PCN0002",
        ),
    )


def test_a_remittance_that_does_not_balance_is_refused_whole() -> None:
    remittance = replace(r.remittance((r.claim_payment(CLAIM, (payment_for(6),)),)), payment_amount=Decimal("1.00"))
    with pytest.raises(RemittanceOutOfBalance) as refused:
        match_remittance(remittance, LINES)
    assert str(refused.value) == (
        "the remittance does not balance: segment 0 (BPR): payment 1.00, but the claims were paid 240.00 less"
        " provider adjustments 0 = 240.00"
    )
    assert refused.value.problems == check_balance(remittance)
    twice = replace(remittance, position=3, claims=(replace(remittance.claims[0], position=5, charge=Decimal(1)),))
    with pytest.raises(RemittanceOutOfBalance) as refused_twice:
        match_remittance(twice, LINES)
    assert [f"{p.segment} {p.position}" for p in refused_twice.value.problems] == ["BPR 3", "CLP 5", "CLP 5"]
    assert str(refused_twice.value) == "the remittance does not balance: " + "; ".join(
        str(p) for p in check_balance(twice)
    )
    assert str(refused_twice.value).count("; segment 5 (CLP)") == 2


def test_clp05_is_the_claims_patient_share_even_with_a_payment_left_unmatched() -> None:
    first = replace(r.paid_line(CLAIM, CLAIM.lines[1], coinsurance="40.00"), line_control=None, position=40)
    second = replace(first, position=44)
    remittance = r.remittance((r.claim_payment(CLAIM, (first, second)),))
    posting = match_remittance(remittance, LINES)
    assert remittance.claims[0].patient_responsibility == Decimal("80.00")
    assert [c.patient_responsibility for c in posting.claims] == [Decimal("80.00")]
    assert [(u.position, u.patient_responsibility) for u in posting.unmatched] == [(44, Decimal("40.00"))]
