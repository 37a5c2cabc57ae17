"""What the commands that work on the app's database share: Django set up on the same
database as ``coolclaim serve``, and users and facilities looked up by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coolclaim.cli.app import fail

if TYPE_CHECKING:
    from coolclaim.web.accounts.models import Facility, User


def ready_database() -> None:
    """Django set up and the database migrated (only when migrations are pending)."""
    from coolclaim.cli.serve import prepare_django

    prepare_django("127.0.0.1")
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def user_named(username: str) -> User:
    from coolclaim.web.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise fail(f"no user named {username!r}")
    return user


def facility_by_reference(reference: str) -> Facility:
    from coolclaim.web.accounts.models import Facility

    reference = reference.strip()
    facility = Facility.objects.filter(npi=reference).first()
    if facility is None and reference.isdigit() and len(reference) < 10:
        facility = Facility.objects.filter(pk=int(reference)).first()
    if facility is None:
        raise fail(f"no facility with NPI or id {reference!r}")
    return facility
