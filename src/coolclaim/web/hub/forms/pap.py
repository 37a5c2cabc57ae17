"""The PAP screening form (the screening contract's fields), prefilled from the case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from coolclaim.assistance import INSURANCE, PA_STATUSES
from coolclaim.web.accounts.choices import US_STATES
from coolclaim.web.hub.forms.fields import WhenField, date_input, reason_field


class PapForm(forms.Form):
    decided_at = WhenField(label="Decided at")
    application_date = forms.DateField(label="Application date", widget=date_input())
    state = forms.ChoiceField(label="State of residence", choices=[(s, s) for s in sorted(US_STATES)])
    us_physical_address = forms.BooleanField(label="Physical US address", required=False)
    household_size = forms.IntegerField(label="Household size", min_value=1, max_value=50)
    household_income = forms.DecimalField(
        label="Household income (USD a year)", min_value=Decimal("0"), decimal_places=2
    )
    product_cost = forms.DecimalField(
        label="Patient's cost of the cap kit and treatments (USD)", min_value=Decimal("0"), decimal_places=2
    )
    insurance = forms.ChoiceField(choices=[(v, v.replace("_", " ")) for v in INSURANCE])
    pa_status = forms.ChoiceField(
        label="PA status", choices=[("", "none"), *((v, v.replace("_", " ")) for v in PA_STATUSES)], required=False
    )
    on_label_diagnosis = forms.BooleanField(label="On-label diagnosis (solid tumour)", required=False)
    prescription = forms.BooleanField(label="Valid prescription", required=False)
    reason = reason_field()

    @staticmethod
    def application(d: dict[str, Any], facility_contracted: bool) -> dict[str, Any]:
        """The screening contract's object from the form's cleaned data."""
        return {
            "application_date": d["application_date"].isoformat(),
            "state": d["state"],
            "us_physical_address": d["us_physical_address"],
            "household_size": d["household_size"],
            "household_income": f"{d['household_income']:f}",
            "product_cost": f"{d['product_cost']:f}",
            "insurance": d["insurance"],
            "pa_status": d["pa_status"] or None,
            "on_label_diagnosis": d["on_label_diagnosis"],
            "prescription": d["prescription"],
            "facility_contracted": facility_contracted,
        }
