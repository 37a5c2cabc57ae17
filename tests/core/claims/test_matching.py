"""Remittance matching: claim id first, then line control number, code + date, modifiers, charge."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coolclaim.claims.balancing import check_balance
from coolclaim.claims.matching import REVIEW_BELOW, match_remittance, stored_lines
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
