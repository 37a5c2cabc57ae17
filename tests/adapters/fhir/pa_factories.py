"""Prior-authorization requests for the FHIR tests (made-up people; NPIs pass the Luhn check)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coolclaim.claims.model import ClaimKind
from coolclaim.fhir import Clinician, PriorAuthRequest, RequestedService
from tests import claim_factories as f

ONCOLOGIST = Clinician("1456789019", "SMITH", "JANE")


def cooling_request(*, dependent: bool = False) -> PriorAuthRequest:
    """Six months of scalp cooling for a breast-cancer regimen: fitting once, sessions with units."""
    start, end = date(2026, 3, 9), date(2026, 9, 8)
    return PriorAuthRequest(
        request_id="HUB-PA-0042" if not dependent else "HUB-PA-0043",
        kind=ClaimKind.PROFESSIONAL,
        subscriber=f.DAVID_PLAN if dependent else f.ALICE_PLAN,
        patient=f.CAROL_AS_SPOUSE if dependent else None,
        provider=f.OFFICE,
        ordering=ONCOLOGIST,
        diagnoses=(f.BREAST, f.CHEMO_ENCOUNTER),
        services=(
            RequestedService(1, "97007", Decimal(1), start, end, (1, 2), estimated_charge=Decimal("350.00")),
            RequestedService(2, "97008", Decimal(6), start, end, (1, 2), estimated_charge=Decimal("1800.00")),
            RequestedService(3, "97009", Decimal(18), start, end, (1,), ("KX",), Decimal("5400.00")),
        ),
        created=f.CREATED,
    )
