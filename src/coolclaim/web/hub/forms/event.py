"""A plain event (patient contacted, withdrawn) with its time and reason."""

from __future__ import annotations

from django import forms

from coolclaim.web.hub.forms.fields import WhenField, reason_field


class EventForm(forms.Form):
    type = forms.ChoiceField(
        choices=[("patient_contacted", "Patient contacted"), ("withdrawn", "Withdrawn")], widget=forms.HiddenInput
    )
    at = WhenField()
    reason = reason_field()
