"""Puts each 835 service payment back onto the claim line it pays.

Order of evidence, strongest first:
1. the claim identifier (CLP01 is the CLM01 we sent): a payment is only ever matched within
   its own claim; an unknown claim id leaves its payments unmatched, kept for review;
2. the line control number (REF*6R, which the 837 writers send as `<claim id>-<line number>`);
3. procedure code and date of service, then modifiers (exact, reordered or one dropped by the
   payer), then charge.

Each match has a score out of 100 and the reasons behind it; a score below `REVIEW_BELOW` is
posted but flagged for a person to look at. No payment disappears: every service payment is
either on a line or in `unmatched`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coolclaim.claims.balancing import BalanceProblem, check_balance
from coolclaim.claims.model import Claim
from coolclaim.claims.remittance import (
    DENIED_STATUS,
    PATIENT_RESPONSIBILITY,
    Adjustment,
    ClaimPayment,
    Remittance,
    ServicePayment,
)

REVIEW_BELOW = 90
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class StoredLine:
    """A claim line as we sent it: what the matcher compares against."""

    claim_id: str
    line_number: int
    code: str
    modifiers: tuple[str, ...]
    service_date: date
    charge: Decimal
    units: Decimal

    @property
    def line_control(self) -> str:
        return line_control_number(self.claim_id, self.line_number)


def line_control_number(claim_id: str, line_number: int) -> str:
    """REF*6R value the writers send for a line, echoed back by payers in the 835."""
    return f"{claim_id}-{line_number}"


def stored_lines(claims: Iterable[Claim]) -> dict[str, tuple[StoredLine, ...]]:
    """Index claims by claim id for `match_remittance`."""
    return {
        claim.claim_id: tuple(
            StoredLine(
                claim.claim_id, line.line_number, line.code, line.modifiers, line.service_date, line.charge, line.units
            )
            for line in claim.lines
        )
        for claim in claims
    }


@dataclass(frozen=True, slots=True)
class LinePosting:
    """A service payment matched to a stored line."""

    claim_id: str
    line_number: int
    score: int
    reasons: tuple[str, ...]
    paid: Decimal
    adjustments: tuple[Adjustment, ...]
    remarks: tuple[str, ...]
    patient_responsibility: Decimal
    position: int  # SVC segment in the 835

    @property
    def needs_review(self) -> bool:
        return self.score < REVIEW_BELOW

    @property
    def denied(self) -> bool:
        """Nothing paid and something other than the patient's share adjusted away."""
        return self.paid == ZERO and any(
            a.group != PATIENT_RESPONSIBILITY and a.amount > ZERO for a in self.adjustments
        )

    @property
    def adjusted(self) -> bool:
        return bool(self.adjustments)


@dataclass(frozen=True, slots=True)
class UnmatchedPayment:
    """A payment kept for review: its claim, its ordinal among the claim's service payments, why."""

    claim_id: str
    line: int  # 1-based ordinal of the SVC within its CLP; 0 for a claim without service lines
    reason: str
    position: int  # SVC (or CLP) segment in the 835
    paid: Decimal
    # What a person needs to put the payment on a line by hand (and what then gets posted).
    code: str = ""
    modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()
    patient_responsibility: Decimal = ZERO
    payer_claim_number: str = ""
    #: The best score any line of the claim reached (a line another payment took first); None: no candidate.
    best_score: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimPosting:
    claim_id: str
    status: str
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str
    claim_adjustments: tuple[Adjustment, ...]
    lines: tuple[LinePosting, ...]
    position: int

    @property
    def denied(self) -> bool:
        return self.status == DENIED_STATUS


@dataclass(frozen=True, slots=True)
class RemittancePosting:
    """What posting the remittance would do; the caller stores it in one transaction."""

    trace_number: str
    claims: tuple[ClaimPosting, ...]
    unmatched: tuple[UnmatchedPayment, ...]

    @property
    def lines(self) -> tuple[LinePosting, ...]:
        return tuple(line for claim in self.claims for line in claim.lines)

    @property
    def paid_total(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)

    @property
    def patient_responsibility_total(self) -> Decimal:
        return sum((claim.patient_responsibility for claim in self.claims), ZERO)

    def summary(self) -> dict[str, object]:
        """The figures `coolclaim remit post` prints (money as decimal strings)."""
        lines = self.lines
        return {
            "claims_matched": len(self.claims),
            "lines_paid": sum(1 for line in lines if line.paid != ZERO),
            "lines_denied": sum(1 for line in lines if line.denied),
            "lines_adjusted": sum(1 for line in lines if line.adjusted),
            "paid_total": str(self.paid_total),
            "patient_responsibility_total": str(self.patient_responsibility_total),
            "unmatched": [{"claim_id": u.claim_id, "line": u.line, "reason": u.reason} for u in self.unmatched],
        }


class RemittanceOutOfBalance(ValueError):
    """The remittance does not add up; nothing of it may be posted."""

    def __init__(self, problems: Sequence[BalanceProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("the remittance does not balance: " + "; ".join(str(p) for p in problems))


def _modifier_score(sent: tuple[str, ...], paid: tuple[str, ...]) -> tuple[int, str]:
    if sent == paid:
        return 15, "modifiers match" if sent else "no modifiers, as sent"
    if sorted(sent) == sorted(paid):
        return 12, f"modifiers reordered (sent {' '.join(sent)}, paid {' '.join(paid)})"
    if set(paid) < set(sent) and len(paid) == len(set(paid)):
        dropped = [m for m in sent if m not in paid]
        return 8, f"modifier {' '.join(dropped)} dropped by the payer"
    return 0, f"modifiers differ (sent {' '.join(sent) or 'none'}, paid {' '.join(paid) or 'none'})"


def _score(payment: ServicePayment, line: StoredLine, claim: ClaimPayment) -> tuple[int, tuple[str, ...]] | None:
    """Score one payment against one stored line of its claim; None when they cannot be the same."""
    if payment.line_control is not None and payment.line_control == line.line_control:
        if payment.billed_code == line.code:
            return 100, (f"line control number {payment.line_control} matches line {line.line_number}",)
        return 90, (
            f"line control number {payment.line_control} matches line {line.line_number}",
            f"code differs (sent {line.code}, paid {payment.billed_code})",
        )
    if payment.billed_code != line.code:
        return None
    reasons = [f"code {line.code} matches"]
    score = 70
    if payment.service_date is not None:
        if payment.service_date != line.service_date:
            return None
        score += 10
        reasons.append(f"date of service {line.service_date.isoformat()} matches")
    else:
        start, end = claim.statement_from, claim.statement_to
        if start is not None and not start <= line.service_date <= (end or start):
            return None
        reasons.append("the 835 gives no line date; matched within the claim")
    points, why = _modifier_score(line.modifiers, payment.billed_modifiers)
    score += points
    reasons.append(why)
    if payment.charge == line.charge:
        score += 5
        reasons.append("charge matches")
    else:
        reasons.append(f"charge differs (sent {line.charge}, 835 says {payment.charge})")
    return score, tuple(reasons)


def _post_claim(claim: ClaimPayment, lines: Sequence[StoredLine]) -> tuple[ClaimPosting, list[UnmatchedPayment]]:
    candidates: list[tuple[int, int, int, tuple[str, ...]]] = []
    for p_index, payment in enumerate(claim.services):
        for line in lines:
            scored = _score(payment, line, claim)
            if scored is not None:
                candidates.append((-scored[0], p_index, line.line_number, scored[1]))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    taken_payments: dict[int, tuple[int, int, tuple[str, ...]]] = {}
    taken_lines: set[int] = set()
    for negative_score, p_index, line_number, reasons in candidates:
        if p_index in taken_payments or line_number in taken_lines:
            continue
        taken_payments[p_index] = (-negative_score, line_number, reasons)
        taken_lines.add(line_number)
    postings: list[LinePosting] = []
    unmatched: list[UnmatchedPayment] = []
    best: dict[int, int] = {}
    for negative_score, p_index, _line_number, _reasons in candidates:
        best.setdefault(p_index, -negative_score)
    for p_index, payment in enumerate(claim.services):
        taken = taken_payments.get(p_index)
        if taken is None:
            when = f" on {payment.service_date.isoformat()}" if payment.service_date else ""
            unmatched.append(
                _kept(
                    claim,
                    payment,
                    p_index + 1,
                    f"claim {claim.claim_id} has no unposted line with code {payment.billed_code}{when}"
                    f" (SVC at segment {payment.position})",
                    best.get(p_index),
                )
            )
            continue
        score, line_number, reasons = taken
        postings.append(
            LinePosting(
                claim_id=claim.claim_id,
                line_number=line_number,
                score=score,
                reasons=reasons,
                paid=payment.paid,
                adjustments=payment.adjustments,
                remarks=payment.remarks,
                patient_responsibility=payment.patient_responsibility,
                position=payment.position,
            )
        )
    patient_share = claim.patient_responsibility
    if patient_share is None:
        patient_share = sum((p.patient_responsibility for p in postings), ZERO) + sum(
            (a.amount for a in claim.adjustments if a.group == PATIENT_RESPONSIBILITY), ZERO
        )
    posting = ClaimPosting(
        claim_id=claim.claim_id,
        status=claim.status,
        paid=claim.paid,
        patient_responsibility=patient_share,
        payer_claim_number=claim.payer_claim_number,
        claim_adjustments=claim.adjustments,
        lines=tuple(sorted(postings, key=lambda p: p.line_number)),
        position=claim.position,
    )
    return posting, unmatched


def _kept(
    claim: ClaimPayment, payment: ServicePayment, line: int, reason: str, best_score: int | None
) -> UnmatchedPayment:
    return UnmatchedPayment(
        claim.claim_id,
        line,
        reason,
        payment.position,
        payment.paid,
        code=payment.billed_code,
        modifiers=payment.billed_modifiers,
        service_date=payment.service_date,
        adjustments=payment.adjustments,
        remarks=payment.remarks,
        patient_responsibility=payment.patient_responsibility,
        payer_claim_number=claim.payer_claim_number,
        best_score=best_score,
    )


def _unknown_claim(claim: ClaimPayment) -> list[UnmatchedPayment]:
    reason = f"claim id {claim.claim_id} (CLP at segment {claim.position}) is not a claim we sent"
    if not claim.services:
        return [
            UnmatchedPayment(
                claim.claim_id, 0, reason, claim.position, claim.paid, payer_claim_number=claim.payer_claim_number
            )
        ]
    return [_kept(claim, service, index, reason, None) for index, service in enumerate(claim.services, start=1)]


def match_remittance(remittance: Remittance, lines: Mapping[str, Sequence[StoredLine]]) -> RemittancePosting:
    """Match every service payment of a balanced remittance to the stored claim lines.

    Raises `RemittanceOutOfBalance` (naming each segment and position) when the money does
    not add up: such a file is refused whole.
    """
    problems = check_balance(remittance)
    if problems:
        raise RemittanceOutOfBalance(problems)
    postings: list[ClaimPosting] = []
    unmatched: list[UnmatchedPayment] = []
    for claim in remittance.claims:
        stored = lines.get(claim.claim_id)
        if stored is None:
            unmatched.extend(_unknown_claim(claim))
            continue
        posting, left = _post_claim(claim, stored)
        postings.append(posting)
        unmatched.extend(left)
    return RemittancePosting(remittance.trace_number, tuple(postings), tuple(unmatched))
