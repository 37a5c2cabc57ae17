"""Turns one raw input record into a `Session`, or lists every bad field.

A record is rejected only when its *shape* is wrong (a missing required field, a wrong type,
an unknown value, a time that is not a date-time). Problems a billing clerk can fix on the
claim (missing times, missing documentation, a time without UTC offset) are not rejections:
they become claim edits later.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from coolclaim.coding.clock import known_timezone, zone
from coolclaim.coding.session import ChemoAdmin, FieldError, Payer, Session
from coolclaim.vocabulary import DOCUMENTATION_FLAGS, Funding, GroupSize, MedicaidDelivery, PayerType, Setting

SETTINGS = tuple(v.value for v in Setting)
PAYER_TYPES = tuple(v.value for v in PayerType)
FUNDING = tuple(v.value for v in Funding)
GROUP_SIZES = tuple(v.value for v in GroupSize)
DOC_FLAGS = DOCUMENTATION_FLAGS
MEDICAID_DELIVERY = tuple(v.value for v in MedicaidDelivery)

_ICD = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?")
_PROC = re.compile(r"[0-9A-Z][0-9]{3}[0-9A-Z]")
_EM = re.compile(r"99[0-9]{3}|G0463")


class _Collector:
    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def bad(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))


def _required_text(raw: Mapping[str, Any], key: str, out: _Collector) -> str:
    value = raw.get(key)
    if value is None:
        out.bad(key, "is required")
        return ""
    if not isinstance(value, str):
        out.bad(key, f"must be text, got {type(value).__name__}")
        return ""
    value = value.strip()
    if not value:
        out.bad(key, "must not be empty")
    return value


def _optional_text(raw: Mapping[str, Any], key: str, out: _Collector, field: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        out.bad(field, f"must be text or null, got {type(value).__name__}")
        return None
    value = value.strip()
    return value or None


def _flag(raw: Mapping[str, Any], key: str, out: _Collector, field: str) -> bool | None:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return value
    out.bad(field, f"must be true or false, got {value!r}")
    return None


def _choice(value: Any, field: str, allowed: Collection[str], out: _Collector) -> str | None:
    if isinstance(value, str) and value in allowed:
        return value
    out.bad(field, f"must be one of {', '.join(allowed)}; got {value!r}")
    return None


def _state(value: Any, field: str, states: Collection[str], out: _Collector) -> str | None:
    if isinstance(value, str) and value.strip().upper() in states:
        return value.strip().upper()
    out.bad(field, f"must be a 2-letter US state, DC or territory code; got {value!r}")
    return None


def _timestamp(raw: Mapping[str, Any], key: str, out: _Collector) -> datetime | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > 10 and text[10] in "Tt ":
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                pass
    out.bad(key, f"must be an ISO 8601 date-time such as 2026-01-14T08:00:00-05:00; got {value!r}")
    return None


def _diagnoses(value: Any, out: _Collector) -> tuple[str, ...]:
    if value is None:
        out.bad("diagnoses", "is required: a list of ICD-10-CM codes, the cancer first")
        return ()
    if not isinstance(value, list):
        out.bad("diagnoses", f"must be a list of ICD-10-CM codes, got {type(value).__name__}")
        return ()
    if not value:
        out.bad("diagnoses", "must hold at least one ICD-10-CM code")
        return ()
    codes: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not _ICD.fullmatch(item.strip().upper()):
            out.bad(f"diagnoses[{i}]", f"is not an ICD-10-CM code: {item!r}")
            continue
        codes.append(item.strip().upper().replace(".", ""))
    return tuple(codes)


def _chemo(value: Any, out: _Collector) -> tuple[ChemoAdmin, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        out.bad("chemo_admin", f"must be a list of {{code, units}}, got {type(value).__name__}")
        return ()
    lines: list[ChemoAdmin] = []
    for i, item in enumerate(value):
        where = f"chemo_admin[{i}]"
        if not isinstance(item, dict):
            out.bad(where, f"must be an object with code and units, got {item!r}")
            continue
        code = item.get("code")
        units = item.get("units", 1)
        ok = True
        if not isinstance(code, str) or not _PROC.fullmatch(code.strip().upper()):
            out.bad(f"{where}.code", f"is not a CPT/HCPCS code: {code!r}")
            ok = False
        if units is None:
            units = 1
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            out.bad(f"{where}.units", f"must be a whole number of at least 1, got {units!r}")
            ok = False
        if ok:
            assert isinstance(code, str)
            lines.append(ChemoAdmin(code.strip().upper(), units))
    return tuple(lines)


def _payer(value: Any, facility_state: str | None, states: Collection[str], out: _Collector) -> Payer:
    empty = Payer("self_pay", None, None, facility_state or "", None)
    if value is None:
        out.bad("payer", "is required: an object with at least type")
        return empty
    if not isinstance(value, dict):
        out.bad(
            "payer",
            f"must be an object with type, name, funding, plan_state, group_size; got {value!r}",
        )
        return empty
    ptype = _choice(value.get("type"), "payer.type", PAYER_TYPES, out)
    name = _optional_text(value, "name", out, "payer.name")
    funding = value.get("funding")
    if funding is not None:
        funding = _choice(funding, "payer.funding", FUNDING, out)
    group = value.get("group_size")
    if group is not None:
        group = _choice(group, "payer.group_size", GROUP_SIZES, out)
    plan_state = value.get("plan_state")
    if plan_state is not None:
        plan_state = _state(plan_state, "payer.plan_state", states, out)
    payer_id = _optional_text(value, "id", out, "payer.id")
    renewal: date | None = None
    renewal_raw = value.get("plan_renewal_date")
    if renewal_raw is not None:
        renewal = _date_value(renewal_raw, "payer.plan_renewal_date", out)
    delivery = value.get("medicaid_delivery")
    if delivery is not None:
        delivery = _choice(delivery, "payer.medicaid_delivery", MEDICAID_DELIVERY, out)
        if delivery is not None and ptype != "medicaid":
            out.bad("payer.medicaid_delivery", f"is only for payer type medicaid; got type {ptype!r}")
    return Payer(
        ptype or "self_pay", name, funding, plan_state or facility_state or "", group, payer_id, renewal, delivery
    )


def _date_value(value: Any, field: str, out: _Collector) -> date | None:
    try:
        if not isinstance(value, str) or len(value.strip()) != 10:
            raise ValueError
        return date.fromisoformat(value.strip())
    except ValueError:
        out.bad(field, f"must be a date such as 2026-01-01; got {value!r}")
        return None


def _local_day(moment: datetime, timezone: str | None, state: str | None, states: object) -> date:
    """The facility's local date of a moment (the zone given, else the state's only zone)."""
    if moment.tzinfo is None:
        return moment.date()
    tz = timezone if timezone is not None and known_timezone(timezone) else None
    if tz is None and isinstance(states, Mapping) and state is not None:
        zones: tuple[str, ...] = tuple(states.get(state) or ())
        tz = zones[0] if len(zones) == 1 else None
    return moment.astimezone(zone(tz)).date() if tz is not None else moment.date()


def parse_session(raw: object, states: Collection[str], em_codes: Collection[str]) -> Session | list[FieldError]:
    """Validate one record; returns the Session, or every field error found.

    A record of the usual shape is accepted by `_usual_session` without building anything it
    would throw away; anything else (a bad or unusual field) takes the full path, which names
    every bad field. Both give the same Session (a property test holds them equal).
    """
    if type(raw) is dict:
        usual = _usual_session(raw, states, em_codes)
        if usual is not None:
            return usual
    return parse_session_fully(raw, states, em_codes)


_SETTINGS = frozenset(SETTINGS)
_PAYER_TYPES = frozenset(PAYER_TYPES)
_FUNDING = frozenset((None, *FUNDING))
_GROUPS = frozenset((None, *GROUP_SIZES))


def _is_flag(value: object) -> bool:
    """None, True or False (and not 0 or 1, which equal them)."""
    return value is None or value is True or value is False


_NO_DOCS = dict.fromkeys(DOC_FLAGS, False)
#: Diagnosis lists as written -> the dotless codes (`_usual_session`).
_USUAL_DIAGNOSES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _text_or_none(value: object) -> str | None:
    """An optional text field of the usual shape (raises TypeError for anything else)."""
    if value is None:
        return None
    if type(value) is not str:
        raise TypeError
    return value.strip() or None


def _time_or_none(value: object) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str:
        raise TypeError
    text = value.strip()
    if len(text) <= 10 or text[10] not in "Tt ":
        raise ValueError
    return datetime.fromisoformat(text)


def _usual_session(raw: dict[str, Any], states: Collection[str], em_codes: Collection[str]) -> Session | None:
    """The Session of a record whose every field has the usual shape, else None."""
    try:
        get: Any = raw.get  # Any: a value of the wrong type raises, and the full path takes over
        session_id = get("session_id").strip()
        patient_id = get("patient_id").strip()
        course_id = get("course_id").strip()
        if not session_id or not patient_id or not course_id:
            return None
        facility_state = get("facility_state").strip().upper()
        setting = get("setting")
        payer_raw = get("payer")
        if facility_state not in states or setting not in _SETTINGS or type(payer_raw) is not dict:
            return None
        county = _text_or_none(get("facility_county"))
        timezone = _text_or_none(get("facility_timezone"))
        if timezone is not None and not known_timezone(timezone):
            return None
        birth_text = get("patient_birth_date").strip()
        if len(birth_text) != 10:
            return None
        birth = date.fromisoformat(birth_text)

        ptype = payer_raw.get("type")
        funding = payer_raw.get("funding")
        group = payer_raw.get("group_size")
        if (
            ptype not in _PAYER_TYPES
            or funding not in _FUNDING
            or group not in _GROUPS
            or payer_raw.get("plan_renewal_date") is not None
            or payer_raw.get("medicaid_delivery") is not None
        ):
            return None
        plan_state = payer_raw.get("plan_state")
        if plan_state is not None:
            plan_state = plan_state.strip().upper()
            if plan_state not in states:
                return None
        payer = Payer(
            ptype,
            _text_or_none(payer_raw.get("name")),
            funding,
            plan_state or facility_state,
            group,
            _text_or_none(payer_raw.get("id")),
        )

        diagnoses_raw = get("diagnoses")
        if type(diagnoses_raw) is not list or not diagnoses_raw:
            return None
        # The same few lists repeat across a batch: each distinct list is checked once. Only
        # lists of strings that pass are kept (any other item raises or fails below).
        listed = tuple(diagnoses_raw)
        diagnoses = _USUAL_DIAGNOSES.get(listed)
        if diagnoses is None:
            checked = []
            for item in diagnoses_raw:
                code = item.strip().upper()
                if not _ICD.fullmatch(code):
                    return None
                checked.append(code.replace(".", ""))
            diagnoses = tuple(checked)
            if len(_USUAL_DIAGNOSES) < 10_000:
                _USUAL_DIAGNOSES[listed] = diagnoses

        chemo: tuple[ChemoAdmin, ...] = ()
        chemo_raw = get("chemo_admin")
        if chemo_raw is not None:
            if type(chemo_raw) is not list:
                return None
            items = []
            for item in chemo_raw:
                code = item.get("code").strip().upper()
                units = item.get("units", 1)
                if units is None:
                    units = 1
                if type(units) is not int or units < 1 or not _PROC.fullmatch(code):
                    return None
                items.append(ChemoAdmin(code, units))
            chemo = tuple(items)

        regimen = _text_or_none(get("regimen"))
        cap_fitting = get("cap_fitting")
        abn = get("abn_obtained")
        if not (_is_flag(cap_fitting) and _is_flag(abn)):
            return None
        cooling_start = _time_or_none(get("cooling_start"))
        infusion_start = _time_or_none(get("infusion_start"))
        infusion_end = _time_or_none(get("infusion_end"))
        cooling_end = _time_or_none(get("cooling_end"))

        model = serial = lot = None
        device = get("device")
        if device is not None:
            if type(device) is not dict:
                return None
            model = _text_or_none(device.get("model"))
            serial = _text_or_none(device.get("serial"))
            lot = _text_or_none(device.get("cap_lot"))

        docs: dict[str, Any] = _NO_DOCS
        documentation = get("documentation")
        if documentation is not None:
            if type(documentation) is not dict:
                return None
            docs = {key: documentation.get(key) for key in DOC_FLAGS}
            if not all(_is_flag(flag) for flag in docs.values()):
                return None

        em_code = None
        em_separate: Any = False
        em: Any = get("em_visit")
        if em is not None:
            if type(em) is not dict:
                return None
            em_get: Any = em.get
            em_code = em_get("code").strip()
            em_separate = em.get("separately_identifiable")
            if em_code not in em_codes or not _EM.fullmatch(em_code) or not _is_flag(em_separate):
                return None

        if (
            cooling_start is not None
            # The local date is within a day or two of the written one: look it up only then.
            and birth.toordinal() + 3 > cooling_start.toordinal()
            and birth > _local_day(cooling_start, timezone, facility_state, states)
        ):
            return None
    except (AttributeError, TypeError, ValueError):
        return None
    return Session(
        session_id,
        patient_id,
        course_id,
        facility_state,
        county,
        timezone,
        setting,
        birth,
        payer,
        diagnoses,
        chemo,
        regimen,
        bool(cap_fitting),
        cooling_start,
        infusion_start,
        infusion_end,
        cooling_end,
        model,
        serial,
        lot,
        bool(docs["order_verified"]),
        bool(docs["contraindications_screened"]),
        bool(docs["tolerance_monitored"]),
        bool(docs["scalp_assessed"]),
        em_code,
        bool(em_separate),
        abn,
    )


def parse_session_fully(raw: object, states: Collection[str], em_codes: Collection[str]) -> Session | list[FieldError]:
    """The full validation: every bad field is named."""
    out = _Collector()
    if not isinstance(raw, dict):
        return [FieldError("(record)", f"must be a JSON object, got {type(raw).__name__}")]

    session_id = _required_text(raw, "session_id", out)
    patient_id = _required_text(raw, "patient_id", out)
    course_id = _required_text(raw, "course_id", out)
    facility_state = None
    if raw.get("facility_state") is None:
        out.bad("facility_state", "is required")
    else:
        facility_state = _state(raw["facility_state"], "facility_state", states, out)
    county = _optional_text(raw, "facility_county", out, "facility_county")
    timezone = _optional_text(raw, "facility_timezone", out, "facility_timezone")
    if timezone is not None and not known_timezone(timezone):
        out.bad(
            "facility_timezone",
            f"is not an IANA time zone such as America/New_York; got {timezone!r}",
        )
    setting = None
    if raw.get("setting") is None:
        out.bad("setting", "is required: office or hospital_outpatient")
    else:
        setting = _choice(raw["setting"], "setting", SETTINGS, out)

    birth: date | None = None
    birth_raw = raw.get("patient_birth_date")
    if birth_raw is None:
        out.bad("patient_birth_date", "is required")
    else:
        try:
            if not isinstance(birth_raw, str) or len(birth_raw.strip()) != 10:
                raise ValueError
            birth = date.fromisoformat(birth_raw.strip())
        except ValueError:
            out.bad("patient_birth_date", f"must be a date such as 1971-05-02; got {birth_raw!r}")

    payer = _payer(raw.get("payer"), facility_state, states, out)
    diagnoses = _diagnoses(raw.get("diagnoses"), out)
    chemo = _chemo(raw.get("chemo_admin"), out)
    regimen = _optional_text(raw, "regimen", out, "regimen")
    cap_fitting = _flag(raw, "cap_fitting", out, "cap_fitting")
    times = [_timestamp(raw, key, out) for key in ("cooling_start", "infusion_start", "infusion_end", "cooling_end")]

    device = raw.get("device")
    model = serial = lot = None
    if device is not None:
        if isinstance(device, dict):
            model = _optional_text(device, "model", out, "device.model")
            serial = _optional_text(device, "serial", out, "device.serial")
            lot = _optional_text(device, "cap_lot", out, "device.cap_lot")
        else:
            out.bad("device", f"must be an object with model, serial, cap_lot; got {device!r}")

    docs: dict[str, bool | None] = dict.fromkeys(DOC_FLAGS)
    documentation = raw.get("documentation")
    if documentation is not None:
        if isinstance(documentation, dict):
            for key in DOC_FLAGS:
                docs[key] = _flag(documentation, key, out, f"documentation.{key}")
        else:
            out.bad("documentation", f"must be an object of true/false flags; got {documentation!r}")

    em_code = None
    em_separate: bool | None = False
    em = raw.get("em_visit")
    if em is not None:
        if not isinstance(em, dict):
            out.bad("em_visit", f"must be an object with code and separately_identifiable; got {em!r}")
        else:
            code = em.get("code")
            if not isinstance(code, str) or not _EM.fullmatch(code.strip()):
                out.bad("em_visit.code", f"must be an E/M code such as 99214 or G0463; got {code!r}")
            elif code.strip() not in em_codes:
                out.bad(
                    "em_visit.code",
                    f"{code.strip()} is not an office/outpatient E/M code coolclaim knows "
                    f"({', '.join(sorted(em_codes))})",
                )
            else:
                em_code = code.strip()
            em_separate = _flag(em, "separately_identifiable", out, "em_visit.separately_identifiable")
    abn = _flag(raw, "abn_obtained", out, "abn_obtained")

    if birth is not None and times[0] is not None and birth > _local_day(times[0], timezone, facility_state, states):
        out.bad("patient_birth_date", "is after the date of service")

    if out.errors:
        return out.errors
    assert facility_state is not None
    assert setting is not None
    assert birth is not None
    return Session(
        session_id=session_id,
        patient_id=patient_id,
        course_id=course_id,
        facility_state=facility_state,
        facility_county=county,
        facility_timezone=timezone,
        setting=setting,
        patient_birth_date=birth,
        payer=payer,
        diagnoses=diagnoses,
        chemo_admin=chemo,
        regimen=regimen,
        cap_fitting=bool(cap_fitting),
        cooling_start=times[0],
        infusion_start=times[1],
        infusion_end=times[2],
        cooling_end=times[3],
        device_model=model,
        device_serial=serial,
        cap_lot=lot,
        order_verified=bool(docs["order_verified"]),
        contraindications_screened=bool(docs["contraindications_screened"]),
        tolerance_monitored=bool(docs["tolerance_monitored"]),
        scalp_assessed=bool(docs["scalp_assessed"]),
        em_code=em_code,
        em_separately_identifiable=bool(em_separate),
        abn_obtained=abn,
    )
