"""A step of the cap-kit replacement: shipped or received."""

from __future__ import annotations

from django import forms

from coolclaim.web.hub.choices import CapKitStatus
from coolclaim.web.hub.forms.fields import WhenField


class CapKitStepForm(forms.Form):
    status = forms.ChoiceField(
        label="Step",
        choices=[(CapKitStatus.SHIPPED.value, "Shipped"), (CapKitStatus.FULFILLED.value, "Received (fulfilled)")],
    )
    at = WhenField(label="When")
    reference = forms.CharField(label="Order or tracking number", max_length=60, required=False)
