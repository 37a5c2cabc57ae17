"""``coolclaim acks read FILE [--user NAME]``: attach a 999 or 277CA to the batch and claims it
answers; one line per group or claim on stdout. Exit 0 all accepted, 1 something rejected
(those claims are back in the work queue), 2 the file was refused (nothing attached)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import ready_database, user_named

acks_app = typer.Typer(help="Read acknowledgments (999, 277CA).", no_args_is_help=True)


@acks_app.command("read")
def read_command(
    file: Annotated[Path, typer.Argument(help="A 999 or 277CA file.")],
    user: Annotated[str | None, typer.Option("--user", help="Attach as this user (checked and audited).")] = None,
) -> None:
    """Attach an acknowledgment to what it answers."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"{file}: cannot be read ({exc.strerror})") from None
    ready_database()
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.billing.services.attach_acknowledgment import AcknowledgmentRefused, attach_acknowledgment

    try:
        result = attach_acknowledgment(data, user_named(user) if user else None)
    except AcknowledgmentRefused as refused:
        raise fail(f"{file}: refused, nothing attached: {refused}") from None
    except PermissionDenied:
        raise fail(f"user {user!r} may not attach acknowledgments for these facilities") from None
    for line in result.lines:
        print(line)
    if result.rejected_claims or any("rejected" in line for line in result.lines):
        raise typer.Exit(1)


app.add_typer(acks_app, name="acks")
