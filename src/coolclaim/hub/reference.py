"""What a replay needs besides the events: calendars, appeal windows and PA decision rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from coolclaim.calendars import BusinessCalendar, calendar_from_spec
from coolclaim.hub.vocabulary import CalendarName
from coolclaim.refdata.calendar_model import CalendarSpecs
from coolclaim.refdata.payer_clock_model import AppealWindows, PaTurnaround


@dataclass(frozen=True, slots=True)
class HubReference:
    calendars: Mapping[CalendarName, BusinessCalendar]
    appeal_windows: AppealWindows
    pa_turnaround: PaTurnaround


def hub_reference(specs: CalendarSpecs, windows: AppealWindows, turnaround: PaTurnaround) -> HubReference:
    """The replay's reference from the typed reference data; every calendar name must be defined."""
    calendars: dict[CalendarName, BusinessCalendar] = {}
    for name in CalendarName:
        spec = specs.get(str(name))
        if spec is None:
            raise ValueError(f"calendars.yaml defines no calendar {name!s}")
        calendars[name] = calendar_from_spec(spec)
    return HubReference(MappingProxyType(calendars), windows, turnaround)
