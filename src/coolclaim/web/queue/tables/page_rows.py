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

#: The values one row shows, in the order :func:`page_rows` reads them.
ROW_VALUES = (
    "id",
    "service_date",
    "held",
    "documentation_incomplete",
    "uncoded",
    "denied",
    "correction",
    "facility_id",
    "session_id",
    "session__session_id",
    "session__coverage_id",
    "session__device_serial",
    "session__order_verified",
    "session__contraindications_screened",
    "session__course__patient_id",
    "session__course__patient__mrn",
    "session__course__patient__family_name",
    "session__course__patient__given_name",
    "session__claim__id",
    "session__claim__current_version_id",
)


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
    for (
        pk,
        service_date,
        held,
        documentation_incomplete,
        uncoded,
        denied,
        correction,
        facility_id,
        session_pk,
        session_id,
        coverage_id,
        device_serial,
        order_verified,
        screened,
        patient_id,
        mrn,
        family_name,
        given_name,
        claim_id,
        version_id,
    ) in values:
        rows.append(
            RowItem(
                pk,
                service_date,
                held,
                documentation_incomplete,
                uncoded,
                denied,
                correction,
                facility_id,
                facilities.get(facility_id),
                RowSession(
                    session_pk,
                    session_id,
                    facility_id,
                    coverage_id,
                    device_serial,
                    order_verified,
                    screened,
                    patient_id,
                ),
                RowPatient(patient_id, mrn, family_name, given_name),
                RowClaim(claim_id, session_pk, version_id) if claim_id is not None else None,
            )
        )
    return rows
