"""The facts a document is written from: typed, immutable, with no field for an SSN.

The app builds a `CaseFacts` from a hub case; every part is optional because a document
receives only the parts its recipient needs (`policy.minimum_necessary`). Reference data (the
device and its FDA authorisation) comes in as the refdata rows themselves, with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Literal

from coolclaim.patient_estimate import CourseEstimate
from coolclaim.refdata.documents_data import Device

PayerType = Literal[
    "commercial",
    "medicare",
    "medicare_advantage",
    "medicaid",
    "medicaid_managed_care",
    "chip",
    "tricare",
    "self_pay",
]
Funding = Literal["fully_insured", "self_funded", "unknown"]
GroupSize = Literal["individual", "small", "large"]
Setting = Literal["office", "hospital_outpatient"]
Per = Literal["course", "session"]


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    state: str
    zip: str
    line2: str | None = None

    def lines(self) -> tuple[str, ...]:
        first = (self.line1,) if self.line2 is None else (self.line1, self.line2)
        return (*first, f"{self.city}, {self.state} {self.zip}")


@dataclass(frozen=True, slots=True)
class Patient:
    name: str | None
    birth_date: date | None
    member_id: str | None
    address: Address | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Payer:
    name: str
    payer_type: PayerType
    address: Address | None = None  # where requests and appeals are sent
    phone: str | None = None
    fax: str | None = None
    portal: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    group_number: str | None = None
    funding: Funding = "unknown"
    group_size: GroupSize | None = None
    state: str | None = None


@dataclass(frozen=True, slots=True)
class Prescriber:
    name: str
    credentials: str  # "" when not on file (then left out of the signature)
    specialty: str  # "" when not on file
    npi: str  # "" when not on file
    phone: str | None = None
    fax: str | None = None


@dataclass(frozen=True, slots=True)
class Facility:
    name: str
    npi: str
    address: Address | None  # None: not on file (the letterhead then shows name, contact and NPI)
    setting: Setting
    phone: str | None = None
    fax: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnosis:
    code: str  # ICD-10-CM, dotted (C50.412)
    description: str


@dataclass(frozen=True, slots=True)
class Regimen:
    name: str
    regimen_id: str | None = None  # a regimens.yaml id when the regimen is known there
    cycles: int | None = None
    schedule: str | None = None  # "every 3 weeks"


@dataclass(frozen=True, slots=True)
class PlannedCode:
    code: str
    description: str
    per: Per
    units: int


@dataclass(frozen=True, slots=True)
class CoursePlan:
    planned_sessions: int
    first_infusion: date
    codes: tuple[PlannedCode, ...]
    post_cooling_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the coverage judgement found: the policy and/or state law behind it (refdata ids)."""

    policy_id: str | None = None
    mandate_id: str | None = None


@dataclass(frozen=True, slots=True)
class DenialReason:
    code: str  # "CARC 50", "EXPERIMENTAL", ... (documents.yaml denial_codes); unknown codes are answered in full
    text: str  # the payer's own wording ("" when withheld)


@dataclass(frozen=True, slots=True)
class Denial:
    decided_on: date
    reasons: tuple[DenialReason, ...]
    level: Literal["prior_authorization", "claim"] = "prior_authorization"
    reference: str | None = None
    appeal_deadline: date | None = None
    deadline_source: str | None = None


@dataclass(frozen=True, slots=True)
class Benefits:
    verified_on: date
    covered: bool
    in_network: bool
    deductible: Decimal
    deductible_met: Decimal
    coinsurance: Decimal  # fraction: 0.20 = 20%
    copay_per_session: Decimal
    oop_max: Decimal | None
    oop_met: Decimal
    prior_authorization_required: bool | None = None
    reference: str | None = None  # the payer's call or transaction reference


@dataclass(frozen=True, slots=True)
class FeeLine:
    code: str
    unit_charge: Decimal
    unit_allowed: Decimal | None
    source: str


@dataclass(frozen=True, slots=True)
class Authorization:
    required: bool | None
    submit_by: str | None = None  # "payer portal", "fax", "X12 278", "FHIR PAS"
    submit_to: str | None = None
    typical_turnaround: str | None = None  # None = unknown, never guessed
    turnaround_source: str | None = None
    number: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    given: bool
    on: date | None = None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    case_reference: str | None = None
    patient: Patient | None = None
    payer: Payer | None = None
    plan: Plan | None = None
    prescriber: Prescriber | None = None
    facility: Facility | None = None
    diagnoses: tuple[Diagnosis, ...] = ()
    regimen: Regimen | None = None
    course: CoursePlan | None = None
    device: Device | None = None
    coverage: Coverage | None = None
    denial: Denial | None = None
    benefits: Benefits | None = None
    fees: tuple[FeeLine, ...] = ()
    authorization: Authorization | None = None
    consent: Consent | None = None
    # A course estimate computed by the app (the patient_estimate core, fed by its own fee and
    # benefit lookups); when given, the Summary of Benefits shows it instead of computing one.
    estimate: CourseEstimate | None = None


PATIENT_FIELDS = tuple(f.name for f in fields(Patient))
TOP_FIELDS = tuple(f.name for f in fields(CaseFacts) if f.name != "patient")


def policy_fields() -> frozenset[str]:
    """Every name the documents policy may list: `patient.<field>`, the other parts, `denial.codes`."""
    return frozenset({f"patient.{name}" for name in PATIENT_FIELDS} | set(TOP_FIELDS) | {"denial.codes"})
