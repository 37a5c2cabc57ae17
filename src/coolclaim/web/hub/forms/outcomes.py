"""Date range and facilities of the outcome figures."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.accounts.models import Facility
from coolclaim.web.columns import ModelIdsField
from coolclaim.web.hub.forms.fields import date_input


class OutcomesForm(forms.Form):
    start = forms.DateField(label="Enrolled from", widget=date_input())
    end = forms.DateField(label="Enrolled to", widget=date_input())
    facilities: forms.ModelMultipleChoiceField[Any] = ModelIdsField(
        queryset=Facility.objects.none(),
        required=False,
        help_text="None chosen: all your facilities.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilities"].queryset = facilities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "is before the start")
        return data
