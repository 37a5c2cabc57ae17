"""What the commands that work on the app's database share: Django set up on the same
database as ``coolclaim serve`` (``DATABASE_URL``, else the embedded SQLite file under
``COOLCLAIM_HOME``), named on standard error so nobody wonders which one a command used, and
users and facilities looked up by name."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coolclaim.cli.app import fail

if TYPE_CHECKING:
    from coolclaim.web.accounts.models import Facility, User


def describe_database(database: Mapping[str, Any]) -> str:
    """``SQLite file /path`` or ``PostgreSQL name on host:port`` (never a password)."""
    engine = str(database.get("ENGINE", "")).rsplit(".", 1)[-1]
    if engine in ("sqlite3", "sqlite_backend"):  # Django's, or ours with busy retries
        return f"SQLite file {database.get('NAME')}"
    if engine.startswith("postgresql"):
        host = database.get("HOST") or "local socket"
        port = f":{database['PORT']}" if database.get("PORT") else ""
        return f"PostgreSQL database {database.get('NAME')} on {host}{port}"
    return f"{engine} database {database.get('NAME')}"


def name_database() -> str:
    """The description of the configured database, printed on standard error."""
    from django.conf import settings

    text = describe_database(settings.DATABASES["default"])
    print(f"coolclaim: database: {text}", file=sys.stderr)
    return text


def ready_database() -> None:
    """Django set up on serve's database, named on stderr, and migrated when migrations are pending."""
    from coolclaim.cli.serve import prepare_django

    prepare_django("127.0.0.1")
    name_database()
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
