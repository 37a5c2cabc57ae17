"""The hub's addenda to the claims of a course it works (billing's ``claim_addenda_requested``):
the prior authorization number of the approved authorization covering each session's date, and
an edit on every session the authorization does not cover — missing, denied, outside its valid
dates, beyond its sessions or units. Each edit is an error (the payer denies such a claim: CARC
197 "authorization absent", 198 "authorization exceeded"), so the claim is held until the
authorization is fixed or billing overrides the edit with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.signals import ClaimAddendum
from coolclaim.web.hub.models import Appeal, BenefitsInvestigation, Case, PriorAuthorization
from coolclaim.web.hub.services.authorization_usage import APPROVED, SessionFlag, authorization_usage

#: The edit codes the hub raises (one per kind of usage flag, plus missing and denied).
PA_MISSING = "HUB_PA_MISSING"
PA_DENIED = "HUB_PA_DENIED"
PA_DATES = "HUB_PA_DATES"
PA_SESSIONS = "HUB_PA_SESSIONS"
PA_UNITS = "HUB_PA_UNITS"
HUB_CODES = (PA_MISSING, PA_DENIED, PA_DATES, PA_SESSIONS, PA_UNITS)
_BY_KIND = {"dates": PA_DATES, "sessions": PA_SESSIONS, "units": PA_UNITS}
_CARC = {
    PA_MISSING: "CARC 197 (authorization absent)",
    PA_DENIED: "CARC 197 (authorization absent)",
    PA_DATES: "CARC 197 (authorization absent for this date)",
    PA_SESSIONS: "CARC 198 (authorization exceeded)",
    PA_UNITS: "CARC 198 (authorization exceeded)",
}

EditRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class CourseVerdict:
    """What the hub wants on each session's claim of one course."""

    case: Case
    addenda: dict[int, ClaimAddendum]
    flags: list[SessionFlag]
    #: The course's sessions (pk, date of service) in the order they were counted.
    sessions: list[tuple[int, dt.date | None]]


def _day(value: Any) -> str:
    return value.strftime("%m/%d/%Y") if value else "open"


def describe(auth: PriorAuthorization) -> str:
    """The authorization in one line, for an edit's source."""
    number = auth.reference_number or "without a number"
    parts = [f"prior authorization {number} ({auth.get_decision_display().lower()})"]
    if auth.valid_from or auth.valid_to:
        parts.append(f"valid {_day(auth.valid_from)}–{_day(auth.valid_to)}")
    if auth.authorized_sessions is not None:
        parts.append(f"{auth.authorized_sessions} sessions")
    if auth.authorized_units:
        parts.append(", ".join(f"{code} × {n}" for code, n in sorted(auth.authorized_units.items())))
    return ", ".join(parts)


def _edit(code: str, message: str, source: str) -> EditRow:
    return (code, str(Severity.ERROR), f"{message} Payers deny such a claim: {_CARC[code]}.", source)


def cases_by_course(course_ids: Iterable[int]) -> dict[int, Case]:
    """The case that works each course (the latest enrolled, withdrawn cases aside)."""
    found: dict[int, Case] = {}
    ids = sorted({c for c in course_ids if c is not None})
    if not ids:
        return found
    for case in (
        Case.objects.filter(course_id__in=ids).exclude(outcome="withdrawn").order_by("course_id", "-created_at", "-pk")
    ):
        found.setdefault(case.course_id or 0, case)
    return found


def verdict(case: Case, units: Mapping[int, Mapping[str, int]] | None = None) -> CourseVerdict:
    """The addenda the hub wants on the claims of ``case``'s course."""
    benefits = BenefitsInvestigation.objects.filter(case_id=case.pk).order_by("-completed_at", "-pk").first()
    authorizations = list(case.authorizations.order_by("-decided_at", "-pk"))
    approved = [a for a in authorizations if a.decision in APPROVED]
    usage = authorization_usage(case, units=units, authorizations=approved)
    where = f"hub case {case.pk}"
    required = benefits is not None and benefits.pa_required
    addenda: dict[int, ClaimAddendum] = {}
    flags: list[SessionFlag] = []
    if not approved:
        denied = next((a for a in authorizations if a.decision == "denied"), None)
        appeal_won = Appeal.objects.filter(case_id=case.pk, decision="approved").exists() if denied else False
        for session_pk, _day_of in usage.sessions:
            edits: tuple[EditRow, ...] = ()
            if required and denied is not None and not appeal_won:
                reasons = ", ".join(denied.denial_reasons) or "no reason given"
                edits = (
                    _edit(
                        PA_DENIED,
                        f"The payer denied the prior authorization this session needs (reasons {reasons}).",
                        f"{where}: {describe(denied)}",
                    ),
                )
            elif required and not appeal_won:
                edits = (
                    _edit(
                        PA_MISSING,
                        "Prior authorization is required and none is approved yet.",
                        f"{where}: benefits investigation of {_day(benefits.completed_at if benefits else None)}",
                    ),
                )
            addenda[session_pk] = ClaimAddendum(edits, "")
        return CourseVerdict(case, addenda, [f for f in usage.flags if required], usage.sessions)
    by_session: dict[int, list[SessionFlag]] = {}
    for flag in usage.flags:
        by_session.setdefault(flag.session_pk, []).append(flag)
    for session_pk, _day_of in usage.sessions:
        auth = usage.covering.get(session_pk)
        judged = auth or usage.authorization
        assert judged is not None
        edits = tuple(
            _edit(
                _BY_KIND[flag.kind],
                f"Session {flag.session_id} on {_day(flag.service_date)}: {flag.problem}.",
                f"{where}: {describe(judged)}",
            )
            for flag in by_session.get(session_pk, [])
        )
        addenda[session_pk] = ClaimAddendum(edits, auth.reference_number if auth else "")
        flags.extend(by_session.get(session_pk, []))
    return CourseVerdict(case, addenda, flags, usage.sessions)


def addenda_for(sessions: Sequence[Any], units: Mapping[int, Mapping[str, int]]) -> dict[int, ClaimAddendum]:
    """Billing's hook: the addenda of the sessions (of courses the hub works) being stored."""
    wanted = {s.pk for s in sessions}
    answer: dict[int, ClaimAddendum] = {}
    for case in cases_by_course(s.course_id for s in sessions).values():
        mine = {pk: u for pk, u in units.items() if pk in wanted}
        for session_pk, addendum in verdict(case, mine).addenda.items():
            if session_pk in wanted:
                answer[session_pk] = addendum
    return answer
