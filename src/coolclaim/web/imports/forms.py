"""The upload form of the import page."""

from __future__ import annotations

from typing import Any

from django import forms

from coolclaim.web.accounts.models import Facility
from coolclaim.web.accounts.scoping import visible_facilities


class UploadForm(forms.Form):
    facility = forms.ModelChoiceField(queryset=Facility.objects.none(), empty_label=None)
    file = forms.FileField(
        label="Sessions file",
        help_text="CSV with a header row, JSON Lines (.jsonl) or a JSON array (.json), as in the coding contract.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.jsonl,.ndjson,.json"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facility"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_facilities(user).order_by("name")
