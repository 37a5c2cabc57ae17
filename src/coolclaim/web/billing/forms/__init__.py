"""Forms of the billing app."""

from coolclaim.web.billing.forms.review import HoldForm, OverrideForm

__all__ = ["HoldForm", "OverrideForm"]
