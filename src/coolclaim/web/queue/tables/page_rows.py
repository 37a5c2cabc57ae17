"""A work-queue page's rows read as values, not model instances.

The queue's list query (:func:`~coolclaim.web.queue.filtersets.queue_queryset`, cut to one
page by its keys) is read with ``values_list``: a page of 25 items would otherwise build 125
model instances (item, session, course, patient, claim), about a millisecond of Python on each
page view. The rows here hold the same values under the same names, so the table, the
template and the audit log read them as they read the models; the patient's display name and
each row's audit text are the models' own functions, not copies of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Patient, Session

#: The values one row shows, grouped by the row class each group builds, in that class's field
#: order (so :func:`page_rows` passes each slice as it comes).
ITEM_VALUES = (
    "id",
    "service_date",
    "held",
    "documentation_incomplete",
    "uncoded",
    "denied",
    "correction",
    "facility_id",
)
SESSION_VALUES = (
    "session_id",
    "session__session_id",
    "session__facility_id",
    "session__coverage_id",
    "session__device_serial",
    "session__order_verified",
    "session__contraindications_screened",
    "session__course__patient_id",
)
PATIENT_VALUES = (
    "session__course__patient_id",
    "session__course__patient__mrn",
    "session__course__patient__family_name",
    "session__course__patient__given_name",
)
CLAIM_VALUES = ("session__claim__id", "session__claim__current_version_id")
ROW_VALUES = (*ITEM_VALUES, *SESSION_VALUES, *PATIENT_VALUES, *CLAIM_VALUES)
_SESSION_AT = len(ITEM_VALUES)
_PATIENT_AT = _SESSION_AT + len(SESSION_VALUES)
_CLAIM_AT = _PATIENT_AT + len(PATIENT_VALUES)


@dataclass(slots=True, eq=False)
class RowPatient:
    pk: int
    mrn: str
    family_name: str
    given_name: str

    #: the model the audit log names for this row (coolclaim.web.audit)
    audited_model: ClassVar[type[Patient]] = Patient
    display_name = property(Patient.display_name.fget)  # type: ignore[attr-defined]
    __str__ = Patient.__str__


@dataclass(slots=True, eq=False)
class RowSession:
    pk: int
    session_id: str
    facility_id: int
    coverage_id: int | None
    device_serial: str
    order_verified: bool
    contraindications_screened: bool
    patient_id: int

    audited_model: ClassVar[type[Session]] = Session
    __str__ = Session.__str__


@dataclass(slots=True, eq=False)
class RowClaim:
    pk: int
    session_id: int
    current_version_id: int | None

    audited_model: ClassVar[type[Claim]] = Claim
    __str__ = Claim.__str__


@dataclass(slots=True, eq=False)
class RowItem:
    """A queue item; ``payer_name`` and ``amount`` are filled in for the page's rows."""

    pk: int
    service_date: dt.date | None
    held: bool
    documentation_incomplete: bool
    uncoded: bool
    denied: bool
    correction: bool
    facility_id: int
    facility: Facility | None
    session: RowSession
    patient: RowPatient
    claim: RowClaim | None
    payer_name: str | None = None
    amount: Decimal | None = None


def page_rows(values: Iterable[tuple[Any, ...]], facilities: dict[int, Facility]) -> list[RowItem]:
    """Rows from ``values_list(*ROW_VALUES)`` tuples; ``facilities``: the user's, by id."""
    rows = []
    for row in values:
        session = RowSession(*row[_SESSION_AT:_PATIENT_AT])
        claim_id, version_id = row[_CLAIM_AT:]
        rows.append(
            # mypy cannot count a slice's values; a test holds each group's length to its class's fields
            RowItem(  # type: ignore[call-arg]
                *row[:_SESSION_AT],
                facilities.get(session.facility_id),
                session,
                RowPatient(*row[_PATIENT_AT:_CLAIM_AT]),
                RowClaim(claim_id, session.pk, version_id) if claim_id is not None else None,
            )
        )
    return rows
