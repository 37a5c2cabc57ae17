"""``coolclaim import sessions FILE --facility NPI|ID [--user USERNAME] [--background]``: import
a sessions file (CSV, JSON Lines, JSON) through the same service as the import page, with a
progress bar; exit status 0 all imported, 1 some records rejected (the others imported), 2
nothing imported. ``--background`` queues the file for the background worker and prints the
batch id. While it runs, the batch names this process (host, pid, start); before each import a
batch left running by a command-line import of this host whose process is gone is marked failed.

``coolclaim import list [--facility NPI|ID] [--limit N]``: recent batches and their state, tab
separated (a running command-line import: its host, process and age)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import facility_by_reference, ready_database, user_named

if TYPE_CHECKING:
    from coolclaim.web.accounts.models import Facility, User
    from coolclaim.web.imports.models import ImportBatch

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
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator",
            help="Who runs this import (kept on the batch); default: the operating-system user.",
        ),
    ] = None,
) -> None:
    """Import a file of sessions for one facility: transactional, idempotent by session_id."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"{file}: cannot be read ({exc.strerror})") from None
    ready_database()
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.imports.services.import_sessions import UnreadableInput, import_sessions

    target = facility_by_reference(facility)
    actor = user_named(user) if user else None
    report_dead_runs()
    ran_by = (operator or _os_user()).strip()
    if not ran_by:
        raise fail("say who runs this import: --operator NAME (no operating-system user name was found)")
    if background:
        _queue_import(data, file.name, target, actor, user, ran_by)
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
            result = import_sessions(data, file.name, target, actor, progress=progress, operator=ran_by)
        except UnreadableInput as exc:
            raise fail(str(exc)) from None
        except PermissionDenied:
            raise fail(f"user {user!r} may not import sessions for this facility") from None
    batch = result.batch
    print(
        f"coolclaim: import batch {batch.pk}: {batch.records} records, {batch.created} new, "
        f"{batch.updated} changed, {batch.unchanged} unchanged, {batch.rejected} rejected; "
        f"{batch.new_claims} new claims, {batch.new_versions} claim versions",
        file=sys.stderr,
    )
    for reject in result.plan.rejects[:20]:
        reasons = "; ".join(f"{e['field']}: {reason_only(e['message'])}" for e in reject.errors)
        print(f"  record {reject.position} ({reject.identity or 'no session_id'}): {reasons}", file=sys.stderr)
    if len(result.plan.rejects) > 20:
        print(f"  ... {len(result.plan.rejects) - 20} more rejects are kept with batch {batch.pk}", file=sys.stderr)
    if batch.rejected:
        raise typer.Exit(1)


def _os_user() -> str:
    """The operating-system user running the command ('' when none can be found)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _queue_import(
    data: bytes, filename: str, target: Facility, actor: User | None, username: str | None, operator: str
) -> None:
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.imports.models import BatchStatus
    from coolclaim.web.imports.pipeline import UnreadableInput, stage_batch
    from coolclaim.web.imports.tasks import count_records, enqueue_batch

    try:
        batch = stage_batch(data, filename, target, actor, operator=operator)
    except PermissionDenied:
        raise fail(f"user {username!r} may not import sessions for this facility") from None
    try:
        records = count_records(batch)
    except UnreadableInput as exc:
        batch.status = BatchStatus.FAILED
        batch.failure = "the file cannot be read as sessions"
        batch.save(update_fields=["status", "failure"])
        raise fail(str(exc)) from None
    enqueue_batch(batch, actor, records)
    print(
        f"coolclaim: import batch {batch.pk} queued ({records} records); a worker applies it "
        "(coolclaim worker, or the one coolclaim serve starts)",
        file=sys.stderr,
    )
    print(batch.pk)


@import_app.command("list")
def list_batches(
    facility: Annotated[str | None, typer.Option("--facility", help="Only this facility's (NPI or id).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many, newest first.")] = 20,
) -> None:
    """List recent import batches with their state (a running command-line import: where, and for how long)."""
    ready_database()
    from coolclaim.web.imports.models import ImportBatch

    report_dead_runs()
    batches = ImportBatch.objects.select_related("facility").defer("content")
    if facility is not None:
        batches = batches.filter(facility=facility_by_reference(facility))
    for batch in batches[:limit]:
        print(
            f"{batch.pk}\t{batch.facility.npi}\t{batch.created_at:%Y-%m-%d %H:%M %Z}\t{state_of(batch)}\t"
            f"{batch.records} records, {batch.created} new, {batch.updated} changed, {batch.rejected} rejected\t"
            f"{batch.filename}"
        )


def state_of(batch: ImportBatch) -> str:
    """A batch's state in one phrase; a command-line run names its host, process and age."""
    from django.utils.timesince import timesince

    from coolclaim.web.imports.models import BatchStatus

    if batch.status == BatchStatus.RUNNING and batch.runner_host and batch.running_since:
        return f"running on {batch.runner_host} (process {batch.runner_pid}) for {timesince(batch.running_since)}"
    if batch.status == BatchStatus.FAILED:
        return f"failed: {batch.failure}" if batch.failure else "failed"
    return str(batch.status)


def report_dead_runs() -> None:
    """Mark the batches of this host's command-line imports whose process is gone failed, and
    say so (a busy database only delays that to the next start)."""
    from django.db import DatabaseError

    from coolclaim.web.imports.services.command_line_runs import fail_dead_runs

    try:
        marked = fail_dead_runs()
    except DatabaseError as exc:
        print(f"coolclaim: interrupted imports not checked ({type(exc).__name__})", file=sys.stderr)
        return
    for batch in marked:
        print(f"coolclaim: import batch {batch.pk} marked failed: {batch.failure}", file=sys.stderr)


app.add_typer(import_app, name="import")


def reason_only(message: str) -> str:
    """A reject's message without the rejected value the engine quotes (``...; got 'X'``): the
    terminal shows field names and reasons only, never a record's values."""
    for marker in ("; got ", ", got "):
        message = message.split(marker, 1)[0]
    return message
