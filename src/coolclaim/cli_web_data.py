"""Data commands of the web app: ``coolclaim import sessions`` and ``coolclaim token ...``.

``coolclaim import sessions FILE --facility NPI|ID [--user USERNAME]``: import a sessions file
(CSV, JSON Lines, JSON) through the same service as the import page, with a progress bar;
exit status 0 all imported, 1 some records rejected (the others imported), 2 nothing imported.
``--background`` queues the file for the background worker instead and prints the batch id.

``coolclaim token create USERNAME [--name NAME]`` prints a new API token once;
``coolclaim token revoke TOKEN_ID`` or ``--user USERNAME`` (every token of that user);
``coolclaim token list USERNAME``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from coolclaim.web.accounts.models import Facility, User


def _fail(message: str, status: int = 2) -> typer.Exit:
    print(f"coolclaim: {message}", file=sys.stderr)
    return typer.Exit(status)


def _ready_database() -> None:
    """Django set up and the database migrated (only when migrations are pending)."""
    from coolclaim.cli_web import _prepare_django

    _prepare_django("127.0.0.1")
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def _user(username: str) -> User:
    from coolclaim.web.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise _fail(f"no user named {username!r}")
    return user


def _facility(reference: str) -> Facility:
    from coolclaim.web.accounts.models import Facility

    reference = reference.strip()
    facility = Facility.objects.filter(npi=reference).first()
    if facility is None and reference.isdigit() and len(reference) < 10:
        facility = Facility.objects.filter(pk=int(reference)).first()
    if facility is None:
        raise _fail(f"no facility with NPI or id {reference!r}")
    return facility


# --- import --------------------------------------------------------------------------------
import_app = typer.Typer(help="Import data into the app.", no_args_is_help=True)


@import_app.command("sessions")
def import_sessions_command(
    file: Annotated[Path, typer.Argument(help="Sessions: .csv, .jsonl or .json (the coding contract's shape)")],
    facility: Annotated[str, typer.Option("--facility", help="The facility's NPI or id.")],
    user: Annotated[
        str | None,
        typer.Option("--user", help="Import as this user (checked for the import permission; audited)."),
    ] = None,
    background: Annotated[
        bool,
        typer.Option("--background", help="Queue it for the background worker and print the batch id (stdout)."),
    ] = False,
) -> None:
    """Import a file of sessions for one facility: transactional, idempotent by session_id."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(f"{file}: cannot be read ({exc.strerror})") from None
    _ready_database()
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.imports.service import UnreadableInput, import_sessions

    target = _facility(facility)
    actor = _user(user) if user else None
    if background:
        _queue_import(data, file.name, target, actor, user)
        return
    labels = {"validate": "Validating", "code": "Importing and coding"}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        try:
            result = import_sessions(data, file.name, target, actor, progress=progress)
        except UnreadableInput as exc:
            raise _fail(str(exc)) from None
        except PermissionDenied:
            raise _fail(f"user {user!r} may not import sessions for this facility") from None
    batch = result.batch
    print(
        f"coolclaim: import batch {batch.pk}: {batch.records} records, {batch.created} new, "
        f"{batch.updated} changed, {batch.unchanged} unchanged, {batch.rejected} rejected; "
        f"{batch.new_claims} new claims, {batch.new_versions} claim versions",
        file=sys.stderr,
    )
    for reject in result.plan.rejects[:20]:
        reasons = "; ".join(f"{e['field']}: {e['message']}" for e in reject.errors)
        print(f"  record {reject.position} ({reject.session_id or 'no session_id'}): {reasons}", file=sys.stderr)
    if len(result.plan.rejects) > 20:
        print(f"  ... {len(result.plan.rejects) - 20} more rejects are kept with batch {batch.pk}", file=sys.stderr)
    if batch.rejected:
        raise typer.Exit(1)


def _queue_import(data: bytes, filename: str, target: Facility, actor: User | None, username: str | None) -> None:
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.imports.models import BatchStatus
    from coolclaim.web.imports.service import UnreadableInput, stage_batch
    from coolclaim.web.imports.tasks import count_records, enqueue_batch

    try:
        batch = stage_batch(data, filename, target, actor)
    except PermissionDenied:
        raise _fail(f"user {username!r} may not import sessions for this facility") from None
    try:
        records = count_records(batch)
    except UnreadableInput as exc:
        batch.status = BatchStatus.FAILED
        batch.failure = "the file cannot be read as sessions"
        batch.save(update_fields=["status", "failure"])
        raise _fail(str(exc)) from None
    enqueue_batch(batch, actor, records)
    print(
        f"coolclaim: import batch {batch.pk} queued ({records} records); a worker applies it "
        "(coolclaim worker, or the one coolclaim serve starts)",
        file=sys.stderr,
    )
    print(batch.pk)


# --- tokens --------------------------------------------------------------------------------
token_app = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
) -> None:
    """Make an API token for USERNAME and print it (it is shown this once only)."""
    _ready_database()
    from coolclaim.web.accounts.models import ApiToken
    from coolclaim.web.accounts.permissions import Action, can

    user = _user(username)
    if not user.is_active:
        raise _fail(f"user {username!r} is not active")
    if not can(user, Action.USE_API):
        raise _fail(f"the role of {username!r} may not use the API")
    token, raw = ApiToken.issue(user, name[:100])
    print(f"coolclaim: token {token.pk} for {username} (shown once; keep it secret):", file=sys.stderr)
    print(raw)


@token_app.command("list")
def token_list(username: Annotated[str, typer.Argument(help="Whose tokens.")]) -> None:
    """List USERNAME's tokens (id, name, prefix, created, last used, revoked)."""
    _ready_database()
    from coolclaim.web.accounts.models import ApiToken

    user = _user(username)
    tokens = list(ApiToken.objects.filter(user=user).order_by("pk"))
    if not tokens:
        print(f"coolclaim: {username} has no tokens", file=sys.stderr)
        return
    print("id\tname\tprefix\tcreated\tlast_used\trevoked")
    for t in tokens:
        print(
            "\t".join(
                (
                    str(t.pk),
                    t.name or "-",
                    f"{t.prefix}…",
                    t.created_at.isoformat(timespec="seconds"),
                    t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "-",
                    t.revoked_at.isoformat(timespec="seconds") if t.revoked_at else "-",
                )
            )
        )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int | None, typer.Argument(help="Id of the token (see token list).")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Revoke every token of this user.")] = None,
) -> None:
    """Revoke one token by id, or every token of a user (refused from the next request on)."""
    if (token_id is None) == (user is None):
        raise _fail("give a TOKEN_ID or --user USERNAME (one of them)")
    _ready_database()
    from coolclaim.web.accounts.models import ApiToken

    if token_id is not None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise _fail(f"no token with id {token_id}")
        tokens = [token]
    else:
        assert user is not None
        tokens = list(ApiToken.objects.filter(user=_user(user), revoked_at__isnull=True))
    revoked = 0
    for token in tokens:
        if token.revoked_at is None:
            token.revoke()
            revoked += 1
    print(f"coolclaim: {revoked} token(s) revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
    app.add_typer(token_app, name="token")
