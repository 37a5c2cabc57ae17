"""The outcome figures of stored cases: rows for the core's ``outcome_figures`` (one query for
the cases, one for their latest benefits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, QuerySet, Subquery

from coolclaim.hub.outcomes import CaseOutcome, OutcomeFigures, outcome_figures
from coolclaim.hub.vocabulary import Outcome
from coolclaim.web.hub.models import BenefitsInvestigation, Case, CaseEvent

_ZERO = Decimal("0")


def patient_pays(bi: BenefitsInvestigation | None) -> bool | None:
    """Whether the benefits leave the patient a share (deductible left, coinsurance or copay); None: not known."""
    if bi is None:
        return None
    known = [bi.deductible, bi.coinsurance_percent, bi.copay]
    if all(v is None for v in known):
        return None
    left = (bi.deductible or _ZERO) - (bi.deductible_met or _ZERO)
    return left > _ZERO or (bi.coinsurance_percent or _ZERO) > _ZERO or (bi.copay or _ZERO) > _ZERO


def case_outcomes(cases: QuerySet[Case]) -> list[CaseOutcome]:
    enrolled = CaseEvent.objects.filter(case_id=OuterRef("pk"), seq=0).values("at")[:1]
    rows = list(cases.annotate(enrolled_at=Subquery(enrolled)).only("pk", "facility_id", "outcome", "timezone"))
    latest: dict[int, BenefitsInvestigation] = {}
    for bi in BenefitsInvestigation.objects.filter(case_id__in=[c.pk for c in rows]).order_by(
        "case_id", "completed_at"
    ):
        latest[bi.case_id] = bi
    out = []
    for case in rows:
        at: dt.datetime | None = getattr(case, "enrolled_at", None)
        if at is None:
            continue
        out.append(
            CaseOutcome(
                case_id=str(case.pk),
                facility_id=case.facility_id,
                enrolled_on=at.astimezone(ZoneInfo(case.timezone)).date(),
                outcome=Outcome(case.outcome) if case.outcome else None,
                patient_pays=patient_pays(latest.get(case.pk)) if case.outcome == "covered" else None,
            )
        )
    return out


def figures_for(
    cases: QuerySet[Case], start: dt.date, end: dt.date, facilities: Collection[int] | None = None
) -> OutcomeFigures:
    """The three rates for cases enrolled from ``start`` to ``end`` at ``facilities`` (None: all given)."""
    scoped = cases.filter(facility_id__in=list(facilities)) if facilities else cases
    rows: Iterable[CaseOutcome] = case_outcomes(scoped)
    return outcome_figures(rows, start, end, set(facilities) if facilities else None)
