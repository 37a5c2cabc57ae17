"""The benefits investigation form; PA required is prefilled from the core's proposal."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.accounts.choices import US_STATES
from coolclaim.web.clinic.choices import Funding, GroupSize
from coolclaim.web.hub.choices import COVERAGES, Network
from coolclaim.web.hub.forms.fields import WhenField, money, reason_field

_YES_NO = [("yes", "Yes"), ("no", "No")]


class BenefitsForm(forms.Form):
    completed_at = WhenField(label="Completed at")
    coverage = forms.ChoiceField(choices=COVERAGES, help_text="For scalp cooling.")
    coverage_active = forms.BooleanField(label="Coverage active", required=False)
    network = forms.ChoiceField(choices=Network.choices, initial=Network.UNKNOWN)
    deductible = money("Deductible")
    deductible_met = money("Deductible met")
    coinsurance_percent = forms.DecimalField(
        label="Coinsurance (%)", required=False, min_value=0, max_value=100, decimal_places=2
    )
    copay = money("Copay per session")
    oop_max = money("Out-of-pocket maximum")
    oop_met = money("Out-of-pocket met")
    pa_required = forms.TypedChoiceField(
        label="Prior authorization required", choices=_YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )
    pa_override_reason = forms.CharField(label="Reason for overriding the proposal", max_length=500, required=False)
    covered_codes = forms.CharField(label="Covered codes", max_length=200, required=False)
    plan_funding = forms.ChoiceField(
        label="Plan funding", choices=[("", "Not known"), *Funding.choices], required=False
    )
    group_size = forms.ChoiceField(label="Group size", choices=[("", "Not known"), *GroupSize.choices], required=False)
    plan_state = forms.ChoiceField(label="Plan state", choices=[(s, s) for s in sorted(US_STATES)])
    reason = reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for part, whole in (("deductible_met", "deductible"), ("oop_met", "oop_max")):
            if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
                self.add_error(part, f"is more than the {whole.replace('_', ' ')}")
        return data
