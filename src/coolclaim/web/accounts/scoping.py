"""Facility scoping: the one place that decides which facilities a user may see.

Rules:

- anonymous or inactive users see nothing;
- ``system_admin`` (and Django superusers) see every facility;
- hub roles (``hub_coordinator``, ``analyst``) see every facility of their hub, plus any
  facility they hold a membership of;
- facility roles (``nurse``, ``billing``, ``facility_admin``) see the facilities they hold a
  membership of, and nothing else.

Every model holding patient data uses :class:`FacilityScopedQuerySet` as its manager, so a
view or API endpoint starts from ``Model.objects.for_user(request.user)`` and cannot forget
the scope. The facility set is a lazy subquery: scoping adds no extra round trip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q

from coolclaim.web.accounts.choices import HUB_ROLES, Role
from coolclaim.web.accounts.models import Facility, Membership

if TYPE_CHECKING:
    from coolclaim.web.accounts.models import User

_M = TypeVar("_M", bound=models.Model)


def sees_everything(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or getattr(user, "role", None) == Role.SYSTEM_ADMIN)
    )


#: Where :func:`visible_facilities` keeps its queryset on the user object (see there).
_MEMO = "_visible_facilities_memo"


def visible_facilities(user: User | AnonymousUser) -> models.QuerySet[Facility]:
    """The facilities ``user`` may see, as a lazy queryset (usable as a subquery).

    A page scopes several querysets; the lazy queryset is built once per user object (a request
    has its own) and a fresh copy is returned each time. It holds no rows, only the rule (the
    membership subquery runs with each query), so memberships are read as they are when each
    query runs; it is rebuilt when the user's role, hub or id differ from those it was built for.
    """
    if not user.is_authenticated or not user.is_active:
        return Facility.objects.none()
    if sees_everything(user):
        return Facility.objects.all()
    hub_id = getattr(user, "hub_id", None)
    role = getattr(user, "role", None)
    key = (user.pk, role, hub_id)
    memo = user.__dict__.get(_MEMO)
    if memo is None or memo[0] != key:
        member_of = Q(pk__in=Membership.objects.filter(user_id=user.pk).values("facility_id"))
        if role in HUB_ROLES and hub_id is not None:
            memo = (key, Facility.objects.filter(Q(hub_id=hub_id) | member_of))
        else:
            memo = (key, Facility.objects.filter(member_of))
        user.__dict__[_MEMO] = memo
    return memo[1].all()  # a copy: evaluating it caches no rows in the memo


def can_see_facility(user: User | AnonymousUser, facility_id: int | None) -> bool:
    """True when ``facility_id`` is among the user's facilities (one query)."""
    if facility_id is None:
        return False
    return visible_facilities(user).filter(pk=facility_id).exists()


class FacilityScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows the path from its model to :class:`Facility`.

    Each patient-data model declares a subclass that sets ``facility_path`` — ``"facility"``
    for a model with a direct foreign key, ``"claim__facility"`` for one two steps away — and
    uses it as its manager: ``objects = PatientQuerySet.as_manager()``.
    """

    facility_path: ClassVar[str] = "facility"

    def for_user(self, user: User | AnonymousUser) -> FacilityScopedQuerySet[_M]:
        """Only rows of facilities ``user`` may see."""
        if sees_everything(user):
            return self.all()
        return self.filter(**{f"{self.facility_path}__in": visible_facilities(user)})

    def for_facility(self, facility: Facility | int) -> FacilityScopedQuerySet[_M]:
        facility_id = facility.pk if isinstance(facility, Facility) else facility
        return self.filter(**{f"{self.facility_path}_id": facility_id})
