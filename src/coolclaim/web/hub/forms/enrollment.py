"""The enrollment form a facility fills in (starts a case)."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.accounts.models import User
from coolclaim.web.clinic.models import Course, Patient
from coolclaim.web.hub.choices import CALENDARS, PAYER_TYPES
from coolclaim.web.hub.forms.fields import WhenField, date_input


class PatientChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} (MRN {obj.mrn})"


class CourseChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Course {obj.pk}: {obj.regimen or 'regimen not recorded'} from {obj.start_date:%Y-%m-%d}"


class OwnerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class EnrollmentForm(forms.Form):
    patient = PatientChoice(queryset=Patient.objects.none())
    course = CourseChoice(queryset=Course.objects.none(), required=False, help_text="The course to be cooled.")
    payer_type = forms.ChoiceField(label="Payer type", choices=PAYER_TYPES)
    payer_name = forms.CharField(label="Payer name", max_length=200, required=False)
    prescriber = forms.CharField(max_length=200, required=False, help_text="Licensed prescriber of scalp cooling.")
    diagnosis = forms.CharField(max_length=10, required=False, help_text="ICD-10-CM, e.g. C50.912")
    regimen = forms.CharField(max_length=100, required=False)
    planned_sessions = forms.IntegerField(label="Planned sessions", min_value=1, max_value=60, initial=6)
    first_infusion_date = forms.DateField(label="First infusion date", widget=date_input())
    consent = forms.BooleanField(label="The patient consents to the hub's services", required=False)
    owner = OwnerChoice(queryset=User.objects.none(), required=False, label="Coordinator")
    calendar = forms.ChoiceField(choices=CALENDARS, initial="hub", label="Business-day calendar")
    received_at = WhenField(label="Form received at", help_text="The facility's local time.")

    def __init__(self, *args: Any, patients: Any, courses: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["patient"].queryset = patients  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        course, patient = data.get("course"), data.get("patient")
        if course is not None and patient is not None and course.patient_id != patient.pk:
            self.add_error("course", "is not a course of this patient")
        return data
