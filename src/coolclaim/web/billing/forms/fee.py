"""Forms of the fee schedule page: one entry, and a CSV file of them."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import FeeScheduleEntry


class FacilityChoiceForm(forms.Form):
    facility: forms.ModelChoiceField[Facility] = forms.ModelChoiceField(queryset=Facility.objects.none())

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facility"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = facilities


class FeeEntryForm(forms.ModelForm[FeeScheduleEntry]):
    class Meta:
        model = FeeScheduleEntry
        fields = ["code", "charge", "payer_type", "expected_allowed", "effective_from", "effective_to"]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "effective_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if len(code) != 5 or not code.isalnum():
            raise forms.ValidationError("A five-character HCPCS/CPT code.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "The last day cannot be before the first.")
        charge = data.get("charge")
        if charge is not None and charge < 0:
            self.add_error("charge", "A charge is zero or more.")
        return data


class FeeImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with code, charge, effective_from and optional payer_type, expected_allowed, effective_to."
    )
