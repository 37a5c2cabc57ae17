"""A 271 eligibility answer as the benefits investigation's fields.

The core 271 reader (:func:`coolclaim.x12.x12_271_005010X279A1.read_271`) gives each person's
benefits; this picks the case's patient (by the member id of the patient's coverage with the
case's payer, or the only person in the file) and turns the figures into the BI form's terms:
active coverage, deductible and how much of it is met, coinsurance in percent, copay, the
out-of-pocket maximum and how much of it is met. A rejected inquiry (AAA) or a file that cannot
be read is refused with the reason (segment and position), never with the patient's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coolclaim.web.clinic.models import Coverage
from coolclaim.web.hub.models import Case
from coolclaim.x12.errors import X12Error
from coolclaim.x12.x12_271_005010X279A1 import read_271
from coolclaim.x12.x12_271_005010X279A1.reader import Eligibility

#: AAA03 reject reasons a coordinator meets most, in words.
REJECT_REASONS = {
    "15": "required application data missing",
    "42": "the payer's system is unavailable",
    "43": "invalid or missing provider identification",
    "57": "invalid or missing date of service",
    "58": "invalid or missing date of birth",
    "63": "date of service in the future",
    "71": "date of birth does not match the payer's records",
    "72": "invalid or missing member id",
    "73": "invalid or missing subscriber name",
    "75": "subscriber not found",
    "76": "duplicate member id",
}


class EligibilityUnreadable(Exception):
    """The 271 cannot fill this case's BI (the message says why)."""


@dataclass(frozen=True)
class EligibilityPrefill:
    """What the 271 says, in the BI form's fields (``initial``), and what it did not say."""

    initial: dict[str, Any]
    trace: str
    not_stated: list[str] = field(default_factory=list)


def _member_ids(case: Case) -> set[str]:
    coverages = Coverage.objects.filter(patient_id=case.patient_id)
    if case.payer_name:
        named = coverages.filter(payer_name=case.payer_name)
        if named.exists():
            coverages = named
    return {c.member_id.strip().upper() for c in coverages if c.member_id}


def _pick(case: Case, answers: tuple[Eligibility, ...]) -> Eligibility:
    if not answers:
        raise EligibilityUnreadable("the 271 answers about nobody")
    ids = _member_ids(case)
    mine = [a for a in answers if a.member_id.strip().upper() in ids]
    if len(mine) == 1:
        return mine[0]
    if len(answers) == 1 and not ids:
        return answers[0]
    if not mine:
        raise EligibilityUnreadable(
            f"none of the {len(answers)} people in the 271 has the member id of this case's coverage"
        )
    raise EligibilityUnreadable("the 271 answers about this member id more than once")


def _met(total: Decimal | None, remaining: Decimal | None) -> Decimal | None:
    if total is None or remaining is None:
        return None
    return max(total - remaining, Decimal(0))


def prefill_from_271(case: Case, data: bytes) -> EligibilityPrefill:
    """The BI form's initial values from a 271 about the case's patient."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise EligibilityUnreadable(f"the file is not X12 text (byte {exc.start})") from None
    try:
        answer = _pick(case, read_271(text))
    except X12Error as exc:
        raise EligibilityUnreadable(str(exc)) from None
    if answer.rejections:
        words = "; ".join(f"AAA {code}: {REJECT_REASONS.get(code, 'rejected')}" for code in answer.rejections)
        raise EligibilityUnreadable(f"the payer rejected the inquiry ({words})")
    figures: dict[str, Any] = {
        "deductible": answer.deductible,
        "deductible_met": _met(answer.deductible, answer.deductible_remaining),
        "coinsurance_percent": None
        if answer.coinsurance is None
        else (answer.coinsurance * 100).quantize(Decimal("0.01")),
        "copay": answer.copay,
        "oop_max": answer.out_of_pocket,
        "oop_met": _met(answer.out_of_pocket, answer.out_of_pocket_remaining),
    }
    initial: dict[str, Any] = {key: value for key, value in figures.items() if value is not None}
    if answer.active is not None:
        initial["coverage_active"] = answer.active
    not_stated = [key for key, value in figures.items() if value is None]
    if answer.active is None:
        not_stated.insert(0, "coverage_active")
    return EligibilityPrefill(initial, answer.trace, not_stated)
