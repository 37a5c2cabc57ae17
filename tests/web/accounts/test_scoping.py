"""Facility scoping: nobody sees another facility's patient data through ``for_user``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import models

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.scoping import can_see_facility, visible_facilities
from coolclaim.web.billing.choices import CodedStatus
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine, ClaimVersion
from coolclaim.web.clinic.models import Course, Coverage, Patient, Session

from .. import factories as f

pytestmark = pytest.mark.django_db

SCOPED_MODELS: list[type[models.Model]] = [
    Patient,
    Coverage,
    Course,
    Session,
    Claim,
    ClaimVersion,
    ClaimLine,
    ClaimEdit,
]


def _with_claim(data: dict[str, Any]) -> dict[str, Any]:
    claim = Claim.objects.create(facility=data["facility"], patient=data["patient"], session=data["session"])
    version = ClaimVersion.objects.create(claim=claim, number=1, coded_status=CodedStatus.READY)
    ClaimLine.objects.create(version=version, position=1, code="97007")
    ClaimEdit.objects.create(
        version=version,
        position=1,
        code="COVERAGE_UNKNOWN",
        severity="info",
        message="m",
        source="s",
    )
    return data


@pytest.fixture
def world() -> dict[str, Any]:
    a = _with_claim(f.clinic("OH"))
    hub = a["hub"]
    b_facility = f.facility(hub, state="GA")
    b = {"hub": hub, "facility": b_facility}
    b["patient"] = f.patient(b_facility)
    b["coverage"] = f.coverage(b["patient"])
    b["course"] = f.course(b["patient"])
    b["session"] = f.session(b["course"])
    _with_claim(b)
    other = _with_claim(f.clinic("PA"))  # another hub
    return {"a": a, "b": b, "other": other}


def _facility_ids(model: Any, user: Any) -> set[int]:
    path = model.objects.for_user(user).facility_path
    return set(model.objects.for_user(user).values_list(f"{path}_id", flat=True))


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [Role.NURSE, Role.BILLING, Role.FACILITY_ADMIN])
def test_facility_roles_see_only_their_facilities(world: dict[str, Any], model: Any, role: str) -> None:
    a = world["a"]
    user = f.user(role, a["facility"], hub_=a["hub"])
    assert _facility_ids(model, user) == {a["facility"].pk}
    assert model.objects.for_user(user).count() == 1


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_foreign_object_is_not_found_by_id(world: dict[str, Any], model: Any) -> None:
    """The IDOR pattern later views use: ``for_user(...).filter(pk=...)`` finds nothing."""
    user = f.user(Role.BILLING, world["a"]["facility"])
    foreign = model.objects.for_user(f.user(Role.SYSTEM_ADMIN)).exclude(pk__in=model.objects.for_user(user))
    assert foreign.exists()
    for obj in foreign:
        assert not model.objects.for_user(user).filter(pk=obj.pk).exists()


@pytest.mark.parametrize("role", [Role.HUB_COORDINATOR, Role.ANALYST])
def test_hub_roles_see_every_facility_of_their_hub(world: dict[str, Any], role: str) -> None:
    a, b, other = world["a"], world["b"], world["other"]
    user = f.user(role, hub_=a["hub"])
    expected = {a["facility"].pk, b["facility"].pk}
    assert set(visible_facilities(user).values_list("pk", flat=True)) == expected
    for model in SCOPED_MODELS:
        assert _facility_ids(model, user) == expected
    assert not can_see_facility(user, other["facility"].pk)


def test_system_admin_sees_everything(world: dict[str, Any]) -> None:
    user = f.user(Role.SYSTEM_ADMIN)
    assert Patient.objects.for_user(user).count() == Patient.objects.count() == 3


def test_multiple_memberships_and_nobody(world: dict[str, Any]) -> None:
    a, b = world["a"], world["b"]
    both = f.user(Role.NURSE, a["facility"], b["facility"])
    assert _facility_ids(Session, both) == {a["facility"].pk, b["facility"].pk}
    lonely = f.user(Role.NURSE)
    assert not Session.objects.for_user(lonely).exists()
    assert not Session.objects.for_user(AnonymousUser()).exists()
    inactive = f.user(Role.NURSE, a["facility"])
    inactive.is_active = False
    inactive.save()
    assert not Patient.objects.for_user(inactive).exists()


def test_hub_role_without_hub_sees_only_memberships(world: dict[str, Any]) -> None:
    user = f.user(Role.HUB_COORDINATOR, world["b"]["facility"])
    assert _facility_ids(Patient, user) == {world["b"]["facility"].pk}


def test_scoping_is_one_query(world: dict[str, Any], django_assert_num_queries: Any) -> None:
    user = f.user(Role.HUB_COORDINATOR, hub_=world["a"]["hub"])
    with django_assert_num_queries(1):
        list(ClaimEdit.objects.for_user(user))


def test_no_facility_is_never_visible(world: dict[str, Any]) -> None:
    admin = f.user(Role.SYSTEM_ADMIN)
    nurse = f.user(Role.NURSE, world["a"]["facility"])
    assert can_see_facility(admin, None) is False
    assert can_see_facility(nurse, None) is False
    assert can_see_facility(nurse, world["a"]["facility"].pk) is True
    assert can_see_facility(nurse, world["b"]["facility"].pk) is False


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_for_facility_takes_the_facility_or_its_id(world: dict[str, Any], model: Any) -> None:
    facility = world["b"]["facility"]
    path = model.objects.all().facility_path
    by_object = set(model.objects.for_facility(facility).values_list(f"{path}_id", flat=True))
    by_id = set(model.objects.for_facility(facility.pk).values_list(f"{path}_id", flat=True))
    assert by_object == by_id == {facility.pk}


def test_the_facility_rule_is_kept_per_user_object_but_read_afresh(world: dict[str, Any]) -> None:
    """visible_facilities builds its queryset once per user object: each query still reads the
    memberships as they are, a copy is returned (evaluating it keeps no rows), and a change of
    role or hub is followed."""
    from coolclaim.web.accounts.models import Membership

    a, b = world["a"], world["b"]
    user = f.user(Role.NURSE, a["facility"])
    first = visible_facilities(user)
    assert set(first.values_list("pk", flat=True)) == {a["facility"].pk}
    assert list(first) == [a["facility"]]  # evaluated: the next call must not see its rows
    Membership.objects.create(user=user, facility=b["facility"])
    assert set(visible_facilities(user).values_list("pk", flat=True)) == {a["facility"].pk, b["facility"].pk}
    assert {x.pk for x in visible_facilities(user)} == {a["facility"].pk, b["facility"].pk}
    Membership.objects.filter(user=user, facility=b["facility"]).delete()
    assert _facility_ids(Patient, user) == {a["facility"].pk}
    user.role = Role.HUB_COORDINATOR
    user.hub = a["hub"]
    assert _facility_ids(Patient, user) == {a["facility"].pk, b["facility"].pk}
    user.is_active = False
    assert not visible_facilities(user).exists()
