"""The outgoing claim: trading partners, billing provider, subscriber, patient, payer, lines.

Every value is already decided (codes, units, charges, pointers); the writers only format.
Money is `Decimal`; dates are `datetime.date` (the facility's local date of service).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class ClaimKind(StrEnum):
    """Which 837 carries the claim."""

    PROFESSIONAL = "professional"  # 837P, office (place of service 11)
    INSTITUTIONAL = "institutional"  # 837I, hospital outpatient (type of bill 0131)


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str  # digits only, 10 for a US number
    email: str | None = None


@dataclass(frozen=True, slots=True)
class TradingPartners:
    """Interchange and submitter/receiver settings of one facility with one clearinghouse or payer."""

    sender_qualifier: str  # ISA05, e.g. "ZZ" (mutually defined) or "30" (TIN)
    sender_id: str  # ISA06 (padded to 15 by the writer)
    receiver_qualifier: str  # ISA07
    receiver_id: str  # ISA08
    application_sender: str  # GS02
    application_receiver: str  # GS03
    submitter_name: str  # 1000A NM1*41
    submitter_id: str  # 1000A NM109 (ETIN)
    submitter_contact: Contact
    receiver_name: str  # 1000B NM1*40
    receiver_id_code: str  # 1000B NM109
    production: bool = False  # ISA15: P when True, T otherwise
    acknowledgment_requested: bool = False  # ISA14


@dataclass(frozen=True, slots=True)
class ControlNumbers:
    """Control numbers handed in by the caller, who keeps them unique and persisted."""

    interchange: int  # ISA13 / IEA02, 1..999999999
    group: int  # GS06 / GE02
    first_transaction: int = 1  # ST02 of the first transaction set; then +1 per set
    batch_reference: str = ""  # BHT03; the interchange number when empty

    def __post_init__(self) -> None:
        if not 0 < self.interchange <= 999_999_999:
            raise ValueError(f"interchange control number {self.interchange} is outside 1..999999999")
        if not 0 < self.group <= 999_999_999:
            raise ValueError(f"group control number {self.group} is outside 1..999999999")
        if not 0 < self.first_transaction <= 9999:
            raise ValueError(f"transaction set control number {self.first_transaction} is outside 1..9999")


@dataclass(frozen=True, slots=True)
class BillingProvider:
    name: str  # an organisation
    npi: str
    tin: str  # EIN, nine digits
    taxonomy: str  # PRV*BI, e.g. 207RX0202X or 282N00000X
    address: Address  # a street address, not a PO box
    contact: Contact | None = None


@dataclass(frozen=True, slots=True)
class Person:
    last_name: str
    first_name: str
    birth_date: date
    sex: str  # F, M or U
    address: Address
    middle_name: str | None = None


@dataclass(frozen=True, slots=True)
class Payer:
    name: str
    payer_id: str  # NM1*PR NM109 (qualifier PI)
    claim_filing_indicator: str = "CI"  # SBR09: CI commercial, MB Medicare Part B, MA Part A, MC Medicaid, HM HMO
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class Subscriber:
    member_id: str
    person: Person
    payer: Payer
    group_number: str | None = None
    payer_responsibility: str = "P"  # SBR01: P primary, S secondary, T tertiary


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient who is not the subscriber (a dependent), with the relationship code (PAT01)."""

    person: Person
    relationship: str  # 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 53 life partner, G8 other


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One service line; `line_number` is 1-based and stable (it is echoed as the line control number)."""

    line_number: int
    code: str  # HCPCS / CPT
    charge: Decimal
    units: Decimal
    service_date: date
    diagnosis_pointers: tuple[int, ...]  # 1-based positions in Claim.diagnoses, at most 4
    modifiers: tuple[str, ...] = ()
    revenue_code: str | None = None  # institutional only, four digits (e.g. 0940)

    def __post_init__(self) -> None:
        if self.line_number < 1:
            raise ValueError(f"line_number {self.line_number} must be 1 or more")
        if self.charge < 0:
            raise ValueError(f"line {self.line_number}: charge {self.charge} is negative")
        if self.units <= 0:
            raise ValueError(f"line {self.line_number}: units {self.units} must be positive")
        if len(self.modifiers) > 4:
            raise ValueError(f"line {self.line_number}: at most 4 modifiers, got {len(self.modifiers)}")
        if not 1 <= len(self.diagnosis_pointers) <= 4:
            raise ValueError(f"line {self.line_number}: 1 to 4 diagnosis pointers, got {len(self.diagnosis_pointers)}")


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim as it leaves the building.

    `claim_id` is the patient control number (CLM01) the payer echoes in CLP01 of the 835.
    Professional claims carry a place of service; institutional claims a type of bill (0131:
    hospital outpatient, admit through discharge) and a revenue code on every line.
    """

    claim_id: str
    kind: ClaimKind
    subscriber: Subscriber
    diagnoses: tuple[str, ...]  # ICD-10-CM without the dot, principal first
    lines: tuple[ClaimLine, ...]
    patient: Patient | None = None  # None when the patient is the subscriber
    frequency: str = "1"  # CLM05-3: 1 original, 7 replacement, 8 void
    place_of_service: str = "11"  # professional
    type_of_bill: str = "0131"  # institutional: 0 + facility type (2 digits) + frequency
    prior_authorization: str | None = None  # REF*G1
    payer_claim_number: str | None = None  # REF*F8, required for frequency 7 and 8
    attending_npi: str | None = None  # 837I 2310A
    attending_name: tuple[str, str] | None = None  # (last, first)
    admission_type: str = "3"  # 837I CL1-01 (3 elective)
    patient_status: str = "01"  # 837I CL1-03 (01 discharged home)
    signature_on_file: bool = True
    assignment_accepted: bool = True

    def __post_init__(self) -> None:
        if not self.lines:
            raise ValueError(f"claim {self.claim_id}: no service lines")
        if not self.diagnoses:
            raise ValueError(f"claim {self.claim_id}: no diagnoses")
        if not 1 <= len(self.claim_id) <= 20:
            raise ValueError(f"claim {self.claim_id!r}: the claim id must be 1 to 20 characters (CLM01)")
        numbers = [line.line_number for line in self.lines]
        if len(set(numbers)) != len(numbers):
            raise ValueError(f"claim {self.claim_id}: duplicate line numbers {numbers}")
        for line in self.lines:
            for pointer in line.diagnosis_pointers:
                if not 1 <= pointer <= len(self.diagnoses):
                    raise ValueError(
                        f"claim {self.claim_id} line {line.line_number}: diagnosis pointer {pointer}"
                        f" does not point at one of the {len(self.diagnoses)} diagnoses"
                    )
            if self.kind is ClaimKind.INSTITUTIONAL and line.revenue_code is None:
                raise ValueError(
                    f"claim {self.claim_id} line {line.line_number}: institutional lines need a revenue code"
                )

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal(0))

    @property
    def first_service_date(self) -> date:
        return min(line.service_date for line in self.lines)

    @property
    def last_service_date(self) -> date:
        return max(line.service_date for line in self.lines)
