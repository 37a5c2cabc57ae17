"""Pages of the hub app: the coordinators' case queue, enrollment, the case page (timeline,
deadlines with their basis), the BI, PA, appeal and PAP forms, and the outcome figures.

Every view starts from ``Model.objects.for_user(request.user)``, checks the action
(``permissions.require``) and records the reads of patient data (``audit_reads``). Times are typed
and shown in the case's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coolclaim.assistance import InvalidApplication
from coolclaim.documents import MissingFactsError, PhiPolicyError, UnknownSectionError, render_pdf
from coolclaim.web.accounts.models import User
from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import audit_read, audit_reads
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.columns import query_id
from coolclaim.web.hub.choices import DOCUMENT_KINDS
from coolclaim.web.hub.forms import (
    AppealDecisionForm,
    AppealFilingForm,
    BenefitsForm,
    CapKitStepForm,
    CaseFilterForm,
    DocumentKindForm,
    DocumentSectionsForm,
    EnrollmentForm,
    EventForm,
    OutcomesForm,
    PaDecisionForm,
    PapForm,
    PaSubmissionForm,
    ReauthorizationForm,
    ScreeningForm,
)
from coolclaim.web.hub.models import (
    Appeal,
    CapKitReplacement,
    Case,
    GeneratedDocument,
    PriorAuthorization,
    Reauthorization,
)
from coolclaim.web.hub.services.cap_kit import CapKitStepRefused, advance_cap_kit
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi, propose
from coolclaim.web.hub.services.decide_appeal import decide_appeal
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.decide_pap import application_for, decide_pap, screen_application
from coolclaim.web.hub.services.enroll import Enrollment, enroll
from coolclaim.web.hub.services.file_appeal import file_appeal
from coolclaim.web.hub.services.generate_document import blank_enrollment_form, draft_for, generate_document, pdf_of
from coolclaim.web.hub.services.outcome_figures import figures_for
from coolclaim.web.hub.services.reauthorization import close_reauthorization
from coolclaim.web.hub.services.record_event import EventRefused, record_event
from coolclaim.web.hub.services.sob_estimate import estimate_for_case
from coolclaim.web.hub.services.submit_pa import submit_pa
from coolclaim.web.hub.tables import case_page_context, case_rows

PAGE_SIZE = 25
_SORTS = {
    "first_infusion": ("first_infusion_date", "pk"),
    "due": ("next_due", "first_infusion_date", "pk"),
    "state": ("state", "first_infusion_date", "pk"),
    "-enrolled": ("-created_at", "-pk"),
}


# --- the coordinators' queue ---------------------------------------------------------------
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Action.VIEW_PATIENT_DATA)
    form = CaseFilterForm(request.GET or None)
    f: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cases = Case.objects.for_user(user).select_related("patient", "facility", "owner")
    owner = f.get("owner") or ("mine" if can(user, Action.WORK_HUB_CASE) else "all")
    if owner == "mine":
        cases = cases.filter(owner_id=user.pk)
    elif owner == "none":
        cases = cases.filter(owner__isnull=True)
    state = f.get("state") or ""
    if state == "":
        cases = cases.exclude(state="closed", attention_kind="")
    elif state != "any":
        cases = cases.filter(state=state)
    if f.get("waiting_on"):
        cases = cases.filter(waiting_on=f["waiting_on"])
    if f.get("overdue"):
        cases = cases.filter(overdue=True)
    cases = cases.order_by(*_SORTS[f.get("sort") or "first_infusion"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    audit_reads(user, [*rows, *{c.patient for c in rows}])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "owner": owner,
        "page": page,
        "rows": case_rows(rows, timezone.now()),
        "query": query.urlencode(),
        "can_enroll": can(user, Action.ENROLL_HUB_CASE),
    }
    htmx = getattr(request, "htmx", None)
    template = "hub/_case_results.html" if htmx and htmx.target == "case-results" else "hub/case_list.html"
    return render(request, template, context)


# --- enrollment ----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def enroll_case(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Action.ENROLL_HUB_CASE)
    patients = Patient.objects.for_user(user).select_related("facility").order_by("family_name", "given_name", "pk")
    courses = Course.objects.for_user(user).order_by("-start_date", "pk")
    owners = User.objects.filter(role="hub_coordinator", is_active=True, hub__facilities__in=visible_facilities(user))
    kwargs = {"patients": patients, "courses": courses, "owners": owners.distinct().order_by("username")}
    if request.method == "POST":
        form = EnrollmentForm(request.POST, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            require(user, Action.ENROLL_HUB_CASE, d["patient"].facility_id)
            case = enroll(
                Enrollment(
                    patient=d["patient"],
                    course=d["course"],
                    owner=d["owner"] or (user if can(user, Action.WORK_HUB_CASE) else None),
                    payer_type=d["payer_type"],
                    payer_name=d["payer_name"],
                    prescriber=d["prescriber"],
                    diagnosis=d["diagnosis"].strip().upper(),
                    regimen=d["regimen"],
                    planned_sessions=d["planned_sessions"],
                    consent=d["consent"],
                    first_infusion_date=d["first_infusion_date"],
                    # typed in the facility's local time
                    received_at=timezone.make_aware(
                        timezone.make_naive(d["received_at"]), ZoneInfo(d["patient"].facility.time_zone)
                    ),
                    calendar=d["calendar"],
                ),
                actor=user,
            )
            messages.success(request, f"Case {case.pk} enrolled: benefits investigation next.")
            return redirect("hub:case_detail", pk=case.pk)
        status = 400
    else:
        initial: dict[str, Any] = {}
        patient_id = query_id(request.GET.get("patient"), Patient)
        chosen = patients.filter(pk=patient_id).first() if patient_id is not None else None
        if chosen is not None:
            initial["patient"] = chosen.pk
        facility = chosen.facility if chosen is not None else visible_facilities(user).order_by("name").first()
        zone = ZoneInfo(facility.time_zone if facility is not None else "America/New_York")
        # shown as the facility's wall-clock time (the field carries no zone)
        initial["received_at"] = timezone.localtime(timezone=zone).replace(second=0, microsecond=0, tzinfo=None)
        form = EnrollmentForm(initial=initial, **kwargs)
        status = 200
    return render(request, "hub/form.html", {"form": form, "title": "Enroll a patient", "case": None}, status=status)


# --- the case page -------------------------------------------------------------------------
def _case(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.for_user(request.user).select_related("patient", "facility", "owner", "course"), pk=pk
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _case(request, pk)
    require(user, Action.VIEW_PATIENT_DATA, case.facility_id)
    context = case_page_context(case, timezone.now())
    audit_reads(user, [case, case.patient, *context["read"]])
    context.update(
        can_work=can(user, Action.WORK_HUB_CASE),
        show_phi=True,
        contact_form=EventForm(initial={"type": "patient_contacted", "at": _now_in(case)}),
        withdraw_form=EventForm(initial={"type": "withdrawn", "at": _now_in(case)}),
    )
    context.update(documents_context(case, user))
    with timezone.override(ZoneInfo(case.timezone)):
        return render(request, "hub/case_detail.html", context)


def _now_in(case: Case) -> Any:
    return timezone.localtime(timezone=ZoneInfo(case.timezone)).replace(second=0, microsecond=0, tzinfo=None)


def _work(
    request: HttpRequest,
    case: Case,
    form_class: type[forms.Form],
    title: str,
    apply: Callable[[dict[str, Any]], str],
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A coordinator's form on a case: valid → the service (a refused event shows the core's
    message), then back to the case page."""
    require(request.user, Action.WORK_HUB_CASE, case.facility_id)
    with timezone.override(ZoneInfo(case.timezone)):
        if request.method == "POST":
            form = form_class(request.POST, **(form_kwargs or {}))
            if form.is_valid():
                try:
                    done = apply(form.cleaned_data)
                except EventRefused as refused:
                    form.add_error(None, refused.message)
                except InvalidApplication as invalid:
                    for error in invalid.errors:
                        form.add_error(None, f"{error.field}: {error.message}")
                else:
                    messages.success(request, done)
                    return redirect("hub:case_detail", pk=case.pk)
            status = 400
        else:
            form = form_class(initial=initial or {}, **(form_kwargs or {}))
            status = 200
        audit_reads(request.user, [case, case.patient])  # shown again after a refused form too
        context = {"form": form, "title": title, "case": case, **(extra or {})}
        return render(request, "hub/form.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def case_event(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)

    def apply(d: dict[str, Any]) -> str:
        record_event(case, d["type"], d["at"], actor=request.user, reason=d["reason"] or d["type"].replace("_", " "))
        return f"Recorded: {d['type'].replace('_', ' ')}."

    return _work(request, case, EventForm, "Record an event", apply)


@login_required
@require_http_methods(["GET", "POST"])
def benefits(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    proposal = propose(case)

    def apply(d: dict[str, Any]) -> str:
        found = BenefitsFound(
            completed_at=d["completed_at"],
            coverage=d["coverage"],
            coverage_active=d["coverage_active"],
            pa_required=d["pa_required"],
            network=d["network"],
            deductible=d["deductible"],
            deductible_met=d["deductible_met"],
            coinsurance_percent=d["coinsurance_percent"],
            copay=d["copay"],
            oop_max=d["oop_max"],
            oop_met=d["oop_met"],
            pa_override_reason=d["pa_override_reason"],
            covered_codes=d["covered_codes"],
            plan_funding=d["plan_funding"],
            group_size=d["group_size"],
            plan_state=d["plan_state"],
        )
        complete_bi(case, found, actor=request.user, reason=d["reason"])
        return "Benefits investigation recorded."

    initial = {
        "completed_at": _now_in(case),
        "coverage": str(proposal.coverage) if proposal.coverage else "covered",
        "coverage_active": case.payer_type != "none",
        "pa_required": {True: "yes", False: "no", None: None}[proposal.pa_required],
        "plan_state": case.facility.state,
    }
    extra = {"proposal": proposal, "eligibility": {}}  # eligibility: the 271 upload (views/exchange.py)
    return _work(request, case, BenefitsForm, "Benefits investigation", apply, initial, extra=extra)


@login_required
@require_http_methods(["GET", "POST"])
def pa_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)

    def apply(d: dict[str, Any]) -> str:
        submit_pa(
            case,
            rail=d["rail"],
            submitted_at=d["submitted_at"],
            actor=request.user,
            reference_number=d["reference_number"],
            expedited=d["expedited"],
            reason=d["reason"],
        )
        return "PA submission recorded: tracking the payer."

    return _work(
        request, case, PaSubmissionForm, "Prior authorization submitted", apply, {"submitted_at": _now_in(case)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def pa_decide(request: HttpRequest, pk: int, auth_pk: int) -> HttpResponse:
    case = _case(request, pk)
    auth = get_object_or_404(PriorAuthorization.objects.for_user(request.user), pk=auth_pk, case_id=case.pk)
    auth.case = case

    def apply(d: dict[str, Any]) -> str:
        decide_pa(
            auth,
            decision=d["decision"],
            decided_at=d["decided_at"],
            actor=request.user,
            denial_reasons=d["denial_reasons"],
            appeal_available=d["appeal_available"],
            reference_number=d["reference_number"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            authorized_sessions=d["authorized_sessions"],
            authorized_units=d["authorized_units"],
            reason=d["reason"],
        )
        return f"PA decision recorded: {d['decision']}."

    initial = {"decided_at": _now_in(case), "appeal_available": True, "reference_number": auth.reference_number}
    return _work(request, case, PaDecisionForm, "Prior authorization decided", apply, initial)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)

    def apply(d: dict[str, Any]) -> str:
        file_appeal(case, filed_at=d["filed_at"], actor=request.user, grounds=d["grounds"], reason=d["reason"])
        return "Appeal filed."

    return _work(request, case, AppealFilingForm, "File the appeal", apply, {"filed_at": _now_in(case)})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    appeal = get_object_or_404(Appeal.objects.for_user(request.user), case_id=case.pk)
    appeal.case = case

    def apply(d: dict[str, Any]) -> str:
        decide_appeal(
            appeal, decision=d["decision"], decided_at=d["decided_at"], actor=request.user, reason=d["reason"]
        )
        return f"Appeal decision recorded: {d['decision']}."

    return _work(request, case, AppealDecisionForm, "Appeal decided", apply, {"decided_at": _now_in(case)})


@login_required
@require_http_methods(["GET", "POST"])
def pap(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)

    def apply(d: dict[str, Any]) -> str:
        application = PapForm.application(d, case.facility.contracted)
        decision = decide_pap(case, application, decided_at=d["decided_at"], actor=request.user, reason=d["reason"])
        return "PAP decision: " + (f"eligible ({decision.route})" if decision.eligible else "not eligible") + "."

    now = _now_in(case)
    prefill = application_for(case, now.date())
    initial = {**prefill, "decided_at": now, "pa_status": prefill["pa_status"] or "", "household_income": None}
    initial["product_cost"] = None
    return _work(request, case, PapForm, "Patient assistance screening", apply, initial)


# --- outcome figures -----------------------------------------------------------------------
@login_required
def outcomes(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Action.VIEW_REPORTS)
    facilities = visible_facilities(user).order_by("name")
    today = timezone.localdate()
    form = OutcomesForm(request.GET or {"start": today.replace(month=1, day=1), "end": today}, facilities=facilities)
    figures = None
    if form.is_valid():
        chosen = [f.pk for f in form.cleaned_data["facilities"]] or None
        figures = figures_for(Case.objects.for_user(user), form.cleaned_data["start"], form.cleaned_data["end"], chosen)
    return render(request, "hub/outcomes.html", {"form": form, "figures": figures})


# --- re-authorization and the patient's estimate -------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def reauthorization(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    case = _case(request, pk)
    step = get_object_or_404(
        Reauthorization.objects.for_user(request.user), pk=step_pk, case_id=case.pk, closed_at__isnull=True
    )
    step.case = case

    def apply(d: dict[str, Any]) -> str:
        try:
            close_reauthorization(
                step,
                actor=request.user,
                closed_at=d["closed_at"],
                reason=d["reason"],
                reference_number=d["reference_number"],
                rail=d["rail"],
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                authorized_sessions=d["authorized_sessions"],
                authorized_units=d["authorized_units"],
            )
        except ValueError as refused:
            raise EventRefused("REAUTHORIZATION", str(refused)) from None
        return "Re-authorization recorded." if d["reference_number"] else "Re-authorization closed."

    title = f"Re-authorization: {step.detail}"
    return _work(request, case, ReauthorizationForm, title, apply, {"closed_at": _now_in(case)})


@login_required
def sob(request: HttpRequest, pk: int) -> HttpResponse:
    """The patient's estimate of the course, every figure and assumption (the SOB's content)."""
    user = request.user
    case = _case(request, pk)
    require(user, Action.VIEW_PATIENT_DATA, case.facility_id)
    estimate = estimate_for_case(case)
    audit_reads(user, [case, case.patient, *([estimate.benefits] if estimate.benefits else [])])
    return render(request, "hub/sob.html", {"case": case, "estimate": estimate})


# --- documents on a case (letters, checklists, the SOB, the enrollment form) ----------------
def _today_in(case: Case) -> dt.date:
    return timezone.localtime(timezone=ZoneInfo(case.timezone)).date()


def documents_context(case: Case, user: Any) -> dict[str, Any]:
    """What the case page shows of documents and the cap kit (their reads are audited)."""
    documents = list(case.documents.select_related("created_by").defer("pdf", "sections"))
    cap_kit = CapKitReplacement.objects.filter(case_id=case.pk).first()
    audit_reads(user, [*documents, *([cap_kit] if cap_kit is not None else [])])
    return {
        "documents": documents,
        "document_kind_form": DocumentKindForm(auto_id="id_document_%s"),
        "cap_kit": cap_kit,
        "cap_kit_form": CapKitStepForm(initial={"at": _now_in(case)}, auto_id="id_cap_kit_%s")
        if cap_kit is not None and cap_kit.status != "fulfilled"
        else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Review and edit a draft written from the case's facts, then make and keep the PDF."""
    case = _case(request, pk)
    require(request.user, Action.WORK_HUB_CASE, case.facility_id)
    chooser = DocumentKindForm(request.GET if request.method == "GET" else request.POST)
    if not chooser.is_valid():
        messages.error(request, "Choose a document to prepare.")
        return redirect(reverse("hub:case_detail", args=[case.pk]) + "#documents-heading")
    kind = chooser.cleaned_data["kind"]
    today = _today_in(case)
    try:
        draft = draft_for(case, kind, on=today)
    except MissingFactsError as missing:
        audit_reads(request.user, [case, case.patient])
        context = {"case": case, "kind_label": dict(DOCUMENT_KINDS)[kind], "missing": missing.missing}
        return render(request, "hub/document_missing.html", context, status=409)
    with timezone.override(ZoneInfo(case.timezone)):
        if request.method == "POST":
            form = DocumentSectionsForm(request.POST, draft=draft)
            if form.is_valid():
                edits = {key: form.cleaned_data[key] for key in form.fields}
                try:
                    document = generate_document(case, kind, edits=edits, actor=request.user, on=today)
                except PhiPolicyError as refused:
                    for problem in refused.problems:
                        form.add_error(None, problem)
                except UnknownSectionError as unknown:
                    for problem in unknown.problems:
                        form.add_error(None, problem)
                else:
                    messages.success(request, f"{document.title} generated ({document.pages or '?'} pages).")
                    return redirect(reverse("hub:case_detail", args=[case.pk]) + "#documents-heading")
            status = 400
        else:
            form = DocumentSectionsForm(draft=draft)
            status = 200
            audit_reads(request.user, [case, case.patient])
        context = {"case": case, "draft": draft, "form": form, "kind": kind}
        return render(request, "hub/document_new.html", context, status=status)


@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """The stored PDF; every download is one audit entry (a read of the document)."""
    case = _case(request, pk)
    require(request.user, Action.VIEW_PATIENT_DATA, case.facility_id)
    document = get_object_or_404(GeneratedDocument.objects.for_user(request.user), pk=doc_pk, case_id=case.pk)
    data = pdf_of(document)
    audit_read(request.user, document)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def enrollment_form_blank(request: HttpRequest) -> HttpResponse:
    """The enrollment form with nothing filled in, for a facility to complete by hand (no PHI)."""
    require(request.user, Action.ENROLL_HUB_CASE)
    data = render_pdf(blank_enrollment_form(timezone.localdate()))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="hub-enrollment-form.pdf"'
    return response


# --- the cap-kit replacement ---------------------------------------------------------------
@login_required
@require_http_methods(["POST"])
def cap_kit_step(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    require(request.user, Action.WORK_HUB_CASE, case.facility_id)
    kit = get_object_or_404(CapKitReplacement.objects.for_user(request.user), case_id=case.pk)
    kit.case = case
    with timezone.override(ZoneInfo(case.timezone)):
        form = CapKitStepForm(request.POST, auto_id="id_cap_kit_%s")
        if form.is_valid():
            d = form.cleaned_data
            try:
                advance_cap_kit(kit, d["status"], at=d["at"], actor=request.user, reference=d["reference"])
            except CapKitStepRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"Cap kit replacement: {kit.get_status_display().lower()}.")
                return redirect(reverse("hub:case_detail", args=[case.pk]) + "#cap-kit-heading")
        context = {"form": form, "title": "Cap kit replacement", "case": case}
        return render(request, "hub/form.html", context, status=400)


# --- the standalone screening page (facility staff; nothing stored unless attached) ---------
@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Action.ENROLL_HUB_CASE)
    facilities = visible_facilities(user).order_by("name")
    result = None
    attach_cases: list[Case] = []
    if request.method == "POST":
        form = ScreeningForm(request.POST, facilities=facilities)
        status = 400
        if form.is_valid():
            facility = form.cleaned_data["facility"]
            application = ScreeningForm.application(form.cleaned_data, facility.contracted)
            try:
                result = screen_application(application).as_dict()
            except InvalidApplication as invalid:
                for error in invalid.errors:
                    form.add_error(None, f"{error.field}: {error.message}")
            else:
                status = 200
                if request.POST.get("case", "").isdigit() and can(user, Action.WORK_HUB_CASE, facility):
                    return _attach_screening(request, int(request.POST["case"]), facility, application)
                if can(user, Action.WORK_HUB_CASE):
                    attach_cases = list(
                        Case.objects.for_user(user)
                        .filter(facility=facility, state="pap_screening")
                        .select_related("patient")
                        .order_by("pk")
                    )
                    audit_reads(user, [*attach_cases, *{c.patient for c in attach_cases}])
    else:
        first = facilities.first()
        initial = {
            "application_date": timezone.localdate(),
            "state": first.state if first is not None else "",
            "us_physical_address": True,
            "household_size": 1,
            "insurance": "none",
            "on_label_diagnosis": True,
            "prescription": True,
        }
        form = ScreeningForm(initial=initial, facilities=facilities)
        status = 200
    context = {"form": form, "result": result, "attach_cases": attach_cases}
    return render(request, "hub/screening.html", context, status=status)


def _attach_screening(request: HttpRequest, case_pk: int, facility: Any, application: dict[str, Any]) -> HttpResponse:
    """Keep a screening on a case in PAP screening: the PAP decision with this evidence."""
    case = get_object_or_404(Case.objects.for_user(request.user).select_related("facility"), pk=case_pk)
    if case.facility_id != facility.pk:
        messages.error(request, "The case belongs to another facility than the one screened for.")
        return redirect("hub:screening")
    try:
        decision = decide_pap(
            case, application, decided_at=timezone.now(), actor=request.user, reason="From the screening page"
        )
    except EventRefused as refused:
        messages.error(request, f"Case {case.pk}: {refused.message}")
        return redirect("hub:screening")
    messages.success(
        request,
        f"Screening kept on case {case.pk}: "
        + (f"eligible ({decision.route})" if decision.eligible else "not eligible")
        + ".",
    )
    return redirect("hub:case_detail", pk=case.pk)
