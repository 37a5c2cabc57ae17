"""Forms of the clinic app."""

from coolclaim.web.clinic.forms.session_entry import SessionEntryForm

__all__ = ["SessionEntryForm"]
