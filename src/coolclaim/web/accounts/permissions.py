"""Roles → permitted actions, in one table, and the helpers views and the API call.

``require(user, action)`` raises :class:`django.core.exceptions.PermissionDenied` (a 403 in
views and the API) when the role does not allow the action; with ``facility=`` it also checks
that the facility is in the user's scope (``scoping.py``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.scoping import can_see_facility, sees_everything

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coolclaim.web.accounts.models import Facility, User


class Action(StrEnum):
    VIEW_PATIENT_DATA = "view_patient_data"  # read patients, courses, sessions, claims
    VIEW_REPORTS = "view_reports"  # aggregate figures, no change
    EDIT_PATIENT = "edit_patient"  # register patients, coverages, courses
    DOCUMENT_SESSION = "document_session"  # enter or correct a session's documentation
    CODE_SESSIONS = "code_sessions"  # run the coding engine, preview lines and edits
    REVIEW_CLAIM = "review_claim"  # accept or hold a claim
    OVERRIDE_EDIT = "override_edit"  # override a claim edit with a reason
    CORRECT_CLAIM = "correct_claim"  # open a new version of a submitted claim
    SUBMIT_CLAIM = "submit_claim"  # export / submit claims
    POST_REMITTANCE = "post_remittance"  # post 835s, attach acknowledgments
    MANAGE_FEE_SCHEDULE = "manage_fee_schedule"  # a facility's charges (page and CSV import)
    IMPORT_SESSIONS = "import_sessions"  # upload a file of sessions
    MANAGE_FACILITY_USERS = "manage_facility_users"  # users and memberships of own facilities
    MANAGE_FACILITIES = "manage_facilities"  # create and change facilities of the hub
    USE_API = "use_api"  # hold API tokens
    ENROLL_HUB_CASE = "enroll_hub_case"  # send the hub an enrollment form (starts a case)
    WORK_HUB_CASE = "work_hub_case"  # record a case's BI, PA tracking and decisions, appeal, PAP
    ADMINISTER_SYSTEM = "administer_system"  # everything, every hub


_READ = frozenset({Action.VIEW_PATIENT_DATA, Action.VIEW_REPORTS})
_NURSE = _READ | {
    Action.ENROLL_HUB_CASE,
    Action.EDIT_PATIENT,
    Action.DOCUMENT_SESSION,
    Action.CODE_SESSIONS,
    Action.USE_API,
}
_BILLING = _READ | {
    Action.ENROLL_HUB_CASE,
    Action.EDIT_PATIENT,
    Action.CODE_SESSIONS,
    Action.REVIEW_CLAIM,
    Action.OVERRIDE_EDIT,
    Action.CORRECT_CLAIM,
    Action.SUBMIT_CLAIM,
    Action.POST_REMITTANCE,
    Action.MANAGE_FEE_SCHEDULE,
    Action.USE_API,
}
_FACILITY_ADMIN = _READ | {
    Action.ENROLL_HUB_CASE,
    Action.EDIT_PATIENT,
    Action.DOCUMENT_SESSION,
    Action.CODE_SESSIONS,
    Action.IMPORT_SESSIONS,
    Action.MANAGE_FACILITY_USERS,
    Action.MANAGE_FEE_SCHEDULE,
    Action.USE_API,
}

#: The table. Scope (which facilities) is separate: see ``scoping.py``.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.NURSE: frozenset(_NURSE),
    Role.BILLING: frozenset(_BILLING),
    Role.FACILITY_ADMIN: frozenset(_FACILITY_ADMIN),
    Role.HUB_COORDINATOR: frozenset(_BILLING | _FACILITY_ADMIN | {Action.MANAGE_FACILITIES, Action.WORK_HUB_CASE}),
    Role.ANALYST: _READ,
    Role.SYSTEM_ADMIN: frozenset(Action),
}


def allowed_actions(user: User | AnonymousUser) -> frozenset[Action]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if sees_everything(user):
        return ROLE_ACTIONS[Role.SYSTEM_ADMIN]
    role = str(getattr(user, "role", ""))
    try:
        return ROLE_ACTIONS[Role(role)]
    except ValueError:
        return frozenset()


def can(user: User | AnonymousUser, action: Action | str, facility: Facility | int | None = None) -> bool:
    """True when the user's role allows ``action`` (and ``facility`` is in scope, if given)."""
    if Action(action) not in allowed_actions(user):
        return False
    if facility is None:
        return True
    facility_id = facility if isinstance(facility, int) else facility.pk
    return sees_everything(user) or can_see_facility(user, facility_id)


def require(user: User | AnonymousUser, action: Action | str, facility: Facility | int | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``can(user, action, facility)``."""
    if not can(user, action, facility):
        raise PermissionDenied(f"not allowed: {Action(action).value}")
