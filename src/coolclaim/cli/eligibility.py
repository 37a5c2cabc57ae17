"""``coolclaim eligibility request --facility NPI --mrn MRN [--mrn ...] [--date YYYY-MM-DD] -o FILE``
writes a 270 asking the patients' payer about their coverage on the date (today by default).
``coolclaim eligibility read FILE`` reads a 271 and prints one JSON object per person:
``{"trace", "active", "deductible", "deductible_remaining", "coinsurance", "copay",
"out_of_pocket", "out_of_pocket_remaining", "rejections"}`` (money and the coinsurance rate as
decimal strings, null when the payer did not say). Exit 0 every person answered, 1 the payer
rejected some inquiries (AAA), 2 the file or the request was refused (the segment and its
position, or the reason, on stderr). Neither prints names or member ids."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from coolclaim.cli.app import app, fail
from coolclaim.cli.database import facility_by_reference, ready_database

eligibility_app = typer.Typer(help="Eligibility inquiries (270) and answers (271).", no_args_is_help=True)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def answer_json(answer: Any) -> dict[str, Any]:
    """What ``eligibility read`` prints for one person of a 271 (no names, no member id)."""
    return {
        "trace": answer.trace,
        "active": answer.active,
        "deductible": _money(answer.deductible),
        "deductible_remaining": _money(answer.deductible_remaining),
        "coinsurance": _money(answer.coinsurance),
        "copay": _money(answer.copay),
        "out_of_pocket": _money(answer.out_of_pocket),
        "out_of_pocket_remaining": _money(answer.out_of_pocket_remaining),
        "rejections": list(answer.rejections),
    }


@eligibility_app.command("read")
def read_command(file: Annotated[Path, typer.Argument(help="A 271 file.")]) -> None:
    """Read a 271: active coverage, deductible, coinsurance, copay, out-of-pocket and what remains."""
    from coolclaim.x12.errors import X12Error
    from coolclaim.x12.x12_271_005010X279A1 import read_271

    try:
        text = file.read_bytes().decode("ascii")
    except OSError as exc:
        raise fail(f"{file}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise fail(f"{file}: not X12 text (byte {exc.start})") from None
    try:
        answers = read_271(text)
    except X12Error as exc:
        raise fail(f"{file}: refused: {exc}") from None
    for answer in answers:
        print(json.dumps(answer_json(answer)))
    if any(answer.rejections for answer in answers):
        raise typer.Exit(1)


@eligibility_app.command("request")
def request_command(
    facility: Annotated[str, typer.Option("--facility", help="The facility's NPI (or id).")],
    mrn: Annotated[list[str], typer.Option("--mrn", help="A patient's MRN (repeat for several).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the 270.")],
    date: Annotated[
        str | None, typer.Option("--date", help="Date of service, YYYY-MM-DD (default: today there).")
    ] = None,
) -> None:
    """Write a 270 asking the payer about these patients' coverage."""
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise fail("--date: not a date in the form YYYY-MM-DD") from None
    ready_database()
    from coolclaim.web.billing.services.request_eligibility import EligibilityRefused, request_eligibility
    from coolclaim.web.clinic.models import Patient

    place = facility_by_reference(facility)
    if day is None:  # today at the facility
        day = dt.datetime.now(ZoneInfo(place.time_zone)).date()
    found = {p.mrn: p for p in Patient.objects.filter(facility=place, mrn__in=mrn).prefetch_related("coverages")}
    missing = [i + 1 for i, m in enumerate(mrn) if m not in found]
    if missing:
        raise fail(f"--mrn number {', '.join(map(str, missing))}: no such patient at the facility")
    try:
        result = request_eligibility(place, [found[m] for m in mrn], day)
    except EligibilityRefused as refused:
        raise fail(f"nothing written: {refused}") from None
    output.write_text(result.content, encoding="ascii")
    print(json.dumps({"written": str(output), "traces": result.traces, "skipped": [w for _p, w in result.skipped]}))


app.add_typer(eligibility_app, name="eligibility")
