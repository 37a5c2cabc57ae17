"""The work queue's filter form (GET parameters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django import forms

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.choices import Severity
from coolclaim.web.queue.choices import Kind


def _edit_code_choices() -> list[tuple[str, str]]:
    from coolclaim import bootstrap

    return [("", "Any edit")] + [(code, code) for code in sorted(bootstrap.refdata().edits)]


class QueueFilterForm(forms.Form):
    facility = forms.ModelChoiceField(queryset=Facility.objects.none(), required=False, empty_label="All facilities")
    kind = forms.ChoiceField(choices=[("", "Everything"), *Kind.CHOICES], required=False, label="What")
    severity = forms.ChoiceField(
        choices=[("", "Any severity"), *Severity.choices], required=False, label="Unresolved edit severity"
    )
    edit_code = forms.ChoiceField(choices=(), required=False, label="Edit code")
    date_from = forms.DateField(required=False, label="Service from", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="Service to", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facility_field = self.fields["facility"]
        assert isinstance(facility_field, forms.ModelChoiceField)
        facility_field.queryset = facilities
        edit_field = self.fields["edit_code"]
        assert isinstance(edit_field, forms.ChoiceField)
        edit_field.choices = _edit_code_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Service to must be on or after service from.")
        return data


def filter_controls(form: QueueFilterForm, rows: Mapping[str, Sequence[Any]] | None = None) -> list[dict[str, Any]]:
    """The form's fields as plain data for the template (Django's widget templates cost ~10 ms
    a page for these selects; the page renders the same controls from this list)."""
    controls: list[dict[str, Any]] = []
    for name, field in form.fields.items():
        bound = form[name]
        raw = bound.value()
        value = "" if raw is None else str(raw)
        control: dict[str, Any] = {
            "name": name,
            "id": bound.id_for_label,
            "label": field.label or name.replace("_", " ").capitalize(),
            "errors": list(bound.errors),
            "value": value,
        }
        if isinstance(field, forms.ModelChoiceField):
            # the rows the caller read already, else in one plain query (its choices iterator
            # would open a server-side cursor)
            given = (rows or {}).get(name)
            objects = list(given if given is not None else (field.queryset if field.queryset is not None else []))
            pairs = [("", str(field.empty_label or ""))]
            pairs += [(str(o.pk), str(field.label_from_instance(o))) for o in objects]
            control["options"] = [(option_value, label, option_value == value) for option_value, label in pairs]
        elif isinstance(field, forms.ChoiceField):
            choices = cast(Iterable[tuple[Any, Any]], field.choices)
            control["options"] = [
                (str(option_value), str(option_label), str(option_value) == value)
                for option_value, option_label in choices
            ]
        else:
            control["type"] = "date"
        controls.append(control)
    return controls
