"""``coolclaim hub replay|calendar``: the hub's case core and calendars from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coolclaim.cli.app import app, fail

if TYPE_CHECKING:
    from coolclaim.hub import CaseResult, HubReference

hub_app = typer.Typer(
    help="The reimbursement hub: replay cases from their events, show the calendars, outcome figures.",
    no_args_is_help=True,
)
app.add_typer(hub_app, name="hub")


class CalendarChoice(StrEnum):
    hub = "hub"
    federal = "federal"


def _reference() -> HubReference:
    """The hub's reference data, from the process-wide provider."""
    from coolclaim import bootstrap

    return bootstrap.hub_reference()


def _read_text(path: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"{path} is not UTF-8 text (byte {exc.start})") from None


def _unreadable_case(message: str) -> CaseResult:
    from coolclaim.hub import CaseError, CaseResult
    from coolclaim.hub.vocabulary import ErrorCode

    return CaseResult(None, None, None, (), (), (), (CaseError(None, ErrorCode.INVALID_CASE, message, None),), None)


def read_cases(text: str, path: str) -> list[Any]:
    """Cases from one JSON document (an object, or an array of them) or JSON Lines.

    A JSON Lines line that is not JSON becomes a `CaseResult` holding that case's error;
    input that holds no JSON at all stops with exit status 2.
    """
    if not text.strip():
        raise fail(f"{path} holds no case")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole:
        items: list[Any] = []
        readable = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
                readable += 1
            except json.JSONDecodeError as exc:
                items.append(_unreadable_case(f"line {number}: not JSON ({exc.msg}, column {exc.colno})"))
        if readable == 0:
            raise fail(f"{path} is neither JSON nor JSON Lines ({whole.msg}, line {whole.lineno})") from None
        return items
    return document if isinstance(document, list) else [document]


@hub_app.command("replay")
def replay_command(
    input_path: Annotated[
        str, typer.Argument(metavar="FILE", help="One JSON case, or JSON Lines of cases; - for standard input")
    ],
) -> None:
    """Replay each case's events: state, outcome, allowed next events, deadlines, refused events.

    One JSON object per case on standard output, in input order. Exit status: 0 every case
    replayed without errors, 1 some event was refused or some case was invalid, 2 the input
    cannot be read.
    """
    from coolclaim.hub import CaseResult, replay
    from coolclaim.refdata import RefDataError

    text = _read_text(input_path)
    items = read_cases(text, input_path)
    try:
        reference = _reference()
    except (RefDataError, ValueError) as exc:
        raise fail(f"reference data invalid: {exc}") from None
    failed = False
    for item in items:
        result = item if isinstance(item, CaseResult) else replay(item, reference)
        failed = failed or not result.ok
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@hub_app.command("calendar")
def calendar_command(
    year: Annotated[int, typer.Option("--year", min=1900, max=2200, help="The year to list")],
    calendar: Annotated[CalendarChoice, typer.Option("--calendar", help="hub (default) or federal")] = (
        CalendarChoice.hub
    ),
) -> None:
    """Print a calendar's closure days for a year (weekends are closed too and not listed)."""
    from coolclaim import bootstrap
    from coolclaim.calendars import calendar_from_spec
    from coolclaim.refdata import RefDataError

    try:
        specs = bootstrap.calendar_specs()
    except RefDataError as exc:
        raise fail(f"reference data invalid: {exc}") from None
    spec = specs.get(calendar.value)
    if spec is None:
        raise fail(f"calendars.yaml defines no calendar {calendar.value}")
    chosen = calendar_from_spec(spec)
    print(f"# {chosen.id}: {chosen.name}, {year}")
    setting = chosen.observance_setting
    if setting is not None:
        note = " (unverified default)" if setting.confidence == "U" else ""
        print(f"# closure days on a weekend: weekend_observance={setting.value}{note}")
    for closure in chosen.closure_days(year):
        print(f"{closure.day.isoformat()}  {closure.day.strftime('%a')}  {closure.name}")


@hub_app.command("outcomes")
def outcomes_command(
    start: Annotated[str, typer.Option("--from", help="First enrollment date (YYYY-MM-DD)")],
    end: Annotated[str, typer.Option("--to", help="Last enrollment date (YYYY-MM-DD)")],
    facilities: Annotated[
        list[str] | None, typer.Option("--facility", help="A facility's NPI or id (repeat; default: all)")
    ] = None,
) -> None:
    """The outcome figures of the app's cases: coverage rate over all patients, PAP rate over the
    uncovered, no-out-of-pocket rate over all (JSON on standard output)."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError as exc:
        raise fail(f"--from/--to: {exc}") from None
    if last < first:
        raise fail("--to is before --from")
    from coolclaim.cli.database import facility_by_reference, ready_database

    ready_database()
    from coolclaim.web.hub.models import Case
    from coolclaim.web.hub.services.outcome_figures import figures_for

    chosen = [facility_by_reference(ref).pk for ref in facilities or []]
    figures = figures_for(Case.objects.all(), first, last, chosen or None)
    sys.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False) + "\n")


@hub_app.command("check-overdue")
def check_overdue_command(
    background: Annotated[
        bool, typer.Option("--background", help="Enqueue the task for the worker instead of running it here.")
    ] = False,
) -> None:
    """Judge every open case's deadlines at the current time (run daily): overdue cases rise in the queue."""
    from coolclaim.cli.database import ready_database

    ready_database()
    from coolclaim.web.hub.tasks import check_overdue, raise_overdue_cases

    if background:
        result = raise_overdue_cases.enqueue()
        print(f"queued task {result.id}")
        return
    checked, overdue = check_overdue()
    print(f"{checked} open cases checked, {overdue} overdue")
