"""The one mapping between a stored session and the coding contract's session
(``contracts/session.schema.json``), both ways, and the one list of the columns it covers.

- :data:`CONTRACT_COLUMNS`: the :class:`~coolclaim.web.clinic.models.Session` columns that the
  contract's fields set (an import compares these to tell a changed session from an unchanged
  one; the entry form and the API set the same ones).
- :func:`stored_values`: a validated contract session (``coolclaim.coding.session.Session``)
  as those columns.
- :func:`session_record`: a stored session as the contract's input dict (what the coding
  engine codes): times in the facility's wall clock with their UTC offset, the payer from the
  session's coverage (or the primary coverage active that day; none means ``self_pay``).
- :func:`contract_parts`: the nested device / documentation / E/M / ABN parts (also the API's
  output shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from coolclaim.coding.session import dotted
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Coverage, Session

if TYPE_CHECKING:
    from coolclaim.coding.session import Session as ContractSession

Record = dict[str, Any]

#: Session columns set from the contract's fields, in the contract's order.
CONTRACT_COLUMNS = (
    "cap_fitting",
    "cooling_start",
    "infusion_start",
    "infusion_end",
    "cooling_end",
    "chemo_admin",
    "diagnoses",
    "device_model",
    "device_serial",
    "cap_lot",
    "order_verified",
    "contraindications_screened",
    "tolerance_monitored",
    "scalp_assessed",
    "em_code",
    "em_separately_identifiable",
    "abn_obtained",
)

_SELF_PAY: dict[str, Any] = {
    "type": PayerType.SELF_PAY.value,
    "name": None,
    "funding": None,
    "plan_state": None,
    "group_size": None,
}
_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    zone = _ZONES.get(name)
    if zone is None:
        zone = _ZONES[name] = ZoneInfo(name)
    return zone


# --- contract → stored ---------------------------------------------------------------------
def stored_values(parsed: ContractSession) -> dict[str, Any]:
    """The :data:`CONTRACT_COLUMNS` of a validated contract session."""
    return {
        "cap_fitting": parsed.cap_fitting,
        "cooling_start": parsed.cooling_start,
        "infusion_start": parsed.infusion_start,
        "infusion_end": parsed.infusion_end,
        "cooling_end": parsed.cooling_end,
        "chemo_admin": [{"code": c.code, "units": c.units} for c in parsed.chemo_admin],
        "diagnoses": [dotted(code) for code in parsed.diagnoses],
        "device_model": parsed.device_model or "",
        "device_serial": parsed.device_serial or "",
        "cap_lot": parsed.cap_lot or "",
        "order_verified": parsed.order_verified,
        "contraindications_screened": parsed.contraindications_screened,
        "tolerance_monitored": parsed.tolerance_monitored,
        "scalp_assessed": parsed.scalp_assessed,
        "em_code": parsed.em_code or "",
        "em_separately_identifiable": parsed.em_separately_identifiable,
        "abn_obtained": parsed.abn_obtained,
    }


# --- stored → contract ---------------------------------------------------------------------
def contract_parts(session: Session) -> dict[str, Any]:
    """The contract's ``device``, ``documentation``, ``em_visit`` and ``abn_obtained``."""
    return {
        "device": {
            "model": session.device_model or None,
            "serial": session.device_serial or None,
            "cap_lot": session.cap_lot or None,
        },
        "documentation": {
            "order_verified": session.order_verified,
            "contraindications_screened": session.contraindications_screened,
            "tolerance_monitored": session.tolerance_monitored,
            "scalp_assessed": session.scalp_assessed,
        },
        "em_visit": (
            {"code": session.em_code, "separately_identifiable": session.em_separately_identifiable}
            if session.em_code
            else None
        ),
        "abn_obtained": session.abn_obtained,
    }


def _local_iso(value: dt.datetime | None, tz: ZoneInfo) -> str | None:
    return value.astimezone(tz).isoformat() if value is not None else None


def _service_day(session: Session, tz: ZoneInfo) -> dt.date:
    if session.cooling_start is not None:
        return session.cooling_start.astimezone(tz).date()
    return session.course.start_date


def choose_coverage(session: Session, coverages: Iterable[Coverage]) -> Coverage | None:
    """The session's own coverage, else the lowest-priority-number coverage active that day."""
    if session.coverage_id is not None:
        for coverage in coverages:
            if coverage.pk == session.coverage_id:
                return coverage
        return session.coverage
    day = _service_day(session, _zone(session.facility.time_zone))
    active = [c for c in coverages if c.is_active_on(day)]
    return min(active, key=lambda c: (c.priority, -c.start_date.toordinal()), default=None)


def payer_record(coverage: Coverage | None) -> dict[str, Any]:
    if coverage is None:
        return dict(_SELF_PAY)
    return {
        "type": coverage.payer_type,
        "name": coverage.payer_name or None,
        "funding": coverage.funding or None,
        "plan_state": coverage.plan_state or None,
        "group_size": coverage.group_size or None,
    }


def session_record(session: Session, coverages: Iterable[Coverage] | None = None) -> Record:
    """The coding contract's input for ``session`` (which may be unsaved).

    Expects ``facility`` and ``course__patient`` loaded; ``coverages`` are the patient's
    coverages (queried when not given).
    """
    facility = session.facility
    course = session.course
    patient = course.patient
    tz = _zone(facility.time_zone)
    if coverages is None:
        coverages = list(patient.coverages.all())
    return {
        "session_id": session.session_id,
        "patient_id": str(patient.pk),
        "course_id": str(course.pk),
        "facility_state": facility.state,
        "facility_county": facility.county or None,
        "facility_timezone": facility.time_zone,
        "setting": facility.setting,
        "patient_birth_date": patient.birth_date.isoformat(),
        "payer": payer_record(choose_coverage(session, coverages)),
        "diagnoses": list(session.diagnoses or []),
        "chemo_admin": [
            {"code": str(item["code"]), "units": int(item.get("units") or 1)} for item in (session.chemo_admin or [])
        ],
        "regimen": course.regimen or None,
        "cap_fitting": session.cap_fitting,
        "cooling_start": _local_iso(session.cooling_start, tz),
        "infusion_start": _local_iso(session.infusion_start, tz),
        "infusion_end": _local_iso(session.infusion_end, tz),
        "cooling_end": _local_iso(session.cooling_end, tz),
        **contract_parts(session),
    }


def restored_session(parsed: ContractSession, session: Session) -> ContractSession | None:
    """What the coding engine reads from ``session_record(session)`` — for a session just
    written from the validated ``parsed`` (its contract columns are ``stored_values(parsed)``)
    with its own coverage — without writing that record and parsing it again (an import's
    second parse). The stored row's side of the record is taken from the row: patient and
    course ids, the facility's state, county and zone, the birth date, the coverage's payer, the
    course's regimen, the times in the facility's wall clock. None when only the parse can tell
    (no coverage, an unknown zone, a birth date after the local day of the cooling start): the
    caller then parses. ``tests/web/imports`` holds both ways equal."""
    from dataclasses import replace

    from coolclaim.coding.clock import known_timezone
    from coolclaim.coding.session import Payer

    facility = session.facility
    course = session.course
    patient = course.patient
    coverage = session.coverage
    if coverage is None or not known_timezone(facility.time_zone):
        return None
    tz = _zone(facility.time_zone)
    moments = [
        None if moment is None else dt.datetime.fromisoformat(moment.astimezone(tz).isoformat())
        for moment in (parsed.cooling_start, parsed.infusion_start, parsed.infusion_end, parsed.cooling_end)
    ]
    if moments[0] is not None and patient.birth_date > moments[0].date():
        return None
    state = facility.state.strip().upper()
    payer = Payer(
        coverage.payer_type,
        (coverage.payer_name or "").strip() or None,
        coverage.funding or None,
        (coverage.plan_state or "").strip().upper() or state,
        coverage.group_size or None,
    )
    return replace(
        parsed,
        patient_id=str(patient.pk),
        course_id=str(course.pk),
        facility_state=state,
        facility_county=(facility.county or "").strip() or None,
        facility_timezone=facility.time_zone,
        setting=facility.setting,
        patient_birth_date=patient.birth_date,
        payer=payer,
        regimen=(course.regimen or "").strip() or None,
        cooling_start=moments[0],
        infusion_start=moments[1],
        infusion_end=moments[2],
        cooling_end=moments[3],
    )
