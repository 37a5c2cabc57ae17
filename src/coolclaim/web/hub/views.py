"""Pages of the hub app: the coordinators' case queue, enrollment, the case page (timeline,
deadlines with their basis), the BI, PA, appeal and PAP forms, and the outcome figures.

Every view starts from ``Model.objects.for_user(request.user)``, checks the action
(``permissions.require``) and records the reads of patient data (``audit_reads``). Times are typed
and shown in the case's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coolclaim.assistance import InvalidApplication
from coolclaim.web.accounts.models import User
from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import audit_reads
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.hub.forms import (
    AppealDecisionForm,
    AppealFilingForm,
    BenefitsForm,
    CaseFilterForm,
    EnrollmentForm,
    EventForm,
    OutcomesForm,
    PaDecisionForm,
    PapForm,
    PaSubmissionForm,
)
from coolclaim.web.hub.models import Appeal, Case, PriorAuthorization
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi, propose
from coolclaim.web.hub.services.decide_appeal import decide_appeal
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.decide_pap import application_for, decide_pap
from coolclaim.web.hub.services.enroll import Enrollment, enroll
from coolclaim.web.hub.services.file_appeal import file_appeal
from coolclaim.web.hub.services.outcome_figures import figures_for
from coolclaim.web.hub.services.record_event import EventRefused, record_event
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
        cases = cases.exclude(state="closed")
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
        chosen = (
            patients.filter(pk=int(request.GET["patient"])).first()
            if request.GET.get("patient", "").isdigit()
            else None
        )
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
    return _work(request, case, BenefitsForm, "Benefits investigation", apply, initial, extra={"proposal": proposal})


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
