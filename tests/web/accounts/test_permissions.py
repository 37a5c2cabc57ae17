"""The role → action table and ``require``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.permissions import ROLE_ACTIONS, Action, allowed_actions, can, require

from .. import factories as f

pytestmark = pytest.mark.django_db

EXPECTED = {
    # role: (must allow, must refuse)
    Role.NURSE: ({Action.DOCUMENT_SESSION, Action.VIEW_PATIENT_DATA},
                 {Action.REVIEW_CLAIM, Action.OVERRIDE_EDIT, Action.IMPORT_SESSIONS,
                  Action.MANAGE_FACILITY_USERS, Action.ADMINISTER_SYSTEM}),
    Role.BILLING: ({Action.REVIEW_CLAIM, Action.OVERRIDE_EDIT, Action.CORRECT_CLAIM,
                    Action.SUBMIT_CLAIM},
                   {Action.DOCUMENT_SESSION, Action.IMPORT_SESSIONS,
                    Action.MANAGE_FACILITY_USERS, Action.ADMINISTER_SYSTEM}),
    Role.FACILITY_ADMIN: ({Action.IMPORT_SESSIONS, Action.MANAGE_FACILITY_USERS},
                          {Action.OVERRIDE_EDIT, Action.MANAGE_FACILITIES,
                           Action.ADMINISTER_SYSTEM}),
    Role.HUB_COORDINATOR: ({Action.REVIEW_CLAIM, Action.IMPORT_SESSIONS,
                            Action.MANAGE_FACILITIES},
                           {Action.ADMINISTER_SYSTEM}),
    Role.ANALYST: ({Action.VIEW_PATIENT_DATA, Action.VIEW_REPORTS},
                   set(Action) - {Action.VIEW_PATIENT_DATA, Action.VIEW_REPORTS}),
    Role.SYSTEM_ADMIN: (set(Action), set()),
}  # fmt: skip


def test_every_role_has_a_row() -> None:
    assert set(ROLE_ACTIONS) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_table(role: Role) -> None:
    allowed, refused = EXPECTED[role]
    user = f.user(role)
    assert allowed <= allowed_actions(user)
    assert not (refused & allowed_actions(user))
    for action in refused:
        with pytest.raises(PermissionDenied):
            require(user, action)
    for action in allowed:
        require(user, action)


def test_analyst_is_read_only() -> None:
    assert ROLE_ACTIONS[Role.ANALYST] == {Action.VIEW_PATIENT_DATA, Action.VIEW_REPORTS}


def test_require_with_facility_checks_scope() -> None:
    hub = f.hub()
    mine, theirs = f.facility(hub), f.facility(hub)
    billing = f.user(Role.BILLING, mine)
    require(billing, Action.REVIEW_CLAIM, facility=mine)
    with pytest.raises(PermissionDenied):
        require(billing, Action.REVIEW_CLAIM, facility=theirs)
    with pytest.raises(PermissionDenied):
        require(billing, Action.REVIEW_CLAIM, facility=theirs.pk)
    assert can(f.user(Role.HUB_COORDINATOR, hub_=hub), "review_claim", theirs)


def test_anonymous_and_inactive_may_do_nothing() -> None:
    assert allowed_actions(AnonymousUser()) == frozenset()
    user = f.user(Role.SYSTEM_ADMIN)
    user.is_active = False
    assert allowed_actions(user) == frozenset()
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), Action.VIEW_PATIENT_DATA)


@pytest.mark.django_db
def test_a_refusal_names_the_action() -> None:
    nurse = f.user(Role.NURSE, f.facility(f.hub()))
    with pytest.raises(PermissionDenied, match=r"^not allowed: submit_claim$"):
        require(nurse, Action.SUBMIT_CLAIM)
    with pytest.raises(PermissionDenied, match=r"^not allowed: post_remittance$"):
        require(nurse, "post_remittance")
