"""Billing's columns in lists, its own and other apps': the claim, current version, lines and
edits of each session on the patient page (three queries, whatever the number of sessions);
the payer and amount of each row of the claims list and the work queue (in their one query)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from django.db.models import Model, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from coolclaim.web import plain_reads
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine
from coolclaim.web.clinic.models import Coverage, Session
from coolclaim.web.clinic.signals import SessionExtras
from coolclaim.web.jinja_rows import choice_labels

CLAIM_COLUMNS = (
    "id",
    "session_id",
    "status",
    "current_version_id",
    "current_version__id",
    "current_version__number",
    "current_version__submitted_at",
)
_SLOT = 987654321  # stands for the id in a URL reversed once per page
#: A query set, kept as its own class (``annotate`` returns the same class: a scoped query set stays scoped).
RowsT = TypeVar("RowsT", bound=QuerySet[Any])


def with_payer_and_amount(rows: RowsT, *, patient: str, service_date: str, coverage: str, version: str) -> RowsT:
    """``rows`` annotated with ``payer_name`` — the payer billed: the session's coverage
    (``coverage``, the path to its id), else the patient's primary coverage active on the date
    of service — and ``amount``, the total charge of the current claim version (``version``, the
    path to its id; NULL without a claim or a fee). ``patient`` and ``service_date``: the paths to
    the patient id and the date.

    Subqueries, not joins: no row is multiplied, the database computes them only for the rows it
    returns unless the list sorts by them, and they keep the list's query quick to plan (a join
    to the session's coverage took the work queue's query from 3 to 10-15 ms of planning on
    PostgreSQL with 100,000 sessions; these subqueries add under 1 ms)."""
    own = Coverage.objects.filter(pk=OuterRef(coverage)).values("payer_name")[:1]
    active = Coverage.objects.filter(patient_id=OuterRef(patient), start_date__lte=OuterRef(service_date)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(service_date))
    )
    primary = active.order_by("priority", "-start_date", "pk").values("payer_name")[:1]
    total = (
        ClaimLine.objects.filter(version_id=OuterRef(version))
        .order_by()
        .values("version_id")
        .annotate(total=Sum("charge"))
        .values("total")
    )
    return rows.annotate(payer_name=Coalesce(Subquery(own), Subquery(primary)), amount=Subquery(total))


@dataclass(frozen=True, slots=True)
class PayerKey:
    """What a row's payer and amount depend on (see :func:`with_payer_and_amount`)."""

    coverage_id: int | None  # the session's own coverage, if it names one
    patient_id: int
    service_date: dt.date | None
    version_id: int | None  # the claim's current version, if coded


def payers_and_amounts(rows: Sequence[PayerKey]) -> list[tuple[str | None, Decimal | None]]:
    """The payer and amount of each row, by the rule of :func:`with_payer_and_amount`, read for
    a page's rows alone in two small queries (no subquery per row in the page's own query): the
    coverages of the rows' patients (and the coverages the rows name), and the sum of the
    charges of each version. A test holds both ways equal."""
    if not rows:
        return []
    patients = {row.patient_id for row in rows}
    own_ids = {row.coverage_id for row in rows if row.coverage_id is not None}
    coverages: dict[int, tuple[str, int, dt.date, dt.date | None, int]] = {}
    by_patient: dict[int, list[tuple[int, dt.date, int, str, dt.date | None]]] = defaultdict(list)
    # plain statements (coolclaim.web.plain_reads): a tenth of the ORM's cost for these reads
    statement = "SELECT {id}, {patient_id}, {payer_name}, {start_date}, {end_date}, {priority} FROM {table}"
    statement += (
        " WHERE {patient_id} IN ({patients}) OR {id} IN ({own})" if own_ids else " WHERE {patient_id} IN ({patients})"
    )
    for pk, patient_id, name, start, end, priority in plain_reads.read(
        Coverage,
        statement,
        [*patients, *own_ids],
        typed=(None, None, None, "start_date", "end_date", None),
        patients=plain_reads.marks(patients),
        own=plain_reads.marks(own_ids),
    ):
        coverages[pk] = (name, patient_id, start, end, priority)
        by_patient[patient_id].append((priority, start, pk, name, end))
    for listed in by_patient.values():  # priority, then the latest start, then the id
        listed.sort(key=lambda c: (c[0], -c[1].toordinal(), c[2]))
    versions = {row.version_id for row in rows if row.version_id is not None}
    totals: dict[int, Decimal | None] = {}
    if versions:
        totals = dict(
            plain_reads.read(
                ClaimLine,
                "SELECT {version_id}, SUM({charge}) FROM {table}"
                " WHERE {version_id} IN ({versions}) GROUP BY {version_id}",
                list(versions),
                typed=(None, "charge"),
                versions=plain_reads.marks(versions),
            )
        )
    answers: list[tuple[str | None, Decimal | None]] = []
    for row in rows:
        payer: str | None = None
        own = coverages.get(row.coverage_id) if row.coverage_id is not None else None
        if own is not None:
            payer = own[0]
        elif row.service_date is not None:
            day = row.service_date
            payer = next(
                (c[3] for c in by_patient.get(row.patient_id, ()) if c[1] <= day and (c[4] is None or day <= c[4])),
                None,
            )
        answers.append((payer, totals.get(row.version_id) if row.version_id is not None else None))
    return answers


def line_text(line: ClaimLine) -> str:
    return _line_text(line.code, line.modifiers, line.units)


def _line_text(code: str, modifiers: Sequence[Any] | None, units: int) -> str:
    joined = "-" + "-".join(str(m) for m in modifiers) if modifiers else ""
    return f"{code}{joined} × {units}"


class ShownEdit(NamedTuple):
    """An edit of a claim's current version, as the patient page shows it."""

    severity: str
    severity_label: Any  # the choice's label (text)
    message: str
    overridden_at: dt.datetime | None


def patient_session_claims(user: Any, sessions: Sequence[Session]) -> SessionExtras:
    """For each session with a claim: ``claim``, ``claim_url``, ``version``, ``lines`` (as text)
    and ``edits`` (:class:`ShownEdit`) of the current version."""
    claims = list(
        Claim.objects.for_user(user)
        .filter(session_id__in=[s.pk for s in sessions])
        .select_related("current_version")
        .only(*CLAIM_COLUMNS)
    )
    version_ids = [c.current_version_id for c in claims if c.current_version_id]
    lines: dict[int, list[str]] = defaultdict(list)
    edits: dict[int, list[ShownEdit]] = defaultdict(list)
    if version_ids:
        # The versions are those of the claims just read through ``for_user``: their lines and
        # edits are read by version, as a prefetch would (scoping them again would join version,
        # claim and facility for nothing), in plain statements (coolclaim.web.plain_reads).
        ids = plain_reads.marks(version_ids)
        for version_id, code, modifiers, units in plain_reads.read(
            ClaimLine,
            "SELECT {version_id}, {code}, {modifiers}, {units} FROM {table}"
            " WHERE {version_id} IN ({ids}) ORDER BY {version_id}, {position}",
            version_ids,
            typed=(None, None, "modifiers", None),
            ids=ids,
        ):
            lines[version_id].append(_line_text(code, modifiers, units))
        labels = choice_labels(ClaimEdit, "severity")
        for version_id, severity, message, overridden_at in plain_reads.read(
            ClaimEdit,
            "SELECT {version_id}, {severity}, {message}, {overridden_at} FROM {table}"
            " WHERE {version_id} IN ({ids}) ORDER BY {version_id}, {position}",
            version_ids,
            typed=(None, None, None, "overridden_at"),
            ids=ids,
        ):
            edits[version_id].append(ShownEdit(severity, labels.get(severity, severity), message, overridden_at))
    claim_url = reverse("billing:claim_detail", args=[_SLOT])
    rows: dict[int, dict[str, Any]] = {}
    for claim in claims:
        version = claim.current_version
        rows[claim.session_id] = {
            "claim": claim,
            "claim_url": claim_url.replace(str(_SLOT), str(claim.pk), 1),
            "version": version,
            "lines": lines.get(version.pk, []) if version is not None else [],
            "edits": edits.get(version.pk, []) if version is not None else [],
        }
    read: list[Model] = list(claims)
    return SessionExtras(rows=rows, read=read)
