"""The `coolclaim` command line: one module per command group, all on one Typer app.

- ``coding``: ``code``, ``refdata``
- ``serve``: ``serve``, ``worker``
- ``imports``: ``import sessions``
- ``tokens``: ``token create|list|revoke``
- ``hub``: ``hub replay``, ``hub calendar``
- ``screen``: ``screen``
"""

from __future__ import annotations

from coolclaim.cli import coding, hub, imports, screen, serve, tokens
from coolclaim.cli.app import app

_GROUPS = (coding, serve, imports, tokens, hub, screen)


def main() -> None:
    """Entry point of the `coolclaim` script."""
    app()


__all__ = ["_GROUPS", "app", "main"]
