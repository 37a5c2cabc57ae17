"""The `coolclaim` command line: one module per command group, all on one Typer app.

- ``coding``: ``code``, ``refdata``
- ``serve``: ``serve``, ``worker``
- ``imports``: ``import sessions``, ``import list``
- ``tokens``: ``token create|list|revoke``
- ``claims``: ``claims submit``
- ``remit``: ``remit post``
- ``acks``: ``acks read``
- ``eligibility``: ``eligibility request``, ``eligibility read``
- ``hub``: ``hub replay``, ``hub calendar``, ``hub outcomes``
- ``screen``: ``screen``
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from coolclaim.cli.code_fast import fast_main

if TYPE_CHECKING:
    from coolclaim.cli.app import app


def main() -> None:
    """Entry point of the `coolclaim` script (a plain `coolclaim code` starts without Typer)."""
    status = fast_main(sys.argv[1:])
    if status is not None:
        raise SystemExit(status)
    try:
        _typer_app()()
    except Exception as exc:
        raise SystemExit(_database_failure(exc)) from None


def _database_failure(exc: Exception) -> int:
    """A database error's message can quote a row (a duplicate key names its MRN): print its
    type only, never its text (exit status 3); anything else is raised as it is."""
    from django.db import DatabaseError

    if not isinstance(exc, DatabaseError):
        raise exc
    print(
        f"coolclaim: the database refused the operation ({type(exc).__name__}); "
        "its details are not shown because they may hold patient data",
        file=sys.stderr,
    )
    return 3


def _load_groups() -> tuple[Any, ...]:
    from coolclaim.cli import acks, claims, coding, eligibility, hub, imports, remit, screen, serve, tokens

    return (coding, serve, imports, tokens, claims, remit, acks, eligibility, hub, screen)


def _typer_app() -> Any:
    from coolclaim.cli.app import app as typer_app

    _load_groups()
    return typer_app


class _CliPackage(types.ModuleType):
    """`coolclaim.cli.app` and `_GROUPS` are loaded on first use (Typer is slow to import).

    `app` is a property so that the submodule of the same name, once imported, does not
    replace the Typer application as the package's attribute."""

    @property
    def app(self) -> Any:
        return _typer_app()

    @app.setter
    def app(self, value: Any) -> None:  # the import system binds the submodule here: ignore it
        return None

    @property
    def _GROUPS(self) -> tuple[Any, ...]:
        return _load_groups()


sys.modules[__name__].__class__ = _CliPackage

__all__ = ["_GROUPS", "app", "main"]
