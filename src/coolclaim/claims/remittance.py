"""The remittance as read from an 835: claim payments, service payments, adjustments.

Every record keeps the position of the segment it came from (1-based, counted from ISA over
the whole file), so a problem found later can name where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PATIENT_RESPONSIBILITY = "PR"
REVERSAL_STATUS = "22"
DENIED_STATUS = "4"


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One CAS reason: group code (CO, PR, OA, PI, CR), CARC, amount and optional quantity."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ServicePayment:
    """835 loop 2110: what the payer did with one service line."""

    code: str  # the adjudicated procedure (SVC01-2)
    modifiers: tuple[str, ...]
    charge: Decimal  # SVC02
    paid: Decimal  # SVC03
    units: Decimal  # SVC05 (1 when absent)
    service_date: date | None  # DTM*472, or DTM*150 when only a period is given
    adjustments: tuple[Adjustment, ...]
    remarks: tuple[str, ...]  # RARCs from LQ*HE
    position: int  # SVC segment
    line_control: str | None = None  # REF*6R, echoing what the 837 sent
    submitted_code: str | None = None  # SVC06-2: the code as billed when the payer changed it
    submitted_modifiers: tuple[str, ...] | None = None
    revenue_code: str | None = None  # SVC04 (institutional)

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((a.amount for a in self.adjustments if a.group == PATIENT_RESPONSIBILITY), Decimal(0))

    @property
    def adjustment_total(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), Decimal(0))

    @property
    def billed_code(self) -> str:
        return self.submitted_code or self.code

    @property
    def billed_modifiers(self) -> tuple[str, ...]:
        return self.submitted_modifiers if self.submitted_modifiers is not None else self.modifiers


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    """835 loop 2100: the payer's answer to one claim (CLP)."""

    claim_id: str  # CLP01, the claim id we sent in CLM01
    status: str  # CLP02: 1 processed as primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal, ...
    charge: Decimal  # CLP03
    paid: Decimal  # CLP04
    patient_responsibility: Decimal | None  # CLP05
    payer_claim_number: str  # CLP07
    adjustments: tuple[Adjustment, ...]  # claim-level CAS
    services: tuple[ServicePayment, ...]
    position: int  # CLP segment
    remarks: tuple[str, ...] = ()  # MOA remark codes
    statement_from: date | None = None  # DTM*232
    statement_to: date | None = None  # DTM*233
    patient_last_name: str = ""  # NM1*QC
    patient_first_name: str = ""
    member_id: str = ""  # NM1*QC NM109
    filing_indicator: str = "12"  # CLP06: 12 PPO, MB Medicare Part B, MC Medicaid, HM HMO, ...


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """PLB: an amount taken (positive) or given back (negative) outside any claim."""

    reason: str  # e.g. L6 interest, WO overpayment recovery
    reference: str
    amount: Decimal
    position: int


@dataclass(frozen=True, slots=True)
class Remittance:
    """One 835 transaction set."""

    payment_amount: Decimal  # BPR02
    credit_debit: str  # BPR03: C or D
    payment_method: str  # BPR04: CHK, ACH, NON, ...
    payment_date: date | None  # BPR16
    trace_number: str  # TRN02: check or EFT number, the key that makes posting idempotent
    payer_name: str
    payer_id: str | None  # TRN03 or N1*PR id
    payee_name: str
    payee_npi: str | None
    claims: tuple[ClaimPayment, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...]
    position: int  # BPR segment

    @property
    def service_count(self) -> int:
        return sum(len(c.services) for c in self.claims)
