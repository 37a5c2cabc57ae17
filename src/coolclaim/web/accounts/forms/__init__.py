"""Forms of the accounts app."""

from coolclaim.web.accounts.forms.sign_in import SignInForm

__all__ = ["SignInForm"]
