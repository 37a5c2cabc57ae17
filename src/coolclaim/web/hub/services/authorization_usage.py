"""Used vs authorized, computed (never typed): the course's documented sessions against the
approved authorizations' valid dates, session counts and units per code (from the sessions'
current claim lines, or the units being coded right now). Each session counts against the
approved authorization whose valid dates cover its date (the latest decided first), else against
the latest approved one. Sessions outside the dates or beyond the sessions or units are flagged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import F

from coolclaim.web.billing.models import ClaimLine
from coolclaim.web.clinic.models import Session
from coolclaim.web.hub.models import Case, PriorAuthorization

APPROVED = ("approved", "modified")


@dataclass(frozen=True)
class SessionFlag:
    session_pk: int
    session_id: str
    service_date: dt.date | None
    problem: str
    #: ``none`` (no approved authorization), ``dates``, ``sessions`` or ``units``.
    kind: str = "dates"


@dataclass(frozen=True)
class Usage:
    authorization: PriorAuthorization | None
    sessions_used: int
    sessions_authorized: int | None
    units_used: dict[str, int]
    units_authorized: dict[str, int]
    flags: list[SessionFlag] = field(default_factory=list)
    #: session pk → the approved authorization whose valid dates cover the session's date.
    covering: dict[int, PriorAuthorization] = field(default_factory=dict)
    #: The course's sessions in the order they were counted (pk, date).
    sessions: list[tuple[int, dt.date | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.flags


def approved_authorizations(case: Case) -> list[PriorAuthorization]:
    """The case's approved (or partly approved) authorizations, the latest decided first."""
    return list(case.authorizations.filter(decision__in=APPROVED).order_by("-decided_at", "-pk"))


def covers(auth: PriorAuthorization, day: dt.date | None) -> bool:
    """The authorization's valid dates include ``day`` (open ends count as covering)."""
    if day is None:
        return auth.valid_from is None and auth.valid_to is None
    return not ((auth.valid_from and day < auth.valid_from) or (auth.valid_to and day > auth.valid_to))


def _course_units(course_id: int) -> dict[int, Counter[str]]:
    lines = ClaimLine.objects.filter(
        version__claim__session__course_id=course_id, version__claim__current_version=F("version")
    ).values_list("version__claim__session_id", "code", "units")
    per_session: dict[int, Counter[str]] = {}
    for session_pk, code, units in lines:
        per_session.setdefault(session_pk, Counter())[code] += units
    return per_session


def authorization_usage(
    case: Case,
    *,
    units: Mapping[int, Mapping[str, int]] | None = None,
    authorizations: Sequence[PriorAuthorization] | None = None,
) -> Usage:
    """The usage of the case's approved authorizations by its course's sessions. ``units``
    replaces the stored units of the sessions it names (a session being coded now)."""
    auths = list(authorizations) if authorizations is not None else approved_authorizations(case)
    latest = auths[0] if auths else None
    if case.course_id is None:
        return Usage(
            latest,
            0,
            latest.authorized_sessions if latest else None,
            {},
            dict(latest.authorized_units) if latest else {},
        )
    sessions = list(
        Session.objects.filter(course_id=case.course_id)
        .only("pk", "session_id", "service_date", "cooling_start")
        .order_by("service_date", "cooling_start", "pk")
    )
    per_session = _course_units(case.course_id)
    for session_pk, coded in (units or {}).items():
        per_session[session_pk] = Counter(dict(coded))
    counted: dict[int, int] = Counter()
    used_by: dict[int, Counter[str]] = {}
    flags: list[SessionFlag] = []
    covering: dict[int, PriorAuthorization] = {}
    for s in sessions:
        day = s.service_date
        if latest is None:
            flags.append(SessionFlag(s.pk, s.session_id, day, "no approved authorization", "none"))
            continue
        auth = next((a for a in auths if covers(a, day)), None)
        if auth is None:
            auth = latest
            flags.append(SessionFlag(s.pk, s.session_id, day, "outside the authorization's valid dates", "dates"))
        else:
            covering[s.pk] = auth
        counted[auth.pk] += 1
        if auth.authorized_sessions is not None and counted[auth.pk] > auth.authorized_sessions:
            flags.append(
                SessionFlag(
                    s.pk, s.session_id, day, f"beyond the {auth.authorized_sessions} authorized sessions", "sessions"
                )
            )
        used = used_by.setdefault(auth.pk, Counter())
        limits = dict(auth.authorized_units)
        for code, n in sorted(per_session.get(s.pk, Counter()).items()):
            used[code] += n
            limit = limits.get(code)
            if limit is not None and used[code] > limit:
                flags.append(
                    SessionFlag(s.pk, s.session_id, day, f"{code}: {used[code]} units, {limit} authorized", "units")
                )
    latest_used = used_by.get(latest.pk, Counter()) if latest else Counter()
    return Usage(
        latest,
        counted[latest.pk] if latest else len(sessions),
        latest.authorized_sessions if latest else None,
        dict(sorted(latest_used.items())),
        dict(latest.authorized_units) if latest else {},
        flags,
        covering,
        [(s.pk, s.service_date) for s in sessions],
    )
