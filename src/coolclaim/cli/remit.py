"""``coolclaim remit post FILE [--dry-run] [--user NAME]``: post an 835 and print one JSON object
``{"claims_matched", "lines_paid", "lines_denied", "lines_adjusted", "paid_total",
"patient_responsibility_total", "unmatched": [{"claim_id", "line", "reason"}]}`` (money as
decimal strings). Exit 0 everything matched, 1 some payments kept for review, 2 the file was
refused whole (nothing posted; the reason on stderr). Posting a file again changes nothing
and prints the first posting's figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import ready_database, user_named

remit_app = typer.Typer(help="Post remittances (835).", no_args_is_help=True)


@remit_app.command("post")
def post_command(
    file: Annotated[Path, typer.Argument(help="An 835 file.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Match and report; post nothing.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="Post as this user (checked and audited).")] = None,
) -> None:
    """Post a remittance: all or nothing, idempotent."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise fail(f"{file}: cannot be read ({exc.strerror})") from None
    ready_database()
    from django.core.exceptions import PermissionDenied

    from coolclaim.web.billing.services.post_remittance import RemittanceRefused, post_remittance

    actor = user_named(user) if user else None
    try:
        result = post_remittance(data, file.name, actor, dry_run=dry_run)
    except RemittanceRefused as refused:
        raise fail(f"{file}: refused, nothing posted: {refused}") from None
    except PermissionDenied:
        raise fail(f"user {user!r} may not post remittances for these facilities") from None
    print(json.dumps(result.summary))
    if result.already_posted:
        print(
            f"coolclaim: {file} was already posted (remittance {result.posting.pk if result.posting else '?'});"
            " nothing changed",
            file=sys.stderr,
        )
    if result.exit_code:
        raise typer.Exit(result.exit_code)


app.add_typer(remit_app, name="remit")
