"""Balance checks name the segment and position of every rule a remittance breaks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from coolclaim.claims.balancing import check_balance
from coolclaim.claims.remittance import ProviderAdjustment, Remittance
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
