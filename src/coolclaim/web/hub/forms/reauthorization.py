"""Closing a re-authorization step: the new authorization the payer gave, or why none is needed."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.hub.choices import Rail
from coolclaim.web.hub.forms.fields import WhenField, date_input
from coolclaim.web.hub.forms.prior_authorization import PaDecisionForm


class ReauthorizationForm(forms.Form):
    closed_at = WhenField(label="Decided at")
    reference_number = forms.CharField(
        label="New authorization number",
        max_length=60,
        required=False,
        help_text="Leave empty when no new authorization is needed (say why below).",
    )
    rail = forms.ChoiceField(label="Obtained by", choices=Rail.choices, initial=Rail.PORTAL)
    valid_from = forms.DateField(label="Valid from", required=False, widget=date_input())
    valid_to = forms.DateField(label="Valid to", required=False, widget=date_input())
    authorized_sessions = forms.IntegerField(label="Authorized sessions", required=False, min_value=0, max_value=99)
    authorized_units = forms.CharField(
        label="Authorized units per code", required=False, help_text="e.g. 97007=1, 97008=6", max_length=200
    )
    reason = forms.CharField(label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    clean_authorized_units = PaDecisionForm.clean_authorized_units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "is before valid from")
        return data
