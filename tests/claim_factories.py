"""A fixed set of outgoing claims for the 837 tests, the golden files and the 835 round trips.

Office claims (837P, place of service 11) in both coding eras, and a hospital outpatient claim
(837I, type of bill 0131). Every NPI passes the Luhn check; names and ids are made up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from coolclaim.claims.model import (
    Address,
    BillingProvider,
    Claim,
    ClaimKind,
    ClaimLine,
    Contact,
    ControlNumbers,
    Patient,
    Payer,
    Person,
    Subscriber,
    TradingPartners,
)

CREATED = datetime(2026, 3, 2, 14, 30, tzinfo=timezone(timedelta(hours=-5)))
CONTROL = ControlNumbers(interchange=1001, group=2001, first_transaction=1)

PARTNERS = TradingPartners(
    sender_qualifier="ZZ",
    sender_id="COOLCLAIMDEMO",
    receiver_qualifier="ZZ",
    receiver_id="CLEARINGHOUSE",
    application_sender="COOLCLAIMDEMO",
    application_receiver="CLEARINGHOUSE",
    submitter_name="RIVERSIDE ONCOLOGY",
    submitter_id="S123456",
    submitter_contact=Contact(name="BILLING OFFICE", phone="6155550100", email="billing@example.org"),
    receiver_name="EXAMPLE CLEARINGHOUSE",
    receiver_id_code="CH99999",
)

OFFICE = BillingProvider(
    name="RIVERSIDE ONCOLOGY",
    npi="1234567893",
    tin="621234567",
    taxonomy="207RX0202X",
    address=Address("100 MAIN ST", "NASHVILLE", "TN", "372031234"),
)

HOSPITAL = BillingProvider(
    name="RIVERSIDE GENERAL HOSPITAL",
    npi="1987654328",
    tin="621234999",
    taxonomy="282N00000X",
    address=Address("200 HOSPITAL DR", "NASHVILLE", "TN", "372035678", line2="BUILDING B"),
)

COMMERCIAL = Payer(name="EXAMPLE HEALTH PLAN", payer_id="60054", claim_filing_indicator="CI")
MEDICARE = Payer(name="MEDICARE PART B", payer_id="10312", claim_filing_indicator="MB")

ALICE = Person("DOE", "ALICE", date(1971, 4, 12), "F", Address("12 ELM ST", "NASHVILLE", "TN", "37201"))
BETTY = Person("ROE", "BETTY", date(1958, 9, 3), "F", Address("4 OAK AVE", "FRANKLIN", "TN", "37064"), "J")
CAROL = Person("POE", "CAROL", date(1966, 1, 30), "F", Address("9 PINE RD", "BRENTWOOD", "TN", "37027"))
DAVID = Person("POE", "DAVID", date(1964, 6, 2), "M", Address("9 PINE RD", "BRENTWOOD", "TN", "37027"))

ALICE_PLAN = Subscriber("XJH123456789", ALICE, COMMERCIAL, group_number="GRP1001")
BETTY_MEDICARE = Subscriber("1EG4TE5MK73", BETTY, MEDICARE)
DAVID_PLAN = Subscriber("XJH987654321", DAVID, COMMERCIAL, group_number="GRP1001")
CAROL_AS_SPOUSE = Patient(CAROL, "01")

BREAST = "C50911"
CHEMO_ENCOUNTER = "Z5111"
OVARY = "C562"


def line(
    number: int,
    code: str,
    charge: str,
    when: date,
    *,
    units: str = "1",
    modifiers: tuple[str, ...] = (),
    pointers: tuple[int, ...] = (1, 2),
    revenue: str | None = None,
) -> ClaimLine:
    return ClaimLine(number, code, Decimal(charge), Decimal(units), when, pointers, modifiers, revenue)


def category_iii_office() -> Claim:
    """2025: fitting 0662T and one cooling session 0663T, with a prior authorization."""
    day = date(2025, 10, 14)
    return Claim(
        claim_id="CC2025-0001",
        kind=ClaimKind.PROFESSIONAL,
        subscriber=ALICE_PLAN,
        diagnoses=(BREAST, CHEMO_ENCOUNTER),
        lines=(
            line(1, "96413", "410.00", day),
            line(2, "0662T", "350.00", day),
            line(3, "0663T", "1200.50", day),
        ),
        prior_authorization="PA-77123",
    )


def category_i_office() -> Claim:
    """2026: E/M with 25, several chemotherapy lines, 97007, 97008 and 97009 with three units."""
    day = date(2026, 2, 10)
    return Claim(
        claim_id="CC2026-0002",
        kind=ClaimKind.PROFESSIONAL,
        subscriber=BETTY_MEDICARE,
        diagnoses=(BREAST, CHEMO_ENCOUNTER, "Z1501"),
        lines=(
            line(1, "99214", "185.00", day, modifiers=("25",), pointers=(1,)),
            line(2, "96413", "410.00", day),
            line(3, "96415", "95.00", day),
            line(4, "96417", "120.00", day),
            line(5, "97007", "350.00", day, modifiers=("GA", "KX")),
            line(6, "97008", "300.00", day),
            line(7, "97009", "300.00", day, units="3", pointers=(1, 2, 3)),
        ),
        prior_authorization="AUTH2026X9",
    )


def dependent_office() -> Claim:
    """A patient who is the subscriber's spouse (2000C loop)."""
    day = date(2026, 2, 11)
    return Claim(
        claim_id="CC2026-0003",
        kind=ClaimKind.PROFESSIONAL,
        subscriber=DAVID_PLAN,
        patient=CAROL_AS_SPOUSE,
        diagnoses=(OVARY, CHEMO_ENCOUNTER),
        lines=(
            line(1, "96413", "410.00", day),
            line(2, "97008", "300.00", day),
            line(3, "97009", "200.00", day, units="2"),
        ),
    )


def second_visit_same_subscriber() -> Claim:
    """A second claim for Alice, so one subscriber loop holds two claims."""
    day = date(2025, 10, 21)
    return Claim(
        claim_id="CC2025-0004",
        kind=ClaimKind.PROFESSIONAL,
        subscriber=ALICE_PLAN,
        diagnoses=(BREAST, CHEMO_ENCOUNTER),
        lines=(line(1, "96413", "410.00", day), line(2, "0663T", "1200.50", day)),
        prior_authorization="PA-77123",
    )


def office_claims() -> tuple[Claim, ...]:
    return (category_iii_office(), category_i_office(), dependent_office(), second_visit_same_subscriber())


def hospital_outpatient(claim_id: str = "HO2026-0001", *, dependent: bool = False) -> Claim:
    """Hospital outpatient (type of bill 0131): clinic visit, chemotherapy, cooling, revenue codes."""
    day = date(2026, 2, 12)
    return Claim(
        claim_id=claim_id,
        kind=ClaimKind.INSTITUTIONAL,
        subscriber=DAVID_PLAN if dependent else ALICE_PLAN,
        patient=CAROL_AS_SPOUSE if dependent else None,
        diagnoses=(BREAST, CHEMO_ENCOUNTER, "Z1501"),
        lines=(
            line(1, "G0463", "250.00", day, modifiers=("25",), revenue="0510"),
            line(2, "96413", "620.00", day, revenue="0335"),
            line(3, "96417", "180.00", day, revenue="0335"),
            line(4, "97007", "450.00", day, revenue="0761"),
            line(5, "97008", "400.00", day, revenue="0761"),
            line(6, "97009", "375.00", day, units="3", revenue="0761"),
        ),
        type_of_bill="0131",
        prior_authorization="HOSPPA555",
        attending_npi="1456789019",
        attending_name=("SMITH", "JANE"),
    )


def hospital_claims() -> tuple[Claim, ...]:
    cat_iii_day = date(2025, 11, 4)
    category_iii = Claim(
        claim_id="HO2025-0002",
        kind=ClaimKind.INSTITUTIONAL,
        subscriber=BETTY_MEDICARE,
        diagnoses=(BREAST, CHEMO_ENCOUNTER),
        lines=(
            line(1, "96413", "620.00", cat_iii_day, revenue="0335"),
            line(2, "0662T", "450.00", cat_iii_day, revenue="0761"),
            line(3, "0663T", "1500.00", cat_iii_day, revenue="0761"),
        ),
        type_of_bill="0131",
        attending_npi="1456789019",
        attending_name=("SMITH", "JANE"),
    )
    return (hospital_outpatient(), category_iii, hospital_outpatient("HO2026-0003", dependent=True))
