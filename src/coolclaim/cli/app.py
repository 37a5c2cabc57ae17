"""The `coolclaim` Typer application and what every command group shares."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="coolclaim",
    help="Code, cover and get paid for mechanical scalp cooling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, status: int = 2) -> typer.Exit:
    """Print a one-line reason on standard error and return the exit to raise."""
    print(f"coolclaim: {message}", file=sys.stderr)
    return typer.Exit(status)
