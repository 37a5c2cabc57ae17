"""Import a facility's fee schedule from CSV: every valid row is kept, every bad row named.

Columns (header row required, order free): ``code``, ``charge``, ``effective_from`` and the
optional ``payer_type``, ``expected_allowed``, ``effective_to``. A row with the same code,
payer type and start date as a stored entry replaces its amounts and end date; a new one is
added. Rows are checked one by one: a bad row is reported by its line in the file and its
field, and the valid rows are written all the same (in one transaction, audited).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from coolclaim.web.accounts.models import Facility
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.models import FeeScheduleEntry
from coolclaim.web.clinic.choices import PayerType

REQUIRED = ("code", "charge", "effective_from")
OPTIONAL = ("payer_type", "expected_allowed", "effective_to")
MAX_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # line in the file (the header is line 1)
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


@dataclass
class FeeImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def rows_kept(self) -> int:
        return self.created + self.updated + self.unchanged


class UnreadableFeeFile(ValueError):
    """The file as a whole cannot be read (not CSV text, no header, missing columns)."""


def _money(text: str, row: int, name: str, problems: list[RowProblem], *, required: bool) -> Decimal | None:
    text = text.strip().lstrip("$").replace(",", "")
    if not text:
        if required:
            problems.append(RowProblem(row, name, "is required"))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(RowProblem(row, name, f"{text!r} is not an amount"))
        return None
    if not value.is_finite() or value < 0:
        problems.append(RowProblem(row, name, f"{text} must be zero or more"))
        return None
    if value != value.quantize(Decimal("0.01")):
        problems.append(RowProblem(row, name, f"{text} has more than two decimal places"))
        return None
    if value >= Decimal("100000000"):
        problems.append(RowProblem(row, name, f"{text} is too large"))
        return None
    return value


def _day(text: str, row: int, name: str, problems: list[RowProblem], *, required: bool) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            problems.append(RowProblem(row, name, "is required"))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(RowProblem(row, name, f"{text!r} is not a date (YYYY-MM-DD)"))
        return None


def parse_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """The valid rows (line, values) and the problems of the bad ones."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise UnreadableFeeFile("the file is empty: a header row is required")
    header = [(name or "").strip().lower() for name in reader.fieldnames]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UnreadableFeeFile(f"the header lacks the column(s) {', '.join(missing)}")
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    if unknown:
        raise UnreadableFeeFile(f"unknown column(s) {', '.join(unknown)}")
    reader.fieldnames = header
    payer_types = {value for value, _label in PayerType.choices}
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, raw in enumerate(reader, start=2):
        values = {k: (v or "") for k, v in raw.items() if k is not None}
        if not any(v.strip() for v in values.values()):
            continue
        found: list[RowProblem] = []
        code = values.get("code", "").strip().upper()
        if not code:
            found.append(RowProblem(number, "code", "is required"))
        elif len(code) != 5 or not code.isalnum():
            found.append(RowProblem(number, "code", f"{code!r} is not a five-character HCPCS/CPT code"))
        charge = _money(values.get("charge", ""), number, "charge", found, required=True)
        allowed = _money(values.get("expected_allowed", ""), number, "expected_allowed", found, required=False)
        payer_type = values.get("payer_type", "").strip().lower()
        if payer_type and payer_type not in payer_types:
            found.append(
                RowProblem(number, "payer_type", f"{payer_type!r} is not one of {', '.join(sorted(payer_types))}")
            )
        start = _day(values.get("effective_from", ""), number, "effective_from", found, required=True)
        end = _day(values.get("effective_to", ""), number, "effective_to", found, required=False)
        if start is not None and end is not None and end < start:
            found.append(RowProblem(number, "effective_to", f"{end} is before effective_from {start}"))
        if not found and start is not None:
            key = (code, payer_type, start)
            if key in seen:
                found.append(
                    RowProblem(number, "code", f"{code} from {start} is already on row {seen[key]} of this file")
                )
            else:
                seen[key] = number
        if found:
            problems.extend(found)
            continue
        rows.append(
            (
                number,
                {
                    "code": code,
                    "charge": charge,
                    "payer_type": payer_type,
                    "expected_allowed": allowed,
                    "effective_from": start,
                    "effective_to": end,
                },
            )
        )
    return rows, problems


def import_fee_schedule(data: bytes, facility: Facility, user: Any) -> FeeImportResult:
    """Store the valid rows of ``data`` for ``facility``; callers check ``MANAGE_FEE_SCHEDULE``."""
    if len(data) > MAX_BYTES:
        raise UnreadableFeeFile(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFeeFile(f"the file is not UTF-8 text (byte {exc.start})") from None
    rows, problems = parse_rows(text)
    result = FeeImportResult(problems=problems)
    stored = {(e.code, e.payer_type, e.effective_from): e for e in FeeScheduleEntry.objects.filter(facility=facility)}
    with transaction.atomic(), acting_as(user):
        for _number, values in rows:
            key = (values["code"], values["payer_type"], values["effective_from"])
            entry = stored.get(key)
            if entry is None:
                FeeScheduleEntry.objects.create(facility=facility, **values)
                result.created += 1
                continue
            changed = [
                name for name in ("charge", "expected_allowed", "effective_to") if getattr(entry, name) != values[name]
            ]
            if not changed:
                result.unchanged += 1
                continue
            for name in changed:
                setattr(entry, name, values[name])
            entry.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
    return result
