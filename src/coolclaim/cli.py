"""The `coolclaim` command line (Typer)."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="coolclaim",
    help="Code, cover and get paid for mechanical scalp cooling.",
    no_args_is_help=True,
    add_completion=False,
)


def main() -> None:
    """Entry point of the `coolclaim` script."""
    _register_web_commands()
    app()


def _register_web_commands() -> None:
    """Add the commands of the web app (serve, import, token) when it is installed."""
    from coolclaim import cli_web

    cli_web.register(app)
