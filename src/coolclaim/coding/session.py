"""The validated form of one documented session (the coding contract's input)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coolclaim.coding.quick_init import quick_init


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad field of an input record."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@quick_init
@dataclass(frozen=True, slots=True)
class Payer:
    type: str
    name: str | None
    funding: str | None
    plan_state: str
    group_size: str | None
    id: str | None = None  # payer id (e.g. the clearinghouse or CMS payer id)
    plan_renewal_date: date | None = None  # when the plan was last issued or renewed
    medicaid_delivery: str | None = None  # managed_care or fee_for_service (Medicaid only)


@quick_init
@dataclass(frozen=True, slots=True)
class ChemoAdmin:
    code: str
    units: int


@quick_init
@dataclass(frozen=True, slots=True)
class Session:
    """A session whose every field has the right type; rules decide the rest."""

    session_id: str
    patient_id: str
    course_id: str
    facility_state: str
    facility_county: str | None
    facility_timezone: str | None
    setting: str
    patient_birth_date: date
    payer: Payer
    diagnoses: tuple[str, ...]  # dotless, upper case, in claim order
    chemo_admin: tuple[ChemoAdmin, ...]
    regimen: str | None
    cap_fitting: bool
    cooling_start: datetime | None
    infusion_start: datetime | None
    infusion_end: datetime | None
    cooling_end: datetime | None
    device_model: str | None
    device_serial: str | None
    cap_lot: str | None
    order_verified: bool
    contraindications_screened: bool
    tolerance_monitored: bool
    scalp_assessed: bool
    em_code: str | None
    em_separately_identifiable: bool
    abn_obtained: bool | None

    @property
    def course_key(self) -> tuple[str, str]:
        return (self.patient_id, self.course_id)


TIME_FIELDS = ("cooling_start", "infusion_start", "infusion_end", "cooling_end")


def dotted(code: str) -> str:
    """ICD-10-CM display form: a dot after the third character."""
    shown = _DOTTED.get(code)
    if shown is None:
        shown = code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        if len(_DOTTED) < 50_000:
            _DOTTED[code] = shown
    return shown


_DOTTED: dict[str, str] = {}
