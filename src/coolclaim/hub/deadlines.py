"""The case's clocks: patient contact, the PA decision (CMS-0057-F) and the appeal filing window.

Every deadline says the rule behind it (`basis`). `met` is True when the awaited event happened
at or before `due`, False when it happened after, or has not happened and the clock is past
`due`; None otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coolclaim.calendars import BusinessCalendar, add_business_days
from coolclaim.calendars.business_days import closures_between
from coolclaim.hub.case import Deadline
from coolclaim.hub.events import PaDecided, PaSubmitted
from coolclaim.hub.vocabulary import CalendarName, DeadlineKind, EventType, PayerType
from coolclaim.refdata.payer_clock_model import AppealWindows, PaTurnaround

CONTACT_BUSINESS_DAYS = 2
END_OF_DAY = time(23, 59, 59)


def judge(due: datetime | None, happened: datetime | None, clock: datetime | None) -> bool | None:
    if due is None:
        return None
    if happened is not None:
        return happened <= due
    if clock is not None and clock > due:
        return False
    return None


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=zone)


def _observance_note(start: date, due_day: date, calendar: BusinessCalendar) -> str:
    """Name the unverified observance setting when a moved closure day shaped the deadline."""
    setting = calendar.observance_setting
    if setting is None or setting.confidence != "U":
        return ""
    moved = [c for c in closures_between(start + timedelta(days=1), due_day, calendar) if c.observed]
    if not moved:
        return ""
    days = ", ".join(f"{c.day.isoformat()} {c.name}" for c in moved)
    return (
        f" (closed {days} under the setting weekend_observance={setting.value}, "
        f"an unverified default: {setting.source})"
    )


def patient_contact(
    enrolled_at: datetime,
    contacted_at: datetime | None,
    calendar_name: CalendarName,
    calendar: BusinessCalendar,
    zone: ZoneInfo,
    clock: datetime | None,
) -> Deadline:
    """By the end of the second business day of the case's calendar after the day of enrollment."""
    start = enrolled_at.astimezone(zone).date()
    due_day = add_business_days(start, CONTACT_BUSINESS_DAYS, calendar)
    due = end_of_day(due_day, zone)
    basis = (
        f"{calendar_name}: patient contacted by the second {calendar_name} business day after enrollment"
        + _observance_note(start, due_day, calendar)
    )
    return Deadline(
        DeadlineKind.PATIENT_CONTACT, due, judge(due, contacted_at, clock), basis, EventType.PATIENT_CONTACTED
    )


def pa_decision(
    submitted: PaSubmitted,
    decided_at: datetime | None,
    payer_type: PayerType | None,
    turnaround: PaTurnaround,
    zone: ZoneInfo,
    clock: datetime | None,
) -> Deadline | None:
    """The decision deadline of a rule that binds this payer for this request, else None.

    Standard: the same local time `calendar_days` later (a DST change keeps the wall-clock
    time; a time that does not exist that day is read as zoneinfo does, moving it forward).
    Expedited: `hours` of absolute time.
    """
    local = submitted.at.astimezone(zone)
    rule = turnaround.binding(str(payer_type) if payer_type else None, local.date())
    if rule is None:
        return None
    if submitted.expedited:
        due = (submitted.at.astimezone(UTC) + timedelta(hours=rule.expedited_hours)).astimezone(zone)
        basis = rule.expedited_basis
    else:
        # the sum has fold=0 whatever `local` had: a wall time that occurs twice is its first occurrence
        wall = local + timedelta(days=rule.standard_calendar_days)
        due = wall.astimezone(UTC).astimezone(zone)
        basis = rule.standard_basis
    return Deadline(DeadlineKind.PA_DECISION, due, judge(due, decided_at, clock), basis, EventType.PA_DECIDED)


def appeal_filing(
    denial: PaDecided,
    filed_at: datetime | None,
    payer_type: PayerType | None,
    windows: AppealWindows,
    zone: ZoneInfo,
    clock: datetime | None,
) -> Deadline:
    """The end of the appeal window counted from the denial's local date; `due` None when unknown."""
    denied_on = denial.at.astimezone(zone).date()
    if payer_type is None:
        return Deadline(
            DeadlineKind.APPEAL_FILING,
            None,
            None,
            "appeal window unknown: the case gives no payer type, so no due date",
            EventType.APPEAL_FILED,
        )
    row = windows.find(str(payer_type), denied_on)
    if row is None:
        basis = f"appeal window unknown: no reference row for payer type {payer_type} on {denied_on}, so no due date"
        return Deadline(DeadlineKind.APPEAL_FILING, None, None, basis, EventType.APPEAL_FILED)
    if row.days == "unknown":
        basis = f"appeal window unknown: {row.basis} ({row.source}), so no due date"
        return Deadline(DeadlineKind.APPEAL_FILING, None, None, basis, EventType.APPEAL_FILED)
    due = end_of_day(denied_on + timedelta(days=row.days), zone)
    counted = "the date on the notice" if row.counted_from == "notice_date" else "its receipt"
    basis = (
        f"{row.basis}; counted from the denial's date ({denied_on.isoformat()}) as {counted} "
        f"({row.source}; confidence {row.confidence})"
    )
    return Deadline(DeadlineKind.APPEAL_FILING, due, judge(due, filed_at, clock), basis, EventType.APPEAL_FILED)
