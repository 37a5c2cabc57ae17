"""Filters and sort of the coordinators' case queue."""

from __future__ import annotations

from django import forms

from coolclaim.web.hub.choices import STATES, WaitingOn

SORTS = [
    ("first_infusion", "First infusion (soonest)"),
    ("due", "Next due (soonest)"),
    ("state", "State"),
    ("-enrolled", "Newest first"),
]


class CaseFilterForm(forms.Form):
    owner = forms.ChoiceField(
        choices=[("mine", "My cases"), ("all", "Everyone's"), ("none", "Unassigned")], required=False
    )
    state = forms.ChoiceField(choices=[("", "Open cases"), *STATES, ("any", "Any state")], required=False)
    waiting_on = forms.ChoiceField(
        label="Waiting on", choices=[("", "Anyone"), *[c for c in WaitingOn.choices if c[0]]], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    sort = forms.ChoiceField(choices=SORTS, required=False)
