"""The work queue page (the home page after sign-in)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from coolclaim.web.accounts.permissions import Action, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import audit_reads
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Patient
from coolclaim.web.clinic.templatetags.workbench import aging_band, days_since
from coolclaim.web.workqueue.filters import QueueFilterForm, filter_controls
from coolclaim.web.workqueue.queries import (
    blocking_edits,
    is_plain,
    missing_documentation,
    queue_counts,
    queue_queryset,
)

PAGE_SIZE = 25
_SLOT = 987654321  # stands for the id in a URL reversed once per page


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_PATIENT_DATA)
    facilities = visible_facilities(request.user).order_by("name")
    form = QueueFilterForm(request.GET or None, facilities=facilities)
    filters: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    counts = queue_counts(request.user)
    paginator = Paginator(queue_queryset(request.user, filters), PAGE_SIZE)
    if is_plain(filters):
        paginator.__dict__["count"] = counts["total"]  # the cached property: no second count query
    page = paginator.get_page(request.GET.get("page"))
    sessions = list(page.object_list)
    edits = blocking_edits(request.user, sessions)
    can_document = can(request.user, Action.DOCUMENT_SESSION)
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    # One reverse() per page, not three per row: the id is put into each URL below.
    patient_url = reverse("clinic:patient_detail", args=[_SLOT])
    claim_url = reverse("billing:claim_detail", args=[_SLOT])
    session_url = reverse("clinic:session_edit", args=[_SLOT])
    patients: dict[int, Patient] = {}
    claims: list[Claim] = []
    for session in sessions:
        claim: Claim | None = getattr(session, "claim", None)
        patients[session.course.patient_id] = session.course.patient
        if claim is not None:
            claims.append(claim)
        days = days_since(session.service_date, today)
        css, label = aging_band(days)
        rows.append(
            {
                "session": session,
                "patient": session.course.patient,
                "claim": claim,
                "patient_url": patient_url.replace(str(_SLOT), str(session.course.patient_id), 1),
                "claim_url": claim_url.replace(str(_SLOT), str(claim.pk), 1) if claim is not None else "",
                "session_url": session_url.replace(str(_SLOT), str(session.pk), 1),
                "edits": edits.get(claim.current_version_id, []) if claim and claim.current_version_id else [],
                "missing": ", ".join(missing_documentation(session)),
                "age": {"days": days, "css": css, "label": label},
            }
        )
    audit_reads(request.user, [*sessions, *patients.values(), *claims])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "controls": filter_controls(form),
        "page": page,
        "rows": rows,
        "counts": counts,
        "show_phi": can(request.user, Action.VIEW_PATIENT_DATA),
        "can_document": can_document,
        "query": query.urlencode(),
    }
    htmx = getattr(request, "htmx", None)
    template = "queue/_results.html" if htmx and htmx.target == "queue-results" else "queue/index.html"
    return render(request, template, context)
