"""``coolclaim screen``: patient-assistance screening from the command line (contracts/screening.md)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail


def _overrides(pairs: list[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--set expects KEY=VALUE, got {pair!r}")
        result[key.strip()] = value.strip()
    return result


@app.command("screen")
def screen_command(
    input_path: Annotated[
        str,
        typer.Argument(metavar="FILE", help="One JSON object or JSON Lines, one application a line; - for stdin"),
    ],
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Override a screening setting, e.g. hairtostay_income_limit_percent=300, "
            "fpl_table_territories=contiguous, fpl_switch_when_effective_date_unknown=january_1",
        ),
    ] = None,
) -> None:
    """Screen applications for patient assistance: the manufacturer PAP and HairToStay, every reason shown.

    Writes one JSON line per application, in input order. Exit status: 0 every application
    screened; 1 some applications invalid (their line is {"line", "errors": [{"field", "message"}]},
    the others are still screened); 2 the input cannot be read at all.
    """
    from coolclaim import bootstrap
    from coolclaim.assistance import SettingError
    from coolclaim.io.screening_files import screen_bytes
    from coolclaim.io.session_files import UnreadableInput, read_bytes
    from coolclaim.refdata import RefDataError

    try:
        reference = bootstrap.screening_reference(_overrides(settings or []))
        data = read_bytes(input_path)
        summary = screen_bytes(data, reference, sys.stdout.buffer, name=input_path)
        sys.stdout.flush()
    except RefDataError as exc:
        raise fail(f"reference data invalid: {exc}") from None
    except SettingError as exc:
        raise fail(str(exc)) from None
    except UnreadableInput as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write output: {exc}") from None
    print(
        f"coolclaim: {summary.records} applications screened ({summary.eligible} eligible for a program, "
        f"{summary.invalid} invalid)",
        file=sys.stderr,
    )
    if summary.invalid:
        print(f"coolclaim: first invalid application: {summary.first_invalid}", file=sys.stderr)
        raise typer.Exit(1)
