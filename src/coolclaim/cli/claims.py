"""``coolclaim claims submit --facility NPI -o FILE [--include-ready] [--dry-run] [--user NAME]``:
write every accepted (with ``--include-ready`` also ready) unsubmitted claim of a facility into
one 837 (837P office, 837I hospital outpatient), validated with pyx12, and unless
``--dry-run`` mark them submitted in the same transaction. Exit 0 written (and submitted), 1
the file has problems (listed on stderr; a dry run still writes it, a real run writes nothing),
2 nothing to send or an error."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import facility_by_reference, ready_database, user_named

claims_app = typer.Typer(help="Send claims to payers.", no_args_is_help=True)


@claims_app.command("submit")
def submit_command(
    facility: Annotated[str, typer.Option("--facility", help="The facility's NPI or id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the 837.")],
    include_ready: Annotated[
        bool, typer.Option("--include-ready", help="Also send ready (not yet accepted) claims.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write and validate the file; change nothing.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="Submit as this user (checked and audited).")] = None,
) -> None:
    """Write a facility's claims as one 837 batch and mark them submitted."""
    ready_database()
    from coolclaim.web.accounts.permissions import Action, can
    from coolclaim.web.billing.services.submit_claims import SubmissionRefused, submit_claims

    target = facility_by_reference(facility)
    actor = user_named(user) if user else None
    if actor is not None and not can(actor, Action.SUBMIT_CLAIM, target):
        raise fail(f"user {user!r} may not submit claims for this facility")
    try:
        result = submit_claims(target, actor, include_ready=include_ready, dry_run=dry_run)
    except SubmissionRefused as refused:
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        raise fail(str(refused), 1 if refused.problems else 2) from None
    try:
        output.write_text(result.content, encoding="ascii")
    except OSError as exc:
        raise fail(f"{output}: cannot be written ({exc.strerror})") from None
    for _claim_pk, why in result.skipped:
        print(f"  not sent: {why}", file=sys.stderr)
    what = "dry run, nothing submitted" if dry_run else f"batch {result.batch.pk if result.batch else '?'} submitted"
    print(
        f"coolclaim: {result.kind} with {len(result.claims)} claim(s), interchange {result.interchange_control}"
        f" ({what}); {len(result.skipped)} not sent; {len(result.problems)} problem(s)",
        file=sys.stderr,
    )
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    if result.problems:
        raise typer.Exit(1)


app.add_typer(claims_app, name="claims")
