"""The user (with one role) and facility memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from coolclaim.web.accounts.choices import HUB_ROLES, Role
from coolclaim.web.accounts.models.organisation import Facility, Hub


class User(AbstractUser):
    """A person who signs in. ``role`` decides what they may do (``permissions.py``);
    ``hub`` and the memberships decide which facilities they see (``scoping.py``)."""

    role = models.CharField(max_length=24, choices=Role.choices, default=Role.NURSE)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    facilities = models.ManyToManyField(Facility, through="Membership", related_name="members", blank=True)

    @property
    def is_hub_role(self) -> bool:
        return self.role in HUB_ROLES


class Membership(models.Model):
    """A user works at a facility."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "facility"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"membership {self.pk} (user {self.user_id}, facility {self.facility_id})"
