"""Balance checks name the segment and position of every rule a remittance breaks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from coolclaim.claims.balancing import check_balance
from coolclaim.claims.remittance import Adjustment, ProviderAdjustment, Remittance
from tests import claim_factories as f
from tests import remittance_factories as r


def positioned() -> Remittance:
    remittance = r.demo_remittance((f.category_iii_office(),))
    claim = remittance.claims[0]
    services = tuple(replace(s, position=20 + 4 * i) for i, s in enumerate(claim.services))
    return replace(remittance, position=4, claims=(replace(claim, position=12, services=services),))


def test_a_balanced_remittance_has_no_problems() -> None:
    assert check_balance(positioned()) == ()


def test_every_broken_rule_is_named() -> None:
    remittance = positioned()
    claim = remittance.claims[0]
    services = (replace(claim.services[0], paid=claim.services[0].paid + 1), *claim.services[1:])
    broken = replace(
        remittance,
        claims=(replace(claim, services=services, patient_responsibility=Decimal("5")),),
        payment_amount=Decimal("1.00"),
    )
    assert [str(p) for p in check_balance(broken)] == [
        "segment 4 (BPR): payment 1.00, but the claims were paid 1528.40 less provider adjustments 0 = 1528.40",
        "segment 12 (CLP): claim CC2025-0001: paid 1528.40, but its service lines were paid 1529.40",
        "segment 12 (CLP): claim CC2025-0001: patient responsibility 5, but the PR adjustments add up to 40.00",
        "segment 20 (SVC): claim CC2025-0001, 96413: charge 410.00 less paid 289.00 is 121.00, but the"
        " adjustments add up to 122.00",
    ]


def test_provider_adjustments_enter_the_payment_balance() -> None:
    remittance = positioned()
    taken = ProviderAdjustment("WO", "OVERPAID1", Decimal("100"), 30)
    assert [p.segment for p in check_balance(replace(remittance, provider_adjustments=(taken,)))] == ["BPR"]
    fixed = replace(remittance, provider_adjustments=(taken,), payment_amount=remittance.payment_amount - 100)
    assert check_balance(fixed) == ()


def test_the_payment_is_the_sum_of_every_claim_paid() -> None:
    remittance = r.demo_remittance(f.office_claims())
    assert [c.paid for c in remittance.claims] == [
        Decimal("1528.40"),
        Decimal("819.50"),
        Decimal("528.00"),
        Decimal("1248.40"),
    ]
    assert check_balance(remittance) == ()
    short = replace(remittance, payment_amount=Decimal("1248.40"))
    assert [str(p) for p in check_balance(short)] == [
        "segment 0 (BPR): payment 1248.40, but the claims were paid 4124.30 less provider adjustments 0 = 4124.30",
    ]


def test_claim_level_adjustments_enter_the_claim_balance_and_only_pr_the_patient_share() -> None:
    remittance = positioned()
    claim = remittance.claims[0]
    adjustments = (Adjustment("CO", "45", Decimal("10.00")), Adjustment("PR", "2", Decimal("7.00")))
    # 40.00 coinsurance on the 96413 line plus 7.00 at claim level; the CO 10.00 is not the patient's
    broken = replace(claim, adjustments=adjustments, patient_responsibility=Decimal("47.00"))
    assert [str(p) for p in check_balance(replace(remittance, claims=(broken,)))] == [
        "segment 12 (CLP): claim CC2025-0001: charge 1960.50 less paid 1528.40 is 432.10, but the claim and"
        " line adjustments add up to 449.10",
    ]


def test_the_lines_charge_must_add_up_to_the_claim_charge() -> None:
    remittance = positioned()
    claim = remittance.claims[0]
    # the claim balances on its own (10.00 more charged, 10.00 more adjusted) but not with its lines
    broken = replace(claim, charge=claim.charge + 10, adjustments=(Adjustment("CO", "45", Decimal("10.00")),))
    assert [str(p) for p in check_balance(replace(remittance, claims=(broken,)))] == [
        "segment 12 (CLP): claim CC2025-0001: charge 1970.50, but its service lines charge 1960.50",
    ]
