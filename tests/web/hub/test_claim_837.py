"""The authorization number the hub puts on a claim leaves the building: REF*G1 in the 837,
which pyx12 accepts against its implementation guide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.billing.models import Claim, ClaimLine, TradingPartner
from coolclaim.web.billing.services.outgoing import outgoing_claim
from coolclaim.web.billing.services.submit_claims import submit_claims
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.enroll import Enrollment, enroll
from coolclaim.web.hub.services.submit_pa import submit_pa
from coolclaim.x12.validation import validate

from .. import factories as f
from ..billing.exchange_world import build_exchange

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def _at(day: str) -> dt.datetime:
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, 10, tzinfo=NY)


@pytest.mark.parametrize(("setting", "kind"), [(Setting.OFFICE, "837P"), (Setting.HOSPITAL_OUTPATIENT, "837I")])
def test_an_approved_authorization_goes_out_as_ref_g1(setting: str, kind: str) -> None:
    world = build_exchange(setting, claims=2)
    claim = world.claims[0]
    coordinator = f.user(Role.HUB_COORDINATOR, hub_=world.hub)
    case = enroll(
        Enrollment(
            patient=claim.patient,
            course=claim.session.course,
            owner=coordinator,
            payer_type="commercial",
            payer_name="Example Health Plan",
            prescriber="Dr Test Prescriber",
            diagnosis="C50.912",
            first_infusion_date=dt.date(2026, 2, 3),
            received_at=_at("2026-01-20"),
            consent=True,
        ),
        actor=coordinator,
    )
    complete_bi(
        case,
        BenefitsFound(
            completed_at=_at("2026-01-21"),
            coverage="covered",
            coverage_active=True,
            pa_required=True,
            coinsurance_percent=Decimal("20"),
        ),
        actor=coordinator,
    )
    claim.refresh_from_db()
    assert (claim.status, claim.prior_authorization_number) == ("hold", "")
    auth = submit_pa(case, rail="portal", submitted_at=_at("2026-01-22"), actor=coordinator)
    decide_pa(
        auth,
        decision="approved",
        decided_at=_at("2026-01-27"),
        actor=coordinator,
        reference_number="AUTH 2026-0001",
        valid_from=dt.date(2026, 2, 1),
        valid_to=dt.date(2026, 5, 31),
    )
    claim.refresh_from_db()
    assert (claim.status, claim.prior_authorization_number) == ("ready", "AUTH 2026-0001")
    partner = TradingPartner.objects.get(facility=world.facility)
    lines = list(ClaimLine.objects.filter(version_id=claim.current_version_id).order_by("position"))
    assert outgoing_claim(claim, lines, partner).prior_authorization == "AUTH 2026-0001"
    other = Claim.objects.get(pk=world.claims[1].pk)
    assert other.prior_authorization_number == ""  # another patient's course: untouched
    result = submit_claims(world.facility, world.billing, include_ready=True)
    assert result.batch is not None
    content = result.batch.content
    assert (result.batch.kind, validate(content)) == (kind, ())
    assert [s for s in content.split("~") if s.strip().startswith("REF*G1")] == ["\nREF*G1*AUTH 2026-0001"]
