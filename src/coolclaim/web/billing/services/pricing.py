"""Charges from the facility fee schedule, for the two paths that store coded claims.

:class:`FeeBook` holds the entries of some facilities (one query) and answers the charge of a
line: the per-unit charge of the entry effective on the date of service — one for the
claim's payer type before one for every payer type — times the units. A code without a fee
gives no charge (never a zero) and the version gets the blocking edit :data:`FEE_MISSING`,
so the claim is held until the schedule has the fee and the session is coded again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import DecimalField

from coolclaim.web.billing.choices import Severity
from coolclaim.web.billing.models.fee import FeeScheduleEntry
from coolclaim.web.billing.models.line import ClaimLine

FEE_MISSING = "FEE_MISSING"
CHARGE_TOO_LARGE = "CHARGE_TOO_LARGE"
FEE_SOURCE = "facility fee schedule (Billing › Fee schedule)"


def _line_charge_max() -> Decimal:
    field = ClaimLine._meta.get_field("charge")
    assert isinstance(field, DecimalField)
    assert field.max_digits is not None
    assert field.decimal_places is not None
    return Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(1).scaleb(-field.decimal_places)


#: The largest charge a claim line holds (its column's digits: 99,999,999.99).
LINE_CHARGE_MAX = _line_charge_max()


class FeeBook:
    """The fee schedule entries of some facilities, looked up in memory."""

    def __init__(self, entries: Iterable[FeeScheduleEntry]) -> None:
        self._by_code: dict[tuple[int, str], list[FeeScheduleEntry]] = defaultdict(list)
        for entry in entries:
            self._by_code[(entry.facility_id, entry.code)].append(entry)

    @classmethod
    def for_facilities(cls, facility_ids: Iterable[int]) -> FeeBook:
        ids = sorted(set(facility_ids))
        return cls(FeeScheduleEntry.objects.filter(facility_id__in=ids) if ids else ())

    def entry(self, facility_id: int, code: str, day: dt.date, payer_type: str = "") -> FeeScheduleEntry | None:
        """The entry in force on ``day``: for ``payer_type`` first, then for every payer type;
        the latest start wins when two overlap."""
        current = [
            e
            for e in self._by_code.get((facility_id, code), ())
            if e.effective_from <= day and (e.effective_to is None or day <= e.effective_to)
        ]
        for wanted in ((payer_type,) if payer_type else ()) + ("",):
            matching = [e for e in current if e.payer_type == wanted]
            if matching:
                return max(matching, key=lambda e: e.effective_from)
        return None

    def charge(
        self, facility_id: int, code: str, units: int, day: dt.date | None, payer_type: str = ""
    ) -> Decimal | None:
        if day is None:
            return None
        found = self.entry(facility_id, code, day, payer_type)
        return None if found is None else found.charge * units


def missing_fee_edit(codes: Sequence[str], day: dt.date | None) -> tuple[str, str, str, str]:
    """The blocking edit (code, severity, message, source) of lines the schedule has no fee for."""
    when = f" on {day.isoformat()}" if day else " (no date of service)"
    listed = ", ".join(sorted(set(codes)))
    return (
        FEE_MISSING,
        str(Severity.ERROR),
        f"The facility fee schedule has no charge for {listed}{when}. Add the fee, then code the session again;"
        " a line is never billed at zero.",
        FEE_SOURCE,
    )


def charge_too_large_edit(codes: Sequence[str]) -> tuple[str, str, str, str]:
    """The blocking edit of lines whose charge (fee × units) is more than a claim line holds
    (such a line is stored without a charge, never with a wrong one)."""
    listed = ", ".join(sorted(set(codes)))
    return (
        CHARGE_TOO_LARGE,
        str(Severity.ERROR),
        f"The charge for {listed} (fee × units) is more than a claim line holds ({LINE_CHARGE_MAX:,}). "
        "Check the units, then code the session again.",
        FEE_SOURCE,
    )
