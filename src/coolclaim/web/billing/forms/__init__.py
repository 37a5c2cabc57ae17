"""Forms of the billing app."""

from coolclaim.web.billing.forms.review import ClaimNoteForm, HoldForm, OverrideForm

__all__ = ["ClaimNoteForm", "HoldForm", "OverrideForm"]
