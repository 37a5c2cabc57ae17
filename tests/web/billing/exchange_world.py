"""A facility ready to exchange claims: trading partner, fee schedule, accepted claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coolclaim.claims import model as out
from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.accounts.models import Facility, Hub, User
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.coding_service import code_sessions
from coolclaim.web.billing.models import Claim, ClaimLine, SubmissionBatch, TradingPartner
from coolclaim.web.billing.outgoing import outgoing_claim
from coolclaim.web.billing.services.submit_claims import submit_claims

from .. import factories as f

ADDRESS = {"address_line1": "12 ELM ST", "city": "PITTSBURGH", "state": "PA", "postal_code": "15213"}


def trading_partner(facility: Facility) -> TradingPartner:
    return TradingPartner.objects.create(
        facility=facility,
        sender_id="COOLCLAIMTEST",
        receiver_id="CLEARINGHOUSE",
        submitter_name="TEST BILLING",
        submitter_id="S123456",
        contact_name="BILLING OFFICE",
        contact_phone="4125550100",
        receiver_name="EXAMPLE CLEARINGHOUSE",
        receiver_id_code="CH99999",
        taxonomy="207RX0202X" if facility.setting == Setting.OFFICE else "282N00000X",
        address_line1="100 MAIN ST",
        city="PITTSBURGH",
        state="PA",
        postal_code="152131234",
        payer_ids={"Example Health Plan": "60054"},
        attending_npi="1456789019",
        attending_last_name="SMITH",
        attending_first_name="JANE",
    )


@dataclass
class Exchange:
    hub: Hub
    facility: Facility
    claims: list[Claim]
    billing: User


def build_exchange(setting: str = Setting.OFFICE, *, claims: int = 2, hub: Hub | None = None) -> Exchange:
    hub = hub or f.hub()
    facility = f.facility(hub, setting=setting)
    trading_partner(facility)
    sessions = []
    for i in range(claims):
        patient = f.patient(facility, sex="F", **ADDRESS)
        f.coverage(patient, member_id=f"XH00000000{i}")
        course = f.course(patient)
        sessions.append(f.session(course, dt.date(2026, 2, 3), cap_fitting=True))
    code_sessions(sessions)
    stored = list(Claim.objects.filter(session__in=sessions).order_by("pk"))
    for claim in stored:
        assert claim.status == ClaimStatus.READY, claim.status
        claim.status = ClaimStatus.ACCEPTED
        claim.save(update_fields=["status", "updated_at"])
    return Exchange(hub, facility, stored, f.user(Role.BILLING, facility))


def submitted(world: Exchange) -> tuple[SubmissionBatch, tuple[out.Claim, ...]]:
    """Submit the world's claims; answer the batch and the claims as they were sent."""
    partner = TradingPartner.objects.get(facility=world.facility)
    sent = []
    for claim in Claim.objects.filter(pk__in=[c.pk for c in world.claims]).select_related(
        "facility", "patient", "session__coverage", "current_version"
    ):
        lines = list(ClaimLine.objects.filter(version_id=claim.current_version_id).order_by("position"))
        sent.append(outgoing_claim(claim, lines, partner))
    result = submit_claims(world.facility, world.billing)
    assert result.batch is not None
    return result.batch, tuple(sorted(sent, key=lambda c: c.claim_id))
