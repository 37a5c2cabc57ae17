"""PA tracking: the submission the provider made, and the payer's decision."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.hub.choices import DENIAL_REASONS, PaDecision, Rail
from coolclaim.web.hub.forms.fields import WhenField, date_input, reason_field


class PaSubmissionForm(forms.Form):
    submitted_at = WhenField(label="Submitted at")
    rail = forms.ChoiceField(label="Submitted by", choices=Rail.choices)
    reference_number = forms.CharField(label="Reference number", max_length=60, required=False)
    expedited = forms.BooleanField(label="Expedited request", required=False)
    reason = reason_field()


class PaDecisionForm(forms.Form):
    decided_at = WhenField(label="Decided at")
    decision = forms.ChoiceField(choices=PaDecision.choices, widget=forms.RadioSelect)
    denial_reasons = forms.MultipleChoiceField(
        label="Denial reasons", choices=DENIAL_REASONS, required=False, widget=forms.CheckboxSelectMultiple
    )
    appeal_available = forms.BooleanField(label="An appeal is available", required=False, initial=True)
    reference_number = forms.CharField(label="Authorization number", max_length=60, required=False)
    valid_from = forms.DateField(label="Valid from", required=False, widget=date_input())
    valid_to = forms.DateField(label="Valid to", required=False, widget=date_input())
    authorized_sessions = forms.IntegerField(label="Authorized sessions", required=False, min_value=0, max_value=99)
    authorized_units = forms.CharField(
        label="Authorized units per code",
        required=False,
        help_text="e.g. 0662T=1, 0663T=6",
        max_length=200,
    )
    reason = reason_field()

    def clean_authorized_units(self) -> dict[str, int]:
        text = self.cleaned_data.get("authorized_units") or ""
        units: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            code, sep, number = part.partition("=")
            if not sep or not code.strip() or not number.strip().isdigit():
                raise forms.ValidationError(f"{part!r} is not CODE=UNITS")
            units[code.strip().upper()] = int(number)
        return units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == PaDecision.DENIED and not data.get("denial_reasons"):
            self.add_error("denial_reasons", "a denial needs at least one reason code")
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "is before valid from")
        return data
