"""The hub's claims-exchange pages: the benefits investigation filled from a 271 (upload the
payer's eligibility answer on the BI page and get the form back with active coverage,
deductible, coinsurance, copay and out-of-pocket, with what is met, filled in, to check and save
as usual through ``views.benefits``), and the PAS bundle download of a case's PA request.

Kept apart from ``views.py`` (the hub helper's); the pages link here with one include each.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coolclaim.web.accounts.permissions import Action, require
from coolclaim.web.audit import audit_reads
from coolclaim.web.hub import views
from coolclaim.web.hub.forms import BenefitsForm
from coolclaim.web.hub.models import PriorAuthorization
from coolclaim.web.hub.services.complete_bi import propose
from coolclaim.web.hub.services.pas_bundle import PasRefused, pas_document
from coolclaim.web.hub.services.read_eligibility import EligibilityUnreadable, prefill_from_271

#: The largest 271 accepted from the page.
MAX_271_BYTES = 2_000_000

FIELD_LABELS = {
    "coverage_active": "coverage active",
    "deductible": "deductible",
    "deductible_met": "deductible met",
    "coinsurance_percent": "coinsurance",
    "copay": "copay",
    "oop_max": "out-of-pocket maximum",
    "oop_met": "out-of-pocket met",
}


class EligibilityUploadForm(forms.Form):
    file_271 = forms.FileField(label="Eligibility answer (271)", help_text="The payer's 271 file for this patient.")


@login_required
@require_POST
def benefits_from_271(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the uploaded 271 into the BI form; the form then saves through ``views.benefits``."""
    case = views._case(request, pk)
    require(request.user, Action.WORK_HUB_CASE, case.facility_id)
    upload = EligibilityUploadForm(request.POST, request.FILES)
    proposal = propose(case)
    initial: dict[str, Any] = {
        "completed_at": views._now_in(case),
        "coverage": str(proposal.coverage) if proposal.coverage else "covered",
        "coverage_active": case.payer_type != "none",
        "pa_required": {True: "yes", False: "no", None: None}[proposal.pa_required],
        "plan_state": case.facility.state,
    }
    status = 200
    eligibility: dict[str, Any] = {"upload": upload}
    if not upload.is_valid():
        status = 400
    else:
        data = upload.cleaned_data["file_271"].read(MAX_271_BYTES + 1)
        try:
            if len(data) > MAX_271_BYTES:
                raise EligibilityUnreadable(f"the file is larger than {MAX_271_BYTES:,} bytes")
            prefill = prefill_from_271(case, data)
        except EligibilityUnreadable as refused:
            eligibility["refusal"] = f"The 271 did not fill the form: {refused}."
            status = 400
        else:
            initial.update(prefill.initial)
            eligibility["trace"] = prefill.trace
            eligibility["filled"] = [FIELD_LABELS[k] for k in FIELD_LABELS if k in prefill.initial]
            eligibility["not_stated"] = [FIELD_LABELS[k] for k in prefill.not_stated]
    audit_reads(request.user, [case, case.patient])
    with timezone.override(ZoneInfo(case.timezone)):
        return render(
            request,
            "hub/form.html",
            {
                "form": BenefitsForm(initial=initial),
                "title": "Benefits investigation",
                "case": case,
                "proposal": proposal,
                "eligibility": eligibility,
                "form_action": reverse("hub:benefits", args=[case.pk]),
            },
            status=status,
        )


@login_required
def pas_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's prior-authorization request as a Da Vinci PAS-shaped Bundle (JSON download)."""
    case = views._case(request, pk)
    require(request.user, Action.WORK_HUB_CASE, case.facility_id)
    authorization = (
        PriorAuthorization.objects.for_user(request.user).filter(case=case).order_by("-submitted_at").first()
    )
    try:
        document = pas_document(case, authorization)
    except PasRefused as refused:
        messages.error(request, f"No PAS bundle: {refused}.")
        return redirect("hub:case_detail", pk=case.pk)
    audit_reads(request.user, [case, case.patient, *([authorization] if authorization else [])])
    response = HttpResponse(document.content, content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response
