"""A facility ready to exchange claims: trading partner, fee schedule, accepted claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coolclaim.claims import model as out
from coolclaim.web.accounts.choices import Role, Setting
from coolclaim.web.accounts.models import Facility, Hub, User
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, ClaimLine, SubmissionBatch, TradingPartner
from coolclaim.web.billing.services.code_sessions import code_sessions
from coolclaim.web.billing.services.outgoing import outgoing_claim
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


def as_sent(world: Exchange) -> tuple[out.Claim, ...]:
    """The world's claims (current versions) as the 837 carries them, by claim id."""
    partner = TradingPartner.objects.get(facility=world.facility)
    sent = []
    for claim in Claim.objects.filter(pk__in=[c.pk for c in world.claims]).select_related(
        "facility", "patient", "session__coverage", "current_version"
    ):
        lines = list(ClaimLine.objects.filter(version_id=claim.current_version_id).order_by("position"))
        sent.append(outgoing_claim(claim, lines, partner))
    return tuple(sorted(sent, key=lambda c: c.claim_id))


def submitted(world: Exchange) -> tuple[SubmissionBatch, tuple[out.Claim, ...]]:
    """Submit the world's claims; answer the batch and the claims as they were sent."""
    sent = as_sent(world)
    result = submit_claims(world.facility, world.billing)
    assert result.batch is not None
    return result.batch, sent


def ack_999(group: int, verdicts: list[tuple[str, str]], ak9: str) -> bytes:
    """A 999 answering our group ``group``: (ST02, IK501) per transaction set, AK901 ``ak9``;
    a rejected set carries a CLM05-1 element error."""
    body = [f"AK1*HC*{group}*005010X222A1"]
    for control, status in verdicts:
        body.append(f"AK2*837*{control}*005010X222A1")
        if status == "R":
            body += ["IK3*CLM*21*2300*8", "IK4*5:1*1331*7*99", "IK5*R*5"]
        else:
            body.append(f"IK5*{status}")
    accepted = sum(1 for _c, s in verdicts if s in "AE")
    body.append(f"AK9*{ak9}*{len(verdicts)}*{len(verdicts)}*{accepted}")
    segments = [
        "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*COOLCLAIMTEST  *260302*1500*^*00501*000000901*0*T*:",
        "GS*FA*CLEARINGHOUSE*COOLCLAIMTEST*20260302*1500*901*X*005010X231A1",
        "ST*999*0001*005010X231A1",
        *body,
        f"SE*{len(body) + 2}*0001",
        "GE*1*901",
        "IEA*1*000000901",
    ]
    return ("~\n".join(segments) + "~\n").encode()
