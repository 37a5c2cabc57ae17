"""``coolclaim token create USERNAME [--name NAME]`` prints a new API token once;
``coolclaim token revoke TOKEN_ID`` or ``--user USERNAME`` (every token of that user);
``coolclaim token list USERNAME``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import ready_database, user_named

token_app = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
) -> None:
    """Make an API token for USERNAME and print it (it is shown this once only)."""
    ready_database()
    from coolclaim.web.accounts.models import ApiToken
    from coolclaim.web.accounts.permissions import Action, can

    user = user_named(username)
    if not user.is_active:
        raise fail(f"user {username!r} is not active")
    if not can(user, Action.USE_API):
        raise fail(f"the role of {username!r} may not use the API")
    token, raw = ApiToken.issue(user, name[:100])
    print(f"coolclaim: token {token.pk} for {username} (shown once; keep it secret):", file=sys.stderr)
    print(raw)


@token_app.command("list")
def token_list(username: Annotated[str, typer.Argument(help="Whose tokens.")]) -> None:
    """List USERNAME's tokens (id, name, prefix, created, last used, revoked)."""
    ready_database()
    from coolclaim.web.accounts.models import ApiToken

    user = user_named(username)
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
        raise fail("give a TOKEN_ID or --user USERNAME (one of them)")
    ready_database()
    from coolclaim.web.accounts.models import ApiToken

    if token_id is not None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise fail(f"no token with id {token_id}")
        tokens = [token]
    else:
        assert user is not None
        tokens = list(ApiToken.objects.filter(user=user_named(user), revoked_at__isnull=True))
    revoked = 0
    for token in tokens:
        if token.revoked_at is None:
            token.revoke()
            revoked += 1
    print(f"coolclaim: {revoked} token(s) revoked")


app.add_typer(token_app, name="token")
