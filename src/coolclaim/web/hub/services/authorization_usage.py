"""Used vs authorized, computed (never typed): the course's documented sessions against the
approved authorization's valid dates, session count and units per code (from the sessions'
current claim lines). Sessions outside the dates or beyond the units are flagged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F

from coolclaim.web.billing.models import ClaimLine
from coolclaim.web.clinic.models import Session
from coolclaim.web.hub.models import Case, PriorAuthorization


@dataclass(frozen=True)
class SessionFlag:
    session_pk: int
    session_id: str
    service_date: dt.date | None
    problem: str


@dataclass(frozen=True)
class Usage:
    authorization: PriorAuthorization | None
    sessions_used: int
    sessions_authorized: int | None
    units_used: dict[str, int]
    units_authorized: dict[str, int]
    flags: list[SessionFlag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags


def _approved(case: Case) -> PriorAuthorization | None:
    return case.authorizations.filter(decision__in=["approved", "modified"]).order_by("-decided_at").first()


def authorization_usage(case: Case) -> Usage:
    """The usage of the case's latest approved authorization by its course's sessions."""
    auth = _approved(case)
    if case.course_id is None:
        return Usage(
            auth, 0, auth.authorized_sessions if auth else None, {}, dict(auth.authorized_units) if auth else {}
        )
    sessions = list(
        Session.objects.filter(course_id=case.course_id)
        .only("pk", "session_id", "service_date", "cooling_start")
        .order_by("service_date", "cooling_start", "pk")
    )
    lines = ClaimLine.objects.filter(
        version__claim__session__course_id=case.course_id, version__claim__current_version=F("version")
    ).values_list("version__claim__session_id", "code", "units")
    per_session: dict[int, Counter[str]] = {}
    for session_pk, code, units in lines:
        per_session.setdefault(session_pk, Counter())[code] += units
    used: Counter[str] = Counter()
    flags: list[SessionFlag] = []
    authorized_units = dict(auth.authorized_units) if auth else {}
    for number, s in enumerate(sessions, start=1):
        if auth is None:
            flags.append(SessionFlag(s.pk, s.session_id, s.service_date, "no approved authorization"))
            continue
        day = s.service_date
        if day is not None and ((auth.valid_from and day < auth.valid_from) or (auth.valid_to and day > auth.valid_to)):
            flags.append(SessionFlag(s.pk, s.session_id, day, "outside the authorization's valid dates"))
        if auth.authorized_sessions is not None and number > auth.authorized_sessions:
            flags.append(
                SessionFlag(s.pk, s.session_id, day, f"beyond the {auth.authorized_sessions} authorized sessions")
            )
        for code, units in sorted(per_session.get(s.pk, Counter()).items()):
            used[code] += units
            limit = authorized_units.get(code)
            if limit is not None and used[code] > limit:
                flags.append(SessionFlag(s.pk, s.session_id, day, f"{code}: {used[code]} units, {limit} authorized"))
    return Usage(
        auth,
        len(sessions),
        auth.authorized_sessions if auth else None,
        dict(sorted(used.items())),
        authorized_units,
        flags,
    )
