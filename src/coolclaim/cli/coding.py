"""``coolclaim code`` and ``coolclaim refdata``: the coding engine from the command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from coolclaim.cli.app import app, fail


class OutFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class InFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


def _overrides(pairs: list[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--set expects KEY=VALUE, got {pair!r}")
        result[key.strip()] = value.strip()
    return result


@app.command()
def code(
    input_path: Annotated[
        str,
        typer.Argument(metavar="INPUT", help="Sessions: .jsonl, .json, .csv, or - for standard input"),
    ],
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write here instead of standard output")] = None,
    out_format: Annotated[OutFormat, typer.Option("--format", help="jsonl (default) or csv")] = OutFormat.jsonl,
    in_format: Annotated[
        InFormat | None,
        typer.Option("--input-format", help="Override the format taken from the file name"),
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Override a rule setting (see refdata/data/settings.yaml), e.g. units_97009=midpoint",
        ),
    ] = None,
) -> None:
    """Code documented scalp-cooling sessions into claim lines with explained edits.

    Exit status: 0 every record coded (holds included), 1 some records rejected (the others
    are still written), 2 the input cannot be read at all.
    """
    from coolclaim.coding.engine import CodingEngine
    from coolclaim.coding.rule_settings import SettingError, resolve_settings
    from coolclaim.io.batch_coding import code_file
    from coolclaim.io.session_files import UnreadableInput
    from coolclaim.refdata import RefDataError, get_refdata

    try:
        refdata = get_refdata()
        engine = CodingEngine(refdata, resolve_settings(refdata, _overrides(settings or [])))
        summary = code_file(engine, input_path, output, out_format.value, in_format.value if in_format else None)
    except RefDataError as exc:
        raise fail(f"reference data invalid: {exc}") from None
    except SettingError as exc:
        raise fail(str(exc)) from None
    except UnreadableInput as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write output: {exc}") from None
    parts = ", ".join(f"{n} {status}" for status, n in sorted(summary.by_status.items()))
    print(f"coolclaim: {summary.records} sessions coded ({parts or 'none'})", file=sys.stderr)
    if summary.rejected:
        raise typer.Exit(1)


@app.command()
def refdata(
    check: Annotated[bool, typer.Option("--check", help="Validate every reference-data file and report")] = True,
) -> None:
    """Validate the reference data and print the version of each file."""
    from coolclaim.refdata import RefDataError, load
    from coolclaim.refdata.documents_data import load_document_refdata

    try:
        data = load()
        documents = load_document_refdata(refdata=data)
    except RefDataError as exc:
        raise fail(f"reference data invalid: {exc}") from None
    for name, version in sorted({**data.versions, **documents.versions}.items()):
        print(f"{name}: version {version}")
    print(
        f"{len(data.codes)} codes, {len(data.states)} states and territories, "
        f"{len(data.policies)} coverage policies, {len(data.mandates)} state laws, "
        f"{len(data.settings)} settings, {len(data.edits)} edit codes, {len(documents.devices)} devices, "
        f"{len(documents.studies)} studies, {len(documents.kinds)} document kinds: valid"
    )
