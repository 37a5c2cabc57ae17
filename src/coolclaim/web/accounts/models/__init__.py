"""Models of the accounts app."""

from coolclaim.web.accounts.models.organisation import Facility, Hub
from coolclaim.web.accounts.models.token import ApiToken
from coolclaim.web.accounts.models.user import Membership, User

__all__ = ["ApiToken", "Facility", "Hub", "Membership", "User"]
