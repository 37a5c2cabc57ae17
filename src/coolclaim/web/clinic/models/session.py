"""A scalp-cooling session: the fields of the coding contract (session.schema.json)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from coolclaim.coding.documentation import documentation_incomplete
from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.clinic.models.course import Course
from coolclaim.web.clinic.models.coverage import Coverage
from coolclaim.web.clinic.signals import sessions_changed


def _empty_list() -> list[object]:
    return []


#: Fields derived from the session's own fields, stored so that lists can sort and filter on them.
DERIVED_FIELDS = ("service_date", "documentation_incomplete")


class SessionQuerySet(FacilityScopedQuerySet["Session"]):
    facility_path = "facility"


class Session(models.Model):
    """One session of one course. Times are aware datetimes (stored in UTC); the facility's
    time zone turns them back into wall-clock times for the coding contract.

    ``facility`` repeats ``course.patient.facility`` so that ``session_id`` is unique per
    facility and scoping needs no join; ``save()`` keeps the two equal.
    """

    # indexed by the unique constraint (or index) below, which leads with it
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="sessions", db_index=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", db_index=False)
    coverage = models.ForeignKey(
        Coverage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        help_text="Payer billed; empty means the primary coverage active that day.",
    )
    session_id = models.CharField(max_length=64, help_text="Unique per facility.")
    cap_fitting = models.BooleanField(default=False)
    cooling_start = models.DateTimeField(null=True, blank=True)
    infusion_start = models.DateTimeField(null=True, blank=True)
    infusion_end = models.DateTimeField(null=True, blank=True)
    cooling_end = models.DateTimeField(null=True, blank=True)
    chemo_admin = models.JSONField(default=_empty_list, blank=True, help_text='List of {"code": "96413", "units": 1}.')
    diagnoses = models.JSONField(default=_empty_list, blank=True, help_text="ICD-10-CM codes in claim order.")
    device_model = models.CharField(max_length=100, blank=True)
    device_serial = models.CharField(max_length=100, blank=True)
    cap_lot = models.CharField(max_length=100, blank=True)
    order_verified = models.BooleanField(default=False)
    contraindications_screened = models.BooleanField(default=False)
    tolerance_monitored = models.BooleanField(default=False)
    scalp_assessed = models.BooleanField(default=False)
    em_code = models.CharField("E/M code", max_length=5, blank=True)
    em_separately_identifiable = models.BooleanField(default=False)
    abn_obtained = models.BooleanField(
        "Advance beneficiary notice",
        null=True,
        blank=True,
        default=None,
        help_text=(
            "Traditional Medicare, diagnosis outside the coverage policy: true = the patient signed an ABN "
            "(modifier GA), false = no ABN (modifier GZ), empty = not asked (no modifier)."
        ),
    )
    # --- derived from the fields above, stored (see DERIVED_FIELDS) ---
    service_date = models.DateField(
        null=True, blank=True, editable=False, help_text="Date of service in the facility's time zone."
    )
    documentation_incomplete = models.BooleanField(default=False, editable=False)
    documented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documented_sessions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["facility_id", "cooling_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "session_id"], name="session_unique_id_per_facility"),
        ]
        indexes = [
            models.Index(fields=["course", "cooling_start"]),
        ]

    def __str__(self) -> str:
        return f"session {self.session_id} (facility {self.facility_id})"

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.diagnoses, list) or not all(isinstance(code, str) for code in self.diagnoses):
            raise ValidationError({"diagnoses": "A list of ICD-10-CM codes."})
        if not isinstance(self.chemo_admin, list) or not all(
            isinstance(item, dict) and isinstance(item.get("code"), str) for item in self.chemo_admin
        ):
            raise ValidationError({"chemo_admin": 'A list of {"code": ..., "units": ...}.'})

    def local_service_date(self, time_zone: str) -> dt.date | None:
        """The date of service: the day cooling started in the facility's time zone, else the
        course's start date."""
        if self.cooling_start is not None:
            return self.cooling_start.astimezone(ZoneInfo(time_zone)).date()
        return self.course.start_date if self.course_id is not None else None

    def is_documentation_incomplete(self) -> bool:
        """The claim's own meaning (``coolclaim.coding.documentation``, the edit
        ``DOCUMENTATION_INCOMPLETE``): order verified, contraindications screened, device serial."""
        return documentation_incomplete(self.order_verified, self.contraindications_screened, self.device_serial)

    def set_derived(self, time_zone: str) -> None:
        """Set ``service_date`` and ``documentation_incomplete`` from the session's own fields.
        Bulk paths call this before ``bulk_create``/``bulk_update`` (and then send
        :data:`~coolclaim.web.clinic.signals.sessions_changed`); ``save()`` does both."""
        self.service_date = self.local_service_date(time_zone)
        self.documentation_incomplete = self.is_documentation_incomplete()

    def save(self, *args: object, **kwargs: object) -> None:
        if self.facility_id is None and self.course_id is not None:
            self.facility_id = (
                Course.objects.filter(pk=self.course_id).values_list("patient__facility_id", flat=True).get()
            )
        if Session.facility.is_cached(self) and self.facility.pk == self.facility_id:
            time_zone = self.facility.time_zone
        else:
            time_zone = Facility.objects.filter(pk=self.facility_id).values_list("time_zone", flat=True).get()
        self.set_derived(time_zone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *DERIVED_FIELDS}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        sessions_changed.send(sender=Session, session_ids=[self.pk])
