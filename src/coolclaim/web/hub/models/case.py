"""A hub case: one patient's way to coverage. Its state is computed by replaying its events
(``coolclaim.hub.replay``); the stored snapshot (state, outcome, next due) only serves lists and
the queue and is written by ``services.refresh_case`` alone."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.accounts.validators import validate_time_zone
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.hub.choices import CALENDARS, OUTCOMES, PAYER_TYPES, STATES, WaitingOn


class CaseQuerySet(FacilityScopedQuerySet["Case"]):
    facility_path = "facility"


class Case(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="hub_cases")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="hub_cases")
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="hub_cases")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hub_cases",
        help_text="The coordinator who works the case.",
    )
    payer_type = models.CharField(max_length=24, choices=PAYER_TYPES)
    payer_name = models.CharField(max_length=200, blank=True)
    prescriber = models.CharField(max_length=200, blank=True)
    diagnosis = models.CharField(max_length=10, blank=True, help_text="ICD-10-CM, e.g. C50.912")
    regimen = models.CharField(max_length=100, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(default=6)
    consent = models.BooleanField(default=False, help_text="The patient consented to the hub's services.")
    first_infusion_date = models.DateField()
    calendar = models.CharField(max_length=8, choices=CALENDARS, default="hub")
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    created_at = models.DateTimeField(auto_now_add=True)

    # --- the snapshot (refreshed from the replay by services.refresh_case) -----------------
    state = models.CharField(max_length=16, choices=STATES, blank=True)
    outcome = models.CharField(max_length=12, choices=OUTCOMES, blank=True)
    next_due = models.DateTimeField(null=True, blank=True, help_text="The earliest open deadline.")
    next_due_kind = models.CharField(max_length=20, blank=True)
    overdue = models.BooleanField(default=False)
    waiting_on = models.CharField(max_length=10, choices=WaitingOn.choices, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # --- what needs doing after (or beside) the core's steps: a re-authorization, or sessions
    # the authorization does not cover (refreshed by services.attention) ---------------------
    attention_due = models.DateTimeField(null=True, blank=True)
    attention_kind = models.CharField(max_length=24, blank=True)
    attention_basis = models.CharField(max_length=300, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["first_infusion_date", "pk"]
        indexes = [
            models.Index(fields=["facility", "first_infusion_date"], name="hub_case_facility_infusion"),
            models.Index(fields=["owner", "first_infusion_date"], name="hub_case_owner_infusion"),
        ]

    def __str__(self) -> str:
        return f"hub case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state != "closed"
