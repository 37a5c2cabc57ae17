"""The hub's outcome figures, with the seed's three definitions (domain §4):

- coverage rate: patients with positive coverage / all patients;
- PAP rate: patients supported by the PAP / patients without coverage;
- no-out-of-pocket rate: patients who paid nothing (covered with no patient share, or PAP) / all patients.

"All patients" are the cases enrolled in the date range (inclusive) at the chosen facilities
and closed with a decision (covered, PAP or self-pay); withdrawn and still-open cases are counted
apart and left out. Pure: rows in, figures out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from coolclaim.hub.vocabulary import Outcome


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    case_id: str
    facility_id: int
    enrolled_on: date
    outcome: Outcome | None  # None: still open
    patient_pays: bool | None  # covered cases: the benefits leave the patient a share; None: not known


@dataclass(frozen=True, slots=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def as_dict(self) -> dict[str, object]:
        percent = self.percent
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": f"{percent:f}" if percent is not None else None,
        }


@dataclass(frozen=True, slots=True)
class OutcomeFigures:
    start: date
    end: date
    patients: int
    coverage: Rate
    pap: Rate
    no_out_of_pocket: Rate
    covered_share_unknown: int  # covered cases counted as paying nothing because no share is known
    withdrawn: int
    open: int

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "patients": self.patients,
            "coverage_rate": self.coverage.as_dict(),
            "pap_rate_of_uncovered": self.pap.as_dict(),
            "no_out_of_pocket_rate": self.no_out_of_pocket.as_dict(),
            "covered_share_unknown": self.covered_share_unknown,
            "withdrawn_excluded": self.withdrawn,
            "open_excluded": self.open,
        }


def outcome_figures(
    cases: Iterable[CaseOutcome], start: date, end: date, facilities: Collection[int] | None = None
) -> OutcomeFigures:
    """The three rates over the cases enrolled from ``start`` to ``end`` at ``facilities`` (None: all)."""
    covered = pap = self_pay = withdrawn = still_open = covered_free = unknown_share = 0
    for case in cases:
        if not start <= case.enrolled_on <= end or (facilities is not None and case.facility_id not in facilities):
            continue
        if case.outcome is None:
            still_open += 1
        elif case.outcome is Outcome.WITHDRAWN:
            withdrawn += 1
        elif case.outcome is Outcome.COVERED:
            covered += 1
            if case.patient_pays is None:
                unknown_share += 1
            if not case.patient_pays:
                covered_free += 1
        elif case.outcome is Outcome.PAP:
            pap += 1
        else:
            self_pay += 1
    patients = covered + pap + self_pay
    return OutcomeFigures(
        start=start,
        end=end,
        patients=patients,
        coverage=Rate(covered, patients),
        pap=Rate(pap, patients - covered),
        no_out_of_pocket=Rate(covered_free + pap, patients),
        covered_share_unknown=unknown_share,
        withdrawn=withdrawn,
        open=still_open,
    )
