"""The `coolclaim` command line: one module per command group, all on one Typer app.

- ``coding``: ``code``, ``refdata``
- ``serve``: ``serve``, ``worker``
- ``imports``: ``import sessions``
- ``tokens``: ``token create|list|revoke``
- ``hub``: ``hub replay``, ``hub calendar``, ``hub outcomes``
- ``screen``: ``screen``
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from coolclaim.cli.code_fast import fast_main

if TYPE_CHECKING:
    from coolclaim.cli.app import app


def main() -> None:
    """Entry point of the `coolclaim` script (a plain `coolclaim code` starts without Typer)."""
    status = fast_main(sys.argv[1:])
    if status is not None:
        raise SystemExit(status)
    from coolclaim.cli.app import app

    _load_groups()
    app()


def _load_groups() -> tuple[Any, ...]:
    from coolclaim.cli import coding, hub, imports, screen, serve, tokens

    return (coding, serve, imports, tokens, hub, screen)


def __getattr__(name: str) -> Any:
    if name == "app":
        from coolclaim.cli.app import app

        _load_groups()
        return app
    if name == "_GROUPS":
        return _load_groups()
    raise AttributeError(f"module 'coolclaim.cli' has no attribute {name!r}")


__all__ = ["_GROUPS", "app", "main"]
