"""A fixed, clearly synthetic case for the golden documents, the benchmark and demos.

Every name, number and address is invented (555-01xx telephone numbers are reserved for
fiction); the clinical and regulatory facts come from reference data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coolclaim import bootstrap
from coolclaim.documents.facts import (
    Address,
    Authorization,
    Benefits,
    CaseFacts,
    Consent,
    CoursePlan,
    Coverage,
    Denial,
    DenialReason,
    Diagnosis,
    Facility,
    FeeLine,
    Patient,
    Payer,
    Plan,
    PlannedCode,
    Prescriber,
    Regimen,
)
from coolclaim.refdata.documents_data import DocumentRefData

ISSUED_ON = date(2026, 1, 12)
FEE_SOURCE = "Bayou Oncology Infusion Center fee schedule 2026 with Pelican State contract rates (synthetic)"


def synthetic_case(docref: DocumentRefData | None = None) -> CaseFacts:
    """Ada Testpatient: breast cancer, TC every 3 weeks, a Louisiana fully insured large-group plan
    that denied prior authorization (experimental; not medically necessary)."""
    docref = docref if docref is not None else bootstrap.document_refdata()
    return CaseFacts(
        case_reference="HUB-2026-0042",
        patient=Patient(
            name="Ada Testpatient",
            birth_date=date(1978, 4, 12),
            member_id="PSH400217789",
            address=Address("48 Magnolia Test Lane", "Baton Rouge", "LA", "70806"),
            phone="225-555-0199",
        ),
        payer=Payer(
            name="Pelican State Health Plan",
            payer_type="commercial",
            address=Address("PO Box 55501", "Baton Rouge", "LA", "70821"),
            phone="800-555-0110",
            fax="800-555-0111",
            portal="Pelican State provider portal",
        ),
        plan=Plan(
            name="Pelican Choice PPO (large group)",
            group_number="LG-20931",
            funding="fully_insured",
            group_size="large",
            state="LA",
        ),
        prescriber=Prescriber(
            name="Morgan Example",
            credentials="MD",
            specialty="Medical Oncology",
            npi="1234567893",
            phone="225-555-0142",
            fax="225-555-0143",
        ),
        facility=Facility(
            name="Bayou Oncology Infusion Center",
            npi="1093817465",
            address=Address("1200 Example Avenue", "Baton Rouge", "LA", "70808", line2="Suite 300"),
            setting="office",
            phone="225-555-0140",
            fax="225-555-0141",
        ),
        diagnoses=(
            Diagnosis("C50.412", "Malignant neoplasm of upper-outer quadrant of left female breast"),
            Diagnosis("Z51.11", "Encounter for antineoplastic chemotherapy"),
        ),
        regimen=Regimen(
            name="docetaxel and cyclophosphamide (TC)",
            regimen_id="tc",
            cycles=6,
            schedule="every 3 weeks",
        ),
        course=CoursePlan(
            planned_sessions=6,
            first_infusion=date(2026, 2, 2),
            codes=(
                PlannedCode("97007", "Set-up, fitting and education (once per course)", "course", 1),
                PlannedCode("97008", "Cap placement and pre-cooling", "session", 1),
                PlannedCode("97009", "Cooling after the infusion, each full 30 minutes", "session", 3),
            ),
            post_cooling_minutes=90,
        ),
        device=docref.devices["paxman"],
        coverage=Coverage(policy_id=None, mandate_id="la-act227-2025"),
        denial=Denial(
            decided_on=date(2026, 1, 9),
            reasons=(
                DenialReason(
                    "EXPERIMENTAL", "Scalp cooling is considered experimental and investigational (policy MP-118)."
                ),
                DenialReason("CARC 50", "Not medically necessary."),
            ),
            level="prior_authorization",
            reference="PA-26-0044871",
            appeal_deadline=date(2026, 7, 8),
            deadline_source="45 CFR 147.136 and 29 CFR 2560.503-1: at least 180 days after the denial",
        ),
        benefits=Benefits(
            verified_on=date(2026, 1, 5),
            covered=True,
            in_network=True,
            deductible=Decimal("1500.00"),
            deductible_met=Decimal("400.00"),
            coinsurance=Decimal("0.20"),
            copay_per_session=Decimal("25.00"),
            oop_max=Decimal("4000.00"),
            oop_met=Decimal("900.00"),
            prior_authorization_required=True,
            reference="BI-7781",
        ),
        fees=(
            FeeLine("97007", Decimal("1800.00"), Decimal("1650.00"), FEE_SOURCE),
            FeeLine("97008", Decimal("120.00"), Decimal("10.50"), FEE_SOURCE),
            FeeLine("97009", Decimal("60.00"), Decimal("6.00"), FEE_SOURCE),
        ),
        authorization=Authorization(
            required=True,
            submit_by="payer portal",
            submit_to="Pelican State provider portal, Utilization Management",
        ),
        consent=Consent(given=True, on=date(2026, 1, 3)),
    )
