"""The one appeal: filing it, and the payer's decision."""

from __future__ import annotations

from django import forms

from coolclaim.web.hub.choices import AppealDecision
from coolclaim.web.hub.forms.fields import WhenField, reason_field


class AppealFilingForm(forms.Form):
    filed_at = WhenField(label="Filed at")
    grounds = forms.CharField(label="Grounds", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = reason_field()


class AppealDecisionForm(forms.Form):
    decided_at = WhenField(label="Decided at")
    decision = forms.ChoiceField(choices=AppealDecision.choices, widget=forms.RadioSelect)
    reason = reason_field()
