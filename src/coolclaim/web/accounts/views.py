"""Pages of the accounts app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coolclaim.web.accounts.permissions import allowed_actions
from coolclaim.web.accounts.scoping import visible_facilities
from coolclaim.web.billing.choices import ClaimStatus


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's facilities with counts of patients and claims needing attention."""
    facilities = (
        visible_facilities(request.user)
        .select_related("hub")
        .annotate(
            patient_count=Count("patients", distinct=True),
            held_count=Count("claims", filter=Q(claims__status=ClaimStatus.HOLD), distinct=True),
            ready_count=Count("claims", filter=Q(claims__status=ClaimStatus.READY), distinct=True),
        )
        .order_by("name")
    )
    return render(
        request,
        "accounts/home.html",
        {"facilities": facilities, "actions": sorted(allowed_actions(request.user))},
    )
