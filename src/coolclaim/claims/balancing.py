"""Balance checks on a remittance, before anything is posted.

The 835 guide (005010X221A1, section 1.10.2) requires the money to add up at three levels:
a service line's charge less its payment equals its adjustments; a claim's charge less its
payment equals all its adjustments (claim and line), and its lines add up to the claim; the
payment (BPR02) equals the claim payments less the provider-level adjustments (PLB). Each
failure names the segment and its position, so a person can find it in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from coolclaim.claims.remittance import PATIENT_RESPONSIBILITY, Remittance

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class BalanceProblem:
    segment: str  # SVC, CLP or BPR
    position: int  # 1-based segment position in the file
    message: str

    def __str__(self) -> str:
        return f"segment {self.position} ({self.segment}): {self.message}"


def check_balance(remittance: Remittance) -> tuple[BalanceProblem, ...]:
    """Every balancing rule the remittance breaks, in file order; empty when it balances."""
    problems: list[BalanceProblem] = []
    claim_paid_total = ZERO
    for claim in remittance.claims:
        claim_paid_total += claim.paid
        line_adjustments = ZERO
        line_charge = ZERO
        line_paid = ZERO
        patient_share = sum((a.amount for a in claim.adjustments if a.group == PATIENT_RESPONSIBILITY), ZERO)
        for service in claim.services:
            adjusted = service.adjustment_total
            if service.charge - service.paid != adjusted:
                problems.append(
                    BalanceProblem(
                        "SVC",
                        service.position,
                        f"claim {claim.claim_id}, {service.code}: charge {service.charge} less paid {service.paid}"
                        f" is {service.charge - service.paid}, but the adjustments add up to {adjusted}",
                    )
                )
            line_adjustments += adjusted
            line_charge += service.charge
            line_paid += service.paid
            patient_share += service.patient_responsibility
        claim_adjustments = sum((a.amount for a in claim.adjustments), ZERO) + line_adjustments
        if claim.charge - claim.paid != claim_adjustments:
            problems.append(
                BalanceProblem(
                    "CLP",
                    claim.position,
                    f"claim {claim.claim_id}: charge {claim.charge} less paid {claim.paid} is"
                    f" {claim.charge - claim.paid}, but the claim and line adjustments add up to {claim_adjustments}",
                )
            )
        if claim.services:
            if line_paid != claim.paid:
                problems.append(
                    BalanceProblem(
                        "CLP",
                        claim.position,
                        f"claim {claim.claim_id}: paid {claim.paid}, but its service lines were paid {line_paid}",
                    )
                )
            if line_charge != claim.charge:
                problems.append(
                    BalanceProblem(
                        "CLP",
                        claim.position,
                        f"claim {claim.claim_id}: charge {claim.charge}, but its service lines charge {line_charge}",
                    )
                )
        if claim.patient_responsibility is not None and claim.patient_responsibility != patient_share:
            problems.append(
                BalanceProblem(
                    "CLP",
                    claim.position,
                    f"claim {claim.claim_id}: patient responsibility {claim.patient_responsibility}, but the PR"
                    f" adjustments add up to {patient_share}",
                )
            )
    provider_total = sum((p.amount for p in remittance.provider_adjustments), ZERO)
    expected = claim_paid_total - provider_total
    if remittance.payment_amount != expected:
        problems.append(
            BalanceProblem(
                "BPR",
                remittance.position,
                f"payment {remittance.payment_amount}, but the claims were paid {claim_paid_total}"
                f" less provider adjustments {provider_total} = {expected}",
            )
        )
    return tuple(sorted(problems, key=lambda p: p.position))
