"""What needs doing on a case beside the core's steps, with its deadline: an open
re-authorization step, or sessions the authorization does not cover (to fix before the next
infusion). Stored on the case (``attention_*``) and merged into its snapshot, so the case list,
the common work queue and the daily overdue check see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from coolclaim.web.hub.models import Case, Reauthorization
from coolclaim.web.hub.services.claim_addenda import verdict
from coolclaim.web.hub.services.next_infusion import next_infusion

REAUTHORIZATION = "reauthorization"
AUTHORIZATION_USAGE = "authorization_usage"
#: The kinds of attention that keep a case in the queues even when its core steps are done.
ATTENTION_KINDS = (REAUTHORIZATION, AUTHORIZATION_USAGE)
ATTENTION_FIELDS = ["attention_due", "attention_kind", "attention_basis"]


@dataclass(frozen=True)
class Attention:
    due: dt.datetime
    kind: str
    basis: str


def start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def usage_attention(case: Case, now: dt.datetime) -> Attention | None:
    """Sessions the authorization does not cover: fix before the next infusion."""
    found = verdict(case)
    if not found.flags:
        return None
    zone = ZoneInfo(case.timezone)
    days = [d for _pk, d in found.sessions]
    expected = next_infusion(case.first_infusion_date, days, now.astimezone(zone).date())
    sessions = sorted({f.session_id for f in found.flags})
    basis = (
        f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} not covered by the authorization"
        f" ({', '.join(sessions[:5])}{'…' if len(sessions) > 5 else ''}): settle it before the next infusion,"
        f" expected {expected.day.strftime('%m/%d/%Y')} ({expected.basis})"
    )
    return Attention(start_of_day(expected.day, zone), AUTHORIZATION_USAGE, basis[:300])


def attention_of(case: Case, now: dt.datetime) -> Attention | None:
    """The most pressing attention of the case (the earliest due), if any."""
    found: list[Attention] = [
        Attention(r.due, REAUTHORIZATION, f"re-authorization: {r.detail}; {r.basis}"[:300])
        for r in Reauthorization.objects.filter(case_id=case.pk, closed_at__isnull=True).order_by("due", "pk")
    ]
    if case.outcome not in ("withdrawn", "pap", "self_pay"):
        usage = usage_attention(case, now)
        if usage is not None:
            found.append(usage)
    return min(found, key=lambda a: (a.due, a.kind)) if found else None


def refresh_attention(case: Case, now: dt.datetime | None = None) -> Attention | None:
    """Recompute and store the case's attention, then its snapshot (which tells the queue)."""
    from coolclaim.web.hub.services.refresh_case import refresh_case

    now = now or timezone.now()
    attention = attention_of(case, now)
    case.attention_due = attention.due if attention else None
    case.attention_kind = attention.kind if attention else ""
    case.attention_basis = attention.basis if attention else ""
    case.save(update_fields=ATTENTION_FIELDS)
    refresh_case(case, now)
    return attention
