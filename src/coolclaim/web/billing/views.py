"""Pages of the billing app: the claims list and claim review (accept, hold, override, notes).

Every view starts from ``Model.objects.for_user(request.user)``, checks the action with
``coolclaim.web.accounts.permissions.require`` and records reads of patient data with
``coolclaim.web.audit.audit_read`` / ``audit_reads``. Actions are CSRF-protected POSTs that
redirect back to the claim (post/redirect/get); a refused action answers 409 with the reason.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import audit_reads
from coolclaim.web.billing.choices import ClaimStatus, Severity
from coolclaim.web.billing.forms import ClaimNoteForm, HoldForm, OverrideForm
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimNote, ClaimVersion
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.transitions import is_frozen
from coolclaim.web.clinic import signals as clinic_signals

PAGE_SIZE = 25
DEFAULT_STATUSES = (ClaimStatus.HOLD, ClaimStatus.READY)


class ClaimFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Held or ready"), *ClaimStatus.choices], required=False)
    facility: forms.ModelChoiceField[Facility] = forms.ModelChoiceField(
        queryset=Facility.objects.none(), required=False, empty_label="All facilities"
    )

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facility"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = facilities


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Action.VIEW_PATIENT_DATA)
    form = ClaimFilterForm(request.GET or None, facilities=visible_facilities(user).order_by("name"))
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    claims = (
        Claim.objects.for_user(user)
        .select_related("facility", "patient", "current_version", "session")
        .annotate(
            open_errors=Count(
                "current_version__edits",
                filter=Q(
                    current_version__edits__severity=Severity.ERROR,
                    current_version__edits__overridden_at__isnull=True,
                ),
            )
        )
        .order_by("date_of_service", "pk")
    )
    claims = claims.filter(status=data["status"]) if data.get("status") else claims.filter(status__in=DEFAULT_STATUSES)
    if data.get("facility") is not None:
        claims = claims.filter(facility_id=data["facility"].pk)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    audit_reads(user, [*rows, *{c.patient_id: c.patient for c in rows}.values()])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "billing/claim_list.html",
        {"form": form, "page": page, "claims": rows, "query": query.urlencode()},
    )


def _claim_for(request: HttpRequest, pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.for_user(request.user).select_related(
            "facility", "patient", "session__course", "current_version__created_by", "current_version__submitted_by"
        ),
        pk=pk,
    )


def _render_claim(
    request: HttpRequest,
    claim: Claim,
    *,
    status: int = 200,
    hold_form: HoldForm | None = None,
    note_form: ClaimNoteForm | None = None,
    override_forms: dict[int, OverrideForm] | None = None,
    refusal: str | None = None,
) -> HttpResponse:
    user = request.user
    version = claim.current_version
    lines = list(ClaimLine.objects.for_user(user).filter(version_id=version.pk)) if version else []
    edits = (
        list(ClaimEdit.objects.for_user(user).select_related("overridden_by").filter(version_id=version.pk))
        if version
        else []
    )
    versions = list(ClaimVersion.objects.for_user(user).filter(claim_id=claim.pk).order_by("-number"))
    notes = list(
        ClaimNote.objects.for_user(user)
        .filter(claim_id=claim.pk)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    override_forms = override_forms or {}
    edit_rows = [{"edit": e, "form": override_forms.get(e.pk) or OverrideForm(prefix=f"edit-{e.pk}")} for e in edits]
    panels = clinic_signals.patient_panels(user, claim.patient)
    audit_reads(
        user, [claim, claim.patient, *([version] if version else []), *(o for panel in panels for o in panel.read)]
    )
    # The claim came through ``for_user`` and the view checked its facility: role checks suffice.
    with timezone.override(ZoneInfo(claim.facility.time_zone)):
        return render(
            request,
            "billing/claim_detail.html",
            {
                "claim": claim,
                "panels": panels,
                "version": version,
                "versions": versions,
                "lines": lines,
                "edit_rows": edit_rows,
                "blocking": [e for e in edits if e.blocks],
                "frozen": is_frozen(claim.status) or bool(version and version.is_submitted),
                "hold_form": hold_form or HoldForm(),
                "note_form": note_form or ClaimNoteForm(),
                "notes": notes,
                "refusal": refusal,
                "show_phi": can(user, Action.VIEW_PATIENT_DATA),
                "can_review": can(user, Action.REVIEW_CLAIM),
                "can_override": can(user, Action.OVERRIDE_EDIT),
            },
            status=status,
        )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.VIEW_PATIENT_DATA, claim.facility_id)
    return _render_claim(request, claim)


@login_required
@require_POST
def claim_accept(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.REVIEW_CLAIM, claim.facility_id)
    try:
        review.accept(claim, request.user)
    except review.ReviewRefused as refused:
        return _render_claim(request, claim, status=409, refusal=str(refused))
    messages.success(request, f"Claim {claim.pk} accepted.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def claim_hold(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.REVIEW_CLAIM, claim.facility_id)
    form = HoldForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, hold_form=form)
    try:
        review.hold(claim, request.user, form.cleaned_data["note"])
    except review.ReviewRefused as refused:
        return _render_claim(request, claim, status=409, refusal=str(refused))
    messages.success(request, f"Claim {claim.pk} put on hold.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def claim_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.REVIEW_CLAIM, claim.facility_id)
    form = ClaimNoteForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, note_form=form)
    try:
        review.add_note(claim, request.user, form.cleaned_data["text"])
    except review.ReviewRefused as refused:
        return _render_claim(request, claim, status=409, refusal=str(refused))
    messages.success(request, f"Note added to claim {claim.pk}.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def edit_override(request: HttpRequest, pk: int, edit_id: int) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.OVERRIDE_EDIT, claim.facility_id)
    edit = get_object_or_404(ClaimEdit.objects.for_user(request.user).filter(version__claim_id=claim.pk), pk=edit_id)
    form = OverrideForm(request.POST, prefix=f"edit-{edit.pk}")
    if not form.is_valid():
        return _render_claim(request, claim, status=400, override_forms={edit.pk: form})
    try:
        review.override(claim, edit, request.user, form.cleaned_data["reason"])
    except review.ReviewRefused as refused:
        return _render_claim(request, claim, status=409, refusal=str(refused))
    messages.success(request, f"Edit {edit.code} overridden.")
    return redirect("billing:claim_detail", pk=claim.pk)
