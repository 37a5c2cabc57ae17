"""The standalone screening form for facility staff: the screening contract's fields, no patient."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from coolclaim.web.accounts.models import Facility
from coolclaim.web.hub.forms.pap import PapForm


class ScreeningForm(PapForm):
    """PapForm's fields without the decision's time and reason; the facility says "contracted"."""

    facility = forms.ModelChoiceField(
        label="Facility", queryset=Facility.objects.none(), empty_label=None, help_text="Decides the contracted model."
    )

    field_order = ["facility"]

    def __init__(self, *args: Any, facilities: QuerySet[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["decided_at"]
        del self.fields["reason"]
        facility_field = self.fields["facility"]
        assert isinstance(facility_field, forms.ModelChoiceField)
        facility_field.queryset = facilities
        self.order_fields(["facility"])
