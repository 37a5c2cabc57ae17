"""Pages of the billing app: the claims list and claim review (accept, hold, override, notes).

Every view starts from ``Model.objects.for_user(request.user)``, checks the action with
``coolclaim.web.accounts.permissions.require`` and records reads of patient data with
``coolclaim.web.audit.audit_read`` / ``audit_reads``. Actions are CSRF-protected POSTs that
redirect back to the claim (post/redirect/get), a refused one too: its reason is shown as an
error message on the claim page, so a refresh never posts again. The page offers only the
actions possible now (``claim_actions``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import acting_as, audit_reads
from coolclaim.web.billing.choices import ClaimStatus, Severity
from coolclaim.web.billing.forms import (
    ClaimNoteForm,
    FacilityChoiceForm,
    FeeEntryForm,
    FeeImportForm,
    HoldForm,
    OverrideForm,
    SendBackForm,
    TradingPartnerForm,
)
from coolclaim.web.billing.models import (
    Claim,
    ClaimEdit,
    ClaimLine,
    ClaimNote,
    ClaimVersion,
    FeeScheduleEntry,
    LinePayment,
    RemittancePosting,
    SubmissionBatch,
    SubmittedClaim,
    TradingPartner,
    UnmatchedPayment,
)
from coolclaim.web.billing.services import review_claim as review
from coolclaim.web.billing.services import review_payment
from coolclaim.web.billing.services.attach_acknowledgment import AcknowledgmentRefused, attach_acknowledgment
from coolclaim.web.billing.services.claim_documents import DocumentRefused, claim_form_pdf, fhir_claim_bundle
from coolclaim.web.billing.services.import_fee_schedule import FeeImportResult, UnreadableFeeFile, import_fee_schedule
from coolclaim.web.billing.services.outgoing import frequency_of
from coolclaim.web.billing.services.post_remittance import RemittanceRefused, post_remittance
from coolclaim.web.billing.services.send_back_claim import send_back
from coolclaim.web.billing.services.submit_claims import SubmissionRefused, submit_claims
from coolclaim.web.billing.services.void_claim import VOIDABLE, VoidRefused, void_claim
from coolclaim.web.billing.tables import with_payer_and_amount
from coolclaim.web.billing.transitions import ClaimAction, allows, is_frozen
from coolclaim.web.clinic import signals as clinic_signals
from coolclaim.web.clinic.models import Coverage
from coolclaim.web.clinic.services.session_contract import choose_coverage
from coolclaim.web.columns import query_id
from coolclaim.web.list_sorting import Column, SortableColumns

PAGE_SIZE = 25
DEFAULT_STATUSES = (ClaimStatus.HOLD, ClaimStatus.READY)


#: The claims list's sortable columns (``?sort=key``, ``-key`` for the opposite direction).
CLAIM_SORTS = SortableColumns(
    columns={
        "dos": Column("Service date", ("date_of_service", "pk")),
        "claim": Column("Claim", ("pk",)),
        "patient": Column("Patient", ("patient__family_name", "patient__given_name", "pk")),
        "payer": Column("Payer", ("payer_name", "date_of_service", "pk")),
        "amount": Column("Amount", ("amount", "pk")),
        "status": Column("Status", ("status", "date_of_service", "pk")),
    },
    default="dos",
    blanks_last=frozenset({"payer_name", "amount"}),
)


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
    )
    sort = CLAIM_SORTS.chosen(request.GET.get("sort"))
    claims = with_payer_and_amount(
        claims,
        patient="patient_id",
        service_date="date_of_service",
        coverage="session__coverage_id",
        version="current_version_id",
    ).order_by(*CLAIM_SORTS.ordering(sort))
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
        {
            "form": form,
            "page": page,
            "claims": rows,
            "query": query.urlencode(),
            "sort": sort,
            "sort_links": CLAIM_SORTS.links(request.GET, sort),
        },
    )


def _claim_for(request: HttpRequest, pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.for_user(request.user).select_related(
            "facility",
            "patient",
            "session__course",
            "session__facility",
            "current_version__created_by",
            "current_version__submitted_by",
        ),
        pk=pk,
    )


def claim_actions(claim: Claim, version: ClaimVersion | None, blocking: list[ClaimEdit]) -> dict[str, Any]:
    """Which review actions the claim page offers now, and why Accept is disabled if it is."""
    coded = version.coded_status if version is not None else None
    can_accept = version is not None and allows(ClaimAction.ACCEPT, claim.status, coded)
    reason = ""
    if can_accept and blocking:
        codes = ", ".join(e.code for e in blocking)
        reason = f"Accepting needs every error edit resolved or overridden: {codes}."
    return {
        "offer_accept": can_accept,
        "accept_blocked": reason,
        "offer_hold": allows(ClaimAction.HOLD, claim.status) and claim.status != ClaimStatus.HOLD,
        "offer_send_back": allows(ClaimAction.HOLD, claim.status),
    }


def _refused(request: HttpRequest, claim: Claim, refused: Exception) -> HttpResponse:
    """Post/redirect/get for a refused action: the reason as an error message on the claim."""
    messages.error(request, f"Not done: {refused}")
    return redirect("billing:claim_detail", pk=claim.pk)


def _render_claim(
    request: HttpRequest,
    claim: Claim,
    *,
    status: int = 200,
    hold_form: HoldForm | None = None,
    note_form: ClaimNoteForm | None = None,
    send_back_form: SendBackForm | None = None,
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
    total_charge = sum((ln.charge for ln in lines if ln.charge is not None), Decimal(0))
    submissions = list(
        SubmittedClaim.objects.for_user(user).filter(claim_id=claim.pk).select_related("batch", "version")
    )
    payments = list(LinePayment.objects.for_user(user).filter(claim_id=claim.pk).select_related("line", "posting"))
    exchange: dict[str, Any] = {}
    if claim.status == ClaimStatus.CORRECTION:
        exchange["last_sent"] = submissions[-1] if submissions else None
        exchange["frequency"] = frequency_of([s for s in submissions if s.version_id != claim.current_version_id])
        exchange["payer_claim_number"] = next(
            (p.payer_claim_number for p in reversed(payments) if p.payer_claim_number), None
        )
    exchange["can_void"] = (
        claim.status in VOIDABLE and bool(version and version.is_submitted) and can(user, Action.SUBMIT_CLAIM)
    )
    panels = clinic_signals.patient_panels(user, claim.patient)
    coverage = choose_coverage(
        claim.session, Coverage.objects.for_user(user).filter(patient_id=claim.patient_id).order_by("priority")
    )
    blocking = [e for e in edits if e.blocks]
    audit_reads(
        user,
        [
            claim,
            claim.patient,
            *([version] if version else []),
            *([coverage] if coverage else []),
            *(o for panel in panels for o in panel.read),
        ],
    )
    # The claim came through ``for_user`` and the view checked its facility: role checks suffice.
    with timezone.override(ZoneInfo(claim.facility.time_zone)):
        return render(
            request,
            "billing/claim_detail.html",
            {
                "claim": claim,
                "exchange": exchange,
                "panels": panels,
                "version": version,
                "versions": versions,
                "lines": lines,
                "total_charge": total_charge,
                "submissions": submissions,
                "payments": payments,
                "paid_total": sum((p.paid for p in payments), Decimal(0)),
                "patient_total": sum((p.patient_responsibility for p in payments), Decimal(0)),
                "balance": total_charge
                - sum(
                    (p.paid + sum((Decimal(a["amount"]) for a in p.adjustments), Decimal(0)) for p in payments),
                    Decimal(0),
                )
                if payments
                else None,
                "unpriced": [ln for ln in lines if ln.charge is None],
                "edit_rows": edit_rows,
                "blocking": blocking,
                "coverage": coverage,
                "diagnoses": list(enumerate(claim.session.diagnoses or [], start=1)),
                **claim_actions(claim, version, blocking),
                "frozen": is_frozen(claim.status) or bool(version and version.is_submitted),
                "hold_form": hold_form or HoldForm(),
                "note_form": note_form or ClaimNoteForm(),
                "send_back_form": send_back_form or SendBackForm(),
                "can_note": can(user, Action.REVIEW_CLAIM) or can(user, Action.DOCUMENT_SESSION),
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
        return _refused(request, claim, refused)
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
        return _refused(request, claim, refused)
    messages.success(request, f"Claim {claim.pk} put on hold.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def claim_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Billing sends the claim back to the nurse with a reason (held; in the nurse's queue)."""
    claim = _claim_for(request, pk)
    require(request.user, Action.REVIEW_CLAIM, claim.facility_id)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, send_back_form=form)
    try:
        send_back(claim, request.user, form.cleaned_data["reason"])
    except review.ReviewRefused as refused:
        return _refused(request, claim, refused)
    messages.success(request, f"Claim {claim.pk} sent back to the nurse.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def claim_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A note by billing, or by the nurse answering a claim sent back to her."""
    claim = _claim_for(request, pk)
    if not can(request.user, Action.DOCUMENT_SESSION, claim.facility_id):
        require(request.user, Action.REVIEW_CLAIM, claim.facility_id)
    form = ClaimNoteForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, note_form=form)
    try:
        review.add_note(claim, request.user, form.cleaned_data["text"])
    except review.ReviewRefused as refused:
        return _refused(request, claim, refused)
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
        return _refused(request, claim, refused)
    messages.success(request, f"Edit {edit.code} overridden.")
    return redirect("billing:claim_detail", pk=claim.pk)


# --- fee schedule ---------------------------------------------------------------------------
def _fee_facility(request: HttpRequest, facility_id: int) -> Facility:
    facility = get_object_or_404(visible_facilities(request.user), pk=facility_id)
    require(request.user, Action.MANAGE_FEE_SCHEDULE, facility.pk)
    return facility


def _render_fees(
    request: HttpRequest,
    facility: Facility | None,
    *,
    status: int = 200,
    entry_form: FeeEntryForm | None = None,
    import_form: FeeImportForm | None = None,
    imported: FeeImportResult | None = None,
    refusal: str | None = None,
) -> HttpResponse:
    user = request.user
    facilities = visible_facilities(user).order_by("name")
    chooser = FacilityChoiceForm(initial={"facility": facility}, facilities=facilities)
    entries = list(FeeScheduleEntry.objects.for_user(user).filter(facility=facility)) if facility else []
    return render(
        request,
        "billing/fee_schedule.html",
        {
            "facility": facility,
            "chooser": chooser,
            "entries": entries,
            "entry_form": entry_form or FeeEntryForm(),
            "import_form": import_form or FeeImportForm(),
            "imported": imported,
            "refusal": refusal,
        },
        status=status,
    )


@login_required
def fee_schedule(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_FEE_SCHEDULE)
    chosen = query_id(request.GET.get("facility"), Facility)
    if chosen is not None:
        return _render_fees(request, _fee_facility(request, chosen))
    first = visible_facilities(request.user).order_by("name").first()
    return _render_fees(request, _fee_facility(request, first.pk) if first else None)


@login_required
@require_POST
def fee_entry_add(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = _fee_facility(request, facility_id)
    form = FeeEntryForm(request.POST, instance=FeeScheduleEntry(facility=facility))
    if not form.is_valid():
        return _render_fees(request, facility, status=400, entry_form=form)
    with acting_as(request.user):
        entry = form.save()
    messages.success(request, f"Fee for {entry.code} saved.")
    return redirect(f"{reverse('billing:fee_schedule')}?facility={facility.pk}")


@login_required
@require_POST
def fee_schedule_import(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = _fee_facility(request, facility_id)
    form = FeeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_fees(request, facility, status=400, import_form=form)
    try:
        result = import_fee_schedule(form.cleaned_data["file"].read(), facility, request.user)
    except UnreadableFeeFile as exc:
        return _render_fees(request, facility, status=400, refusal=f"The file was not imported: {exc}.")
    return _render_fees(request, facility, status=200, imported=result)


# --- submission -----------------------------------------------------------------------------
@login_required
def submission(request: HttpRequest) -> HttpResponse:
    """Validate only (a dry run showing the file and every problem) or submit a facility's batch."""
    user = request.user
    require(user, Action.SUBMIT_CLAIM)
    facilities = visible_facilities(user).order_by("name")
    data = request.POST if request.method == "POST" else request.GET
    chooser = FacilityChoiceForm(data or None, facilities=facilities)
    context: dict[str, Any] = {"chooser": chooser, "result": None, "refusal": None, "problems": []}
    status = 200
    if request.method == "POST" and chooser.is_valid():
        facility = chooser.cleaned_data["facility"]
        require(user, Action.SUBMIT_CLAIM, facility.pk)
        dry_run = request.POST.get("action") != "submit"
        include_ready = request.POST.get("include_ready") == "on"
        try:
            context["result"] = submit_claims(facility, user, include_ready=include_ready, dry_run=dry_run)
        except SubmissionRefused as refused:
            context["refusal"] = str(refused)
            context["problems"] = refused.problems
            status = 409
    context["batches"] = list(SubmissionBatch.objects.for_user(user).select_related("facility")[:20])
    return render(request, "billing/submission.html", context, status=status)


# --- remittances (835) and acknowledgments (999, 277CA) --------------------------------------
class UploadForm(forms.Form):
    file = forms.FileField()
    dry_run = forms.BooleanField(required=False, label="Match only (post nothing)")


@login_required
def remittances(request: HttpRequest) -> HttpResponse:
    """Upload an 835 (posted all or nothing, idempotently) or a 999/277CA acknowledgment."""
    user = request.user
    require(user, Action.POST_REMITTANCE)
    context: dict[str, Any] = {"form": UploadForm(), "result": None, "ack": None, "refusal": None}
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data["file"].read()
            name = form.cleaned_data["file"].name
            try:
                if b"ST*835*" in data[:2000]:
                    context["result"] = post_remittance(data, name, user, dry_run=form.cleaned_data["dry_run"])
                else:
                    context["ack"] = attach_acknowledgment(data, user)
            except (RemittanceRefused, AcknowledgmentRefused) as refused:
                context["refusal"] = f"The file was refused whole; nothing was posted: {refused}"
                status = 400
    context["postings"] = list(RemittancePosting.objects.for_user(user).select_related("facility")[:20])
    context["unmatched"] = list(
        UnmatchedPayment.objects.for_user(user).filter(resolved=False).select_related("posting")[:50]
    )
    return render(request, "billing/remittances.html", context, status=status)


# --- claim documents: CMS-1500 / UB-04 PDF and the FHIR bundle --------------------------------
def _claim_document(request: HttpRequest, pk: int, build: Any) -> HttpResponse:
    claim = _claim_for(request, pk)
    require(request.user, Action.VIEW_PATIENT_DATA, claim.facility_id)
    try:
        document = build(claim)
    except DocumentRefused as refused:
        return _render_claim(request, claim, status=409, refusal=f"No document: {refused}.")
    version = claim.current_version
    audit_reads(request.user, [claim, claim.patient, *([version] if version else [])])
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


@login_required
def claim_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim's CMS-1500 (office) or UB-04 (hospital outpatient) PDF."""
    return _claim_document(request, pk, claim_form_pdf)


@login_required
def claim_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim as a FHIR R4B Bundle (Claim, Patient, Coverage, Organizations)."""
    return _claim_document(request, pk, fhir_claim_bundle)


# --- payments kept for review ---------------------------------------------------------------
class ResolvePaymentForm(forms.Form):
    line = forms.TypedChoiceField(coerce=int, required=False, label="Claim line", empty_value=None)
    reason = forms.CharField(max_length=300, label="Reason", help_text="Why this line, or why dismissed (required).")

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["line"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a line"), *lines]


def _review_rows(user: Any, forms_by_pk: dict[int, ResolvePaymentForm] | None = None) -> list[dict[str, Any]]:
    rows = []
    kept = list(
        UnmatchedPayment.objects.for_user(user)
        .filter(resolved=False)
        .select_related("posting__facility")
        .order_by("posting_id", "position")[:50]
    )
    claims: list[Claim] = []
    for payment in kept:
        offered = review_payment.candidates(payment)
        claims += [c.line.version.claim for c in offered]
        choices = [
            (c.line.pk, f"{c.claim_id_sent} line {c.line.position} {c.line.code} (score {c.score})") for c in offered
        ]
        form = (forms_by_pk or {}).get(payment.pk) or ResolvePaymentForm(prefix=f"p{payment.pk}", lines=choices)
        rows.append({"payment": payment, "candidates": offered, "form": form})
    audit_reads(user, list({c.pk: c for c in claims}.values()))
    return rows


def _render_review(
    request: HttpRequest,
    *,
    status: int = 200,
    forms_by_pk: dict[int, ResolvePaymentForm] | None = None,
    refusal: str | None = None,
) -> HttpResponse:
    user = request.user
    low = list(
        LinePayment.objects.for_user(user)
        .filter(needs_review=True)
        .select_related("line", "posting", "claim")
        .order_by("score", "pk")[:50]
    )
    audit_reads(user, list({p.claim_id: p.claim for p in low}.values()))
    return render(
        request,
        "billing/payment_review.html",
        {"rows": _review_rows(user, forms_by_pk), "low": low, "refusal": refusal},
        status=status,
    )


@login_required
def payment_review(request: HttpRequest) -> HttpResponse:
    """Payments an 835 posting kept aside (no line matched) and low-score matches, with their scores."""
    require(request.user, Action.POST_REMITTANCE)
    return _render_review(request)


@login_required
@require_POST
def payment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a kept payment to a claim line (posted then) or dismiss it, with a reason."""
    user = request.user
    payment = get_object_or_404(UnmatchedPayment.objects.for_user(user).select_related("posting"), pk=pk)
    require(user, Action.POST_REMITTANCE, payment.posting.facility_id)
    offered = review_payment.candidates(payment)
    choices = [(c.line.pk, f"{c.claim_id_sent} line {c.line.position} {c.line.code}") for c in offered]
    form = ResolvePaymentForm(request.POST, prefix=f"p{payment.pk}", lines=choices)
    action = request.POST.get("action")
    if not form.is_valid() or action not in ("assign", "dismiss"):
        return _render_review(request, status=400, forms_by_pk={payment.pk: form})
    try:
        if action == "dismiss":
            review_payment.dismiss(payment, user, form.cleaned_data["reason"])
            messages.success(request, f"Payment of {payment.claim_id_sent} line {payment.line} dismissed.")
        else:
            line = form.cleaned_data["line"]
            if line is None:
                form.add_error("line", "Choose the claim line this payment pays.")
                return _render_review(request, status=400, forms_by_pk={payment.pk: form})
            posted = review_payment.assign(payment, line, user, form.cleaned_data["reason"])
            messages.success(request, f"Payment posted on claim {posted.claim_id} line {posted.line.position}.")
    except review_payment.ReviewRefused as refused:
        return _render_review(request, status=409, refusal=str(refused))
    return redirect("billing:payment_review")


# --- trading-partner settings -----------------------------------------------------------------
@login_required
def trading_partner(request: HttpRequest) -> HttpResponse:
    """A facility's trading-partner settings (the 837 and 270 envelopes read them)."""
    user = request.user
    require(user, Action.SUBMIT_CLAIM)
    facilities = visible_facilities(user).order_by("name")
    chosen = query_id(request.GET.get("facility") or request.POST.get("facility_id"), Facility)
    facility = get_object_or_404(facilities, pk=chosen) if chosen is not None else facilities.first()
    chooser = FacilityChoiceForm(initial={"facility": facility}, facilities=facilities)
    if facility is None:
        return render(request, "billing/trading_partner.html", {"chooser": chooser, "facility": None})
    require(user, Action.SUBMIT_CLAIM, facility.pk)
    existing = TradingPartner.objects.for_user(user).filter(facility=facility).first()
    instance = existing or TradingPartner(facility=facility)
    status = 200
    if request.method == "POST":
        form = TradingPartnerForm(request.POST, instance=instance)
        if form.is_valid():
            with acting_as(user):
                form.save()
            messages.success(request, f"Trading-partner settings of {facility.name} saved.")
            return redirect(f"{reverse('billing:trading_partner')}?facility={facility.pk}")
        status = 400
    else:
        form = TradingPartnerForm(instance=instance)
    return render(
        request,
        "billing/trading_partner.html",
        {"chooser": chooser, "facility": facility, "form": form, "existing": existing is not None},
        status=status,
    )


# --- void ---------------------------------------------------------------------------------------
class VoidForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Reason for the void", help_text="Kept as a claim note.")


@login_required
@require_POST
def claim_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a void (frequency 8) of the claim the payer holds, as its own 837."""
    claim = _claim_for(request, pk)
    require(request.user, Action.SUBMIT_CLAIM, claim.facility_id)
    form = VoidForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, refusal="A reason is required to void a claim.")
    try:
        batch = void_claim(claim, request.user, form.cleaned_data["reason"])
    except VoidRefused as refused:
        return _render_claim(request, claim, status=409, refusal=str(refused))
    messages.success(request, f"Void of claim {claim.pk} sent in batch {batch.interchange_control}.")
    return redirect("billing:claim_detail", pk=claim.pk)


@login_required
@require_POST
def payment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a low-score match after checking it (a reason is required)."""
    user = request.user
    payment = get_object_or_404(LinePayment.objects.for_user(user).select_related("claim"), pk=pk)
    require(user, Action.POST_REMITTANCE, payment.claim.facility_id)
    try:
        review_payment.confirm(payment, user, request.POST.get("reason", ""))
    except review_payment.ReviewRefused as refused:
        return _render_review(request, status=409, refusal=str(refused))
    messages.success(request, f"Match on claim {payment.claim_id} line {payment.line_id} confirmed.")
    return redirect("billing:payment_review")
