"""Re-authorization steps: opened when the course's regimen changes under an approved
authorization, or when the authorization's valid dates end within the lead time; closed when a
new authorization is recorded or a coordinator finds none is needed (with a reason). Opening
and closing are audited rows shown on the case's timeline; the deadline goes to the case's
attention (the queues)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coolclaim import bootstrap
from coolclaim.calendars.business_days import add_business_days
from coolclaim.hub.vocabulary import CalendarName
from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import acting_as
from coolclaim.web.hub.choices import PaDecision, ReauthorizationTrigger
from coolclaim.web.hub.models import Case, PriorAuthorization, Reauthorization
from coolclaim.web.hub.services.attention import refresh_attention, start_of_day
from coolclaim.web.hub.services.authorization_changed import authorization_changed
from coolclaim.web.hub.services.authorization_usage import approved_authorizations
from coolclaim.web.hub.services.next_infusion import next_infusion

#: Open a re-authorization this many business days (of the case's calendar) before the
#: authorization's last valid day. coolclaim's own default, not a payer's rule: standard PA
#: decisions take up to 7 calendar days under CMS-0057-F and often longer with other payers,
#: so two working weeks leave time to submit and be decided. Override with the Django setting
#: ``COOLCLAIM_REAUTH_LEAD_BUSINESS_DAYS``.
DEFAULT_LEAD_BUSINESS_DAYS = 10
LEAD_SOURCE = "coolclaim's default (setting COOLCLAIM_REAUTH_LEAD_BUSINESS_DAYS)"


def lead_business_days() -> int:
    value = int(getattr(settings, "COOLCLAIM_REAUTH_LEAD_BUSINESS_DAYS", DEFAULT_LEAD_BUSINESS_DAYS))
    if value < 1:
        raise ValueError("COOLCLAIM_REAUTH_LEAD_BUSINESS_DAYS must be at least 1")
    return value


def _us(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def expiring_soon(case: Case, auth: PriorAuthorization, today: dt.date) -> bool:
    """``auth``'s last valid day falls within the lead time after ``today`` (or has passed)."""
    if auth.valid_to is None:
        return False
    calendar = bootstrap.hub_reference().calendars[CalendarName(case.calendar)]
    return auth.valid_to <= add_business_days(today, lead_business_days(), calendar)


def open_expiring(case: Case, now: dt.datetime | None = None) -> Reauthorization | None:
    """Open the step when the case's latest authorization expires soon, the course goes on past
    it, and no step was opened for that authorization yet."""
    now = now or timezone.now()
    zone = ZoneInfo(case.timezone)
    today = now.astimezone(zone).date()
    if case.outcome == "withdrawn" or case.course_id is None:
        return None
    auths = approved_authorizations(case)
    if not auths or auths[0].valid_to is None or not expiring_soon(case, auths[0], today):
        return None
    auth = auths[0]
    assert auth.valid_to is not None
    course = case.course
    if course is not None and (
        course.status != "active" or (course.end_date is not None and course.end_date <= auth.valid_to)
    ):
        return None
    if Reauthorization.objects.filter(case_id=case.pk, authorization_id=auth.pk).exists():
        return None
    number = auth.reference_number or "without a number"
    return _open(
        case,
        ReauthorizationTrigger.EXPIRING,
        auth,
        f"authorization {number} is valid to {_us(auth.valid_to)}",
        now,
        dt.datetime.combine(auth.valid_to, dt.time(23, 59, 59), tzinfo=zone),
        f"the new authorization has to be in place by the end of {_us(auth.valid_to)}; opened"
        f" {lead_business_days()} business days ahead ({LEAD_SOURCE})",
    )


def open_for_regimen_change(case: Case, before: str, after: str, now: dt.datetime | None = None) -> Reauthorization:
    """The course's regimen changed from ``before`` to ``after``: the approved authorization
    was given for the old one; a new one is due before the next infusion."""
    now = now or timezone.now()
    zone = ZoneInfo(case.timezone)
    auths = approved_authorizations(case)
    days = list(case.course.sessions.values_list("service_date", flat=True)) if case.course is not None else []
    expected = next_infusion(case.first_infusion_date, days, now.astimezone(zone).date())
    return _open(
        case,
        ReauthorizationTrigger.REGIMEN_CHANGED,
        auths[0] if auths else None,
        f"regimen changed from {before or '(none)'} to {after or '(none)'}",
        now,
        start_of_day(expected.day, zone),
        f"before the next infusion, expected {_us(expected.day)} ({expected.basis})",
    )


def _open(
    case: Case,
    trigger: str,
    auth: PriorAuthorization | None,
    detail: str,
    now: dt.datetime,
    due: dt.datetime,
    basis: str,
) -> Reauthorization:
    with transaction.atomic():
        step = Reauthorization.objects.create(
            case=case,
            trigger=trigger,
            authorization=auth,
            detail=detail[:300],
            opened_at=now,
            due=due,
            basis=basis[:300],
        )
        refresh_attention(case, now)
    return step


def close_reauthorization(
    step: Reauthorization,
    *,
    actor: Any,
    closed_at: dt.datetime,
    reason: str,
    reference_number: str = "",
    rail: str = "portal",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    authorized_sessions: int | None = None,
    authorized_units: dict[str, int] | None = None,
) -> Reauthorization:
    """Close the step: with the new authorization (a reference number given: recorded as
    approved, tied to the course, and the claims brought in line) or without one (``reason``
    says why none is needed)."""
    case = step.case
    require(actor, Action.WORK_HUB_CASE, case.facility_id)
    reason = reason.strip()
    if not reason:
        raise ValueError("reason: say why the step is closed")
    if not step.is_open:
        raise ValueError("closed_at: this re-authorization step is already closed")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError("valid_to: before valid from")
    with transaction.atomic(), acting_as(actor):
        if reference_number.strip():
            step.new_authorization = PriorAuthorization.objects.create(
                case=case,
                rail=rail,
                reference_number=reference_number.strip(),
                submitted_at=closed_at,
                decided_at=closed_at,
                decision=PaDecision.APPROVED,
                valid_from=valid_from,
                valid_to=valid_to,
                authorized_sessions=authorized_sessions,
                authorized_units=dict(authorized_units or {}),
                status_history=[{"at": closed_at.isoformat(), "status": "approved", "note": "re-authorization"}],
            )
        step.closed_at = closed_at
        step.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        step.close_reason = reason[:500]
        step.save()
        authorization_changed(case, actor=actor, reason="hub: re-authorization recorded")
    return step


def open_expiring_steps(now: dt.datetime | None = None) -> int:
    """The daily scan: open the steps of authorizations that expire within the lead time."""
    now = now or timezone.now()
    horizon = now.date() + dt.timedelta(days=lead_business_days() * 2 + 14)
    case_ids = (
        PriorAuthorization.objects.filter(decision__in=["approved", "modified"], valid_to__lte=horizon)
        .exclude(case__outcome="withdrawn")
        .values_list("case_id", flat=True)
        .distinct()
    )
    opened = 0
    for case in Case.objects.filter(pk__in=list(case_ids)).select_related("facility", "course").order_by("pk"):
        opened += open_expiring(case, now) is not None
    return opened
