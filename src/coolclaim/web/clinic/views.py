"""Pages of the clinic app: patients, a patient's courses and sessions, session entry.

Every view starts from ``Model.objects.for_user(request.user)``, checks the action with
``coolclaim.web.accounts.permissions.require`` and records reads of patient data with
``coolclaim.web.audit.audit_read`` / ``audit_reads``.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.audit import audit_reads
from coolclaim.web.clinic import signals
from coolclaim.web.clinic.forms import SessionEntryForm
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session
from coolclaim.web.clinic.services.record_session import record_session, session_id_taken

PAGE_SIZE = 25
_SLOT = 987654321  # stands for the id in a URL reversed once per page
#: How the patient page shows a session's ABN answer.
ABN_LABELS: dict[bool | None, str] = {
    None: "ABN not asked",
    True: "ABN signed (GA)",
    False: "No ABN (GZ)",
}


def _pk(value: Any) -> int:
    return int(value)


# --- patients ------------------------------------------------------------------------------
@login_required
def patient_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_PATIENT_DATA)
    query = (request.GET.get("q") or "").strip()[:100]
    patients = (
        Patient.objects.for_user(request.user)
        .select_related("facility")
        .annotate(course_count=Count("courses", distinct=True))
        .order_by("family_name", "given_name", "pk")
    )
    if query:
        patients = patients.filter(
            Q(family_name__icontains=query) | Q(given_name__icontains=query) | Q(mrn__iexact=query)
        )
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    audit_reads(request.user, rows)
    return render(
        request,
        "clinic/patient_list.html",
        {"page": page, "patients": rows, "q": query, "query": f"q={query}" if query else ""},
    )


#: Columns the patient page shows of each session (the apps above add theirs: the claim, ...).
SESSION_COLUMNS = ("id", "facility_id", "course_id", "session_id", "cooling_start", "cooling_end", "abn_obtained")


@login_required
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    patient = get_object_or_404(Patient.objects.for_user(user).select_related("facility"), pk=pk)
    # The patient came through ``for_user`` (its facility is the user's): the role decides.
    require(user, Action.VIEW_PATIENT_DATA)
    coverages = list(Coverage.objects.for_user(user).filter(patient_id=patient.pk))
    sessions_qs = Session.objects.for_user(user).only(*SESSION_COLUMNS).order_by("cooling_start", "pk")
    courses = list(
        Course.objects.for_user(user)
        .filter(patient_id=patient.pk)
        .prefetch_related(Prefetch("sessions", queryset=sessions_qs, to_attr="session_list"))
        .order_by("-start_date", "pk")
    )
    sessions: list[Session] = [s for c in courses for s in c.session_list]
    extras: list[signals.SessionExtras] = signals.answers(
        signals.patient_sessions_shown.send(sender=Session, user=user, sessions=sessions)
    )
    panels = signals.patient_panels(user, patient)
    audit_reads(
        user,
        [
            patient,
            *coverages,
            *courses,
            *sessions,
            *(obj for extra in extras for obj in extra.read),
            *(obj for panel in panels for obj in panel.read),
        ],
    )
    # The patient came through ``for_user``: role checks suffice.
    show_phi = can(user, Action.VIEW_PATIENT_DATA)
    tz = ZoneInfo(patient.facility.time_zone)
    edit_url = reverse("clinic:session_edit", args=[_SLOT])
    course_rows = []
    for course in courses:
        rows = []
        for s in course.session_list:
            row: dict[str, Any] = {
                "session": s,
                "cooling_start": s.cooling_start.astimezone(tz) if s.cooling_start else None,
                "cooling_end": s.cooling_end.astimezone(tz) if s.cooling_end else None,
                "abn": ABN_LABELS[s.abn_obtained],
                "edit_url": edit_url.replace(str(_SLOT), str(s.pk), 1),
                "claim": None,
                "claim_url": "",
                "version": None,
                "lines": [],
                "edits": [],
            }
            for extra in extras:
                row.update(extra.rows.get(s.pk, {}))
            rows.append(row)
        course_rows.append({"course": course, "rows": rows})
    with timezone.override(tz):
        return render(
            request,
            "clinic/patient_detail.html",
            {
                "patient": patient,
                "coverages": coverages,
                "course_rows": course_rows,
                "show_phi": show_phi,
                "can_document": can(user, Action.DOCUMENT_SESSION),
                "panels": panels,
            },
        )


# --- session entry -------------------------------------------------------------------------
def _course_for(request: HttpRequest, course_id: int) -> Course:
    return get_object_or_404(Course.objects.for_user(request.user).select_related("patient__facility"), pk=course_id)


def _session_for(request: HttpRequest, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.for_user(request.user).select_related("course__patient__facility", "facility"), pk=pk
    )


def _coverages(request: HttpRequest, course: Course) -> Any:
    return Coverage.objects.for_user(request.user).filter(patient_id=course.patient_id).order_by("priority", "pk")


def _suggest_session_id(course: Course) -> str:
    number = Session.objects.filter(course_id=course.pk).count() + 1
    return f"C{course.pk}-S{number}"


def _unique_id_ok(request: HttpRequest, form: SessionEntryForm, course: Course, session: Session | None) -> bool:
    taken = session_id_taken(
        course.patient.facility_id, form.cleaned_data["session_id"], session.pk if session is not None else None
    )
    if taken:
        form.add_error("session_id", "Session ID: another session of this facility already has this ID.")
    return not taken


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_for(request, course_id)
    require(request.user, Action.DOCUMENT_SESSION, course.patient.facility_id)
    return _session_entry(request, course, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    require(request.user, Action.DOCUMENT_SESSION, session.facility_id)
    return _session_entry(request, session.course, session)


def _last_session(course: Course) -> Session | None:
    """The course's latest session (by start of cooling, then by entry), if it has one."""
    return (
        Session.objects.filter(course_id=course.pk)
        .order_by(F("cooling_start").desc(nulls_last=True), "-pk")
        .first()
    )


def _session_entry(request: HttpRequest, course: Course, session: Session | None) -> HttpResponse:
    facility = course.patient.facility
    last: Session | None = None
    with timezone.override(ZoneInfo(facility.time_zone)):
        coverages = _coverages(request, course)
        if request.method == "POST":
            form = SessionEntryForm(request.POST, course=course, coverages=coverages)
            if form.is_valid() and _unique_id_ok(request, form, course, session):
                target = form.apply_to(session if session is not None else Session())
                outcome = record_session(target, user=request.user, reason="Session documentation changed")
                messages.success(request, f"Session {target.session_id} saved and coded: {outcome}.")
                return redirect("clinic:patient_detail", pk=course.patient_id)
            status_code = 400
        else:
            if session is not None:
                initial = SessionEntryForm.initial_from(session)
            else:
                initial = {"session_id": _suggest_session_id(course), "order_verified": False}
                last = _last_session(course) if request.GET.get("blank") != "1" else None
                if last is not None:
                    initial.update(SessionEntryForm.carried_over(last))
            form = SessionEntryForm(initial=initial, course=course, coverages=coverages)
            status_code = 200
        # The page shows the patient, the course and the session (or the one carried over from)
        # again after a refused save too.
        read = [session] if session is not None else ([last] if last is not None else [])
        audit_reads(request.user, [course.patient, course, *read])
        return render(
            request,
            "clinic/session_form.html",
            {
                "form": form,
                "course": course,
                "patient": course.patient,
                "facility": facility,
                "session": session,
                "carried_from": last,
            },
            status=status_code,
        )


@login_required
@require_POST
def session_preview(request: HttpRequest, course_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """The coding preview of the form as it stands (HTMX partial; nothing is saved)."""
    existing = _session_for(request, pk) if pk is not None else None
    course = existing.course if existing is not None else _course_for(request, _pk(course_id))
    require(request.user, Action.CODE_SESSIONS, course.patient.facility_id)
    facility = course.patient.facility
    with timezone.override(ZoneInfo(facility.time_zone)):
        coverages = _coverages(request, course)
        form = SessionEntryForm(request.POST, course=course, coverages=coverages)
        result: dict[str, Any] | None = None
        if form.is_valid():
            draft = Session(pk=existing.pk if existing is not None else None)
            draft = form.apply_to(draft)
            draft.facility = facility
            results = signals.answers(
                signals.session_preview_requested.send(sender=Session, session=draft, coverages=list(coverages))
            )
            result = results[0] if results else None
        return render(request, "clinic/_preview.html", {"form": form, "result": result})
