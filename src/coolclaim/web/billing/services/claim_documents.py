"""A stored claim as a document: the CMS-1500 or UB-04 PDF, or a FHIR R4B Bundle (Claim first,
then Patient, Coverage and the Organizations).

Each is built from the claim's current version exactly as the 837 would carry it
(:func:`coolclaim.web.billing.services.outgoing.outgoing_claim`, a correction as a replacement), so
what is printed or exported is what is sent. Callers check ``VIEW_PATIENT_DATA`` for the
claim's facility and audit the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from coolclaim.claim_forms import render_cms1500, render_ub04
from coolclaim.claims import model as out
from coolclaim.fhir import ClaimSubmission, claim_bundle
from coolclaim.web.billing.models import Claim, ClaimLine, LinePayment, SubmittedClaim, TradingPartner
from coolclaim.web.billing.services import outgoing


class DocumentRefused(Exception):
    """The claim cannot be rendered yet (the message names what is missing)."""


@dataclass(frozen=True)
class Document:
    content: bytes
    content_type: str
    file_name: str


def claim_as_sent(claim: Claim) -> tuple[out.Claim, out.BillingProvider]:
    """The current version as the 837 carries it, and the billing provider."""
    partner = TradingPartner.objects.filter(facility_id=claim.facility_id).first()
    if partner is None:
        raise DocumentRefused(f"{claim.facility.name} has no trading-partner settings (payer ids, address)")
    version_id = claim.current_version_id
    if version_id is None:
        raise DocumentRefused(f"claim {claim.pk} has no version")
    earlier = list(SubmittedClaim.objects.filter(claim_id=claim.pk).exclude(version_id=version_id))
    number = (
        LinePayment.objects.filter(claim_id=claim.pk)
        .exclude(payer_claim_number="")
        .order_by("-posting__posted_at", "-pk")
        .values_list("payer_claim_number", flat=True)
        .first()
    )
    lines = list(ClaimLine.objects.filter(version_id=version_id).order_by("position"))
    try:
        sent = outgoing.outgoing_claim(
            claim, lines, partner, frequency=outgoing.frequency_of(earlier), payer_claim_number=number
        )
    except outgoing.NotSendable as why:
        raise DocumentRefused(str(why)) from None
    return sent, outgoing.billing_provider(claim.facility, partner)


def claim_form_pdf(claim: Claim) -> Document:
    """The CMS-1500 (office) or UB-04 (hospital outpatient) PDF of the claim."""
    sent, provider = claim_as_sent(claim)
    if sent.kind is out.ClaimKind.INSTITUTIONAL:
        return Document(render_ub04(sent, provider), "application/pdf", f"claim-{claim.pk}-ub04.pdf")
    return Document(render_cms1500(sent, provider), "application/pdf", f"claim-{claim.pk}-cms1500.pdf")


def fhir_claim_bundle(claim: Claim) -> Document:
    """The FHIR R4B collection Bundle of the claim (JSON)."""
    sent, provider = claim_as_sent(claim)
    version = claim.current_version
    created = version.created_at if version is not None else timezone.now()
    created = created.astimezone(ZoneInfo(claim.facility.time_zone))
    bundle = claim_bundle(ClaimSubmission(sent, provider, created))
    text = bundle.model_dump_json(indent=2) + "\n"
    return Document(text.encode(), "application/fhir+json", f"claim-{claim.pk}-fhir.json")
