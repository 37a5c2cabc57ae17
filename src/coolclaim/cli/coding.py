"""``coolclaim code`` and ``coolclaim refdata``: the coding engine from the command line."""

from __future__ import annotations

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
    from coolclaim.cli.code_fast import run_code

    status = run_code(input_path, output, out_format.value, in_format.value if in_format else None, settings or [])
    if status:
        raise typer.Exit(status)


refdata_app = typer.Typer(
    name="refdata",
    help="Validate the reference data (the default) or add an ICD-10-CM year.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(refdata_app, name="refdata")


@refdata_app.callback()
def refdata(ctx: typer.Context) -> None:
    """Validate every reference-data file and print the version of each (the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from coolclaim.refdata import RefDataError, load

    try:
        data = load()
    except RefDataError as exc:
        raise fail(f"reference data invalid: {exc}") from None
    for name, version in sorted(data.versions.items()):
        print(f"{name}: version {version}")
    years = ", ".join(f"FY{year}" for year in sorted(data.icd10cm_years))
    print(
        f"{len(data.codes)} codes, {len(data.states)} states and territories, "
        f"{len(data.policies)} coverage policies, {len(data.mandates)} state laws, "
        f"{len(data.settings)} settings, {len(data.edits)} edit codes, ICD-10-CM {years}: valid"
    )


@refdata_app.command("load-icd10cm")
def load_icd10cm(
    source: Annotated[str, typer.Argument(metavar="FILE", help="CMS icd10cm-order-YYYY.txt or icd10cm-codes-YYYY.txt")],
    fiscal_year: Annotated[int, typer.Option("--fiscal-year", help="The fiscal year of the file (FY2025 = 2025)")],
    output: Annotated[
        str | None, typer.Option("--output", help="Directory to write into (default: the packaged refdata/data)")
    ] = None,
    cited: Annotated[
        str | None, typer.Option("--source", help="The document to cite (default: CMS ICD-10-CM FYnnnn, FILE)")
    ] = None,
) -> None:
    """Add one fiscal year's ICD-10-CM code set from a CMS code file."""
    from pathlib import Path

    from coolclaim.refdata import RefDataError
    from coolclaim.refdata.builders import icd10cm
    from coolclaim.refdata.loader import package_dir

    if not 2016 <= fiscal_year <= 2100:
        raise fail(f"--fiscal-year must be a year such as 2025, got {fiscal_year}")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{source}: cannot be read ({exc})") from None
    try:
        rows = icd10cm.parse_cms(text, path.name)
    except RefDataError as exc:
        raise fail(str(exc)) from None
    target_dir = Path(output) if output else package_dir() / "data"
    target = target_dir / icd10cm.file_name(fiscal_year)
    citation = cited or f"CMS ICD-10-CM FY{fiscal_year} code descriptions ({path.name})"
    try:
        target.write_bytes(icd10cm.render(rows, fiscal_year, citation))
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc}") from None
    billable = sum(1 for _, flag, _ in rows if flag)
    print(f"wrote {target}: FY{fiscal_year}, {len(rows):,} codes ({billable:,} billable)")
