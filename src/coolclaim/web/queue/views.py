"""Pages of the queue app: the work queue (the home page after sign-in) and the facilities
overview with what needs attention in each."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coolclaim.web.accounts.permissions import Action, allowed_actions, can, require
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.audit import audit_reads
from coolclaim.web.paging import KeysFirstPaginator
from coolclaim.web.queue.filtersets import QUEUE_SORTS, known_total, queue_counts, queue_keys, queue_queryset
from coolclaim.web.queue.forms import QueueFilterForm, filter_controls
from coolclaim.web.queue.models import QueueItem
from coolclaim.web.queue.services.badge_counts import badge_counts
from coolclaim.web.queue.services.facility_overview import facility_overview
from coolclaim.web.queue.tables import QueueTable, hub_summary
from coolclaim.web.queue.tables.page_rows import ROW_VALUES, page_rows

PAGE_SIZE = 25


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW_PATIENT_DATA)
    facilities = visible_facilities(request.user).order_by("name")
    facility_rows = list(facilities)
    form = QueueFilterForm(request.GET or None, facilities=facilities)
    filters: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    # the counts of the facilities just read (no second scoping of the badge rows)
    facility_ids = {facility.pk for facility in facility_rows}
    every = badge_counts(request.user, among=facility_ids)
    counts = queue_counts(request.user, counts=every)
    sort = QUEUE_SORTS.chosen(request.GET.get("sort"))
    # scoped by the ids of the facilities just read (the same rule as for_user's subquery)
    rows = queue_queryset(request.user, filters, sort, among=facility_ids)
    keys = queue_keys(request.user, filters, sort, among=facility_ids)
    paginator = KeysFirstPaginator(rows, PAGE_SIZE, keys=keys)
    facility = filters.get("facility")
    of_filter = counts if facility is None else queue_counts(request.user, facility.pk, among=facility_ids)
    total = known_total(filters, of_filter)
    if total is not None:
        paginator.__dict__["count"] = total  # the cached property: no COUNT over the items
    page = paginator.get_page(request.GET.get("page"))
    # the page's rows as values (no model instances), each with its facility from those just read
    page_items = cast("QuerySet[QueueItem]", page.object_list)  # KeysFirstPaginator's: a queryset
    items = page_rows(page_items.values_list(*ROW_VALUES), {f.pk: f for f in facility_rows})
    table = QueueTable(request.user, items, timezone.localdate())
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx and htmx.target == "queue-results")
    hub = hub_summary(request.user, every) if not partial else None
    audit_reads(request.user, [*table.sessions, *table.patients, *table.claims, *(hub.read if hub else ())])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "controls": filter_controls(form, {"facility": facility_rows}),
        "page": page,
        "rows": table.rows,
        "counts": counts,
        "show_phi": can(request.user, Action.VIEW_PATIENT_DATA),
        "can_document": can(request.user, Action.DOCUMENT_SESSION),
        "query": query.urlencode(),
        "sort": sort,
        "sort_default": sort == QUEUE_SORTS.default,
        "sort_caption": QUEUE_SORTS.caption(sort),
        "sort_links": QUEUE_SORTS.links(request.GET, sort),
        "filtered": any(value not in (None, "") for value in filters.values()),
        "hub": hub,
        # Hub cases come first for those who work them; billing and nurses see their claims first.
        "hub_first": can(request.user, Action.WORK_HUB_CASE),
        # A facility column only where the rows can differ in it.
        "several_facilities": len(facility_rows) > 1,
        # an htmx request for the results: they also bring the filters' one-line summary
        "partial": partial,
    }
    template = "queue/_results.html" if partial else "queue/index.html"
    return render(request, template, context)


@login_required
def facilities(request: HttpRequest) -> HttpResponse:
    """The user's facilities with counts of patients and claims needing attention."""
    return render(
        request,
        "queue/facilities.html",
        {"facilities": facility_overview(request.user), "actions": sorted(allowed_actions(request.user))},
    )
