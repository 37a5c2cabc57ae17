"""A chemotherapy course (treatment period) during which scalp cooling is given."""

from __future__ import annotations

from django.db import models

from coolclaim.web.accounts.scoping import FacilityScopedQuerySet
from coolclaim.web.clinic.choices import CourseStatus
from coolclaim.web.clinic.models.patient import Patient


class CourseQuerySet(FacilityScopedQuerySet["Course"]):
    facility_path = "patient__facility"


class Course(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="courses")
    reference = models.CharField(
        max_length=64,
        blank=True,
        help_text="The course's id in the sending system (the coding contract's course_id); unique per patient.",
    )
    regimen = models.CharField(max_length=100, blank=True, help_text="e.g. TC, weekly paclitaxel")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(default=6)
    status = models.CharField(max_length=12, choices=CourseStatus.choices, default=CourseStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["patient_id", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "reference"],
                condition=~models.Q(reference=""),
                name="course_unique_reference_per_patient",
            ),
        ]

    def __str__(self) -> str:
        return f"course {self.pk} of patient {self.patient_id}"
