"""Code sessions through the coding core and store the results as claim versions.

The only path from a documented :class:`~coolclaim.web.clinic.models.Session` to claim lines:
the pages, the API, the import and the demo all call :func:`code_sessions`.

- :func:`session_record` (from ``clinic.services.session_contract``, the one mapping) turns one
  session into the contract's input dict.
- :func:`course_histories` gives the engine what earlier sessions of each course (those
  not in the batch) already did: ``CourseHistory(sessions_before, fitting_billed)``.
- :func:`code_sessions` loads a batch in one query and hands it to the one claim store,
  :func:`coolclaim.web.billing.services.store_coded.code_loaded` (one engine batch; a new claim for a
  session never coded, a new version when the result differs, nothing when it is the same;
  submitted versions are never touched).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import F, QuerySet

from coolclaim.web.billing.choices import ClaimStatus, CodedStatus, Severity
from coolclaim.web.billing.models import ClaimEdit, ClaimLine
from coolclaim.web.billing.services.store_coded import StoreSummary, code_loaded
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.services.session_contract import session_record

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_REASON",
    "CodingSummary",
    "claim_status_for",
    "code_sessions",
    "course_histories",
    "fitting_codes",
    "load_batch",
    "session_record",
]

DEFAULT_REASON = "Recoded after a change to the session or the rules"

# --- session → contract record -----------------------------------------------------------
# The one mapping lives in coolclaim.web.clinic.services.session_contract (imported above).


# --- course history -----------------------------------------------------------------------
def fitting_codes() -> frozenset[str]:
    """The once-per-course fitting codes: the ``role: fitting`` rows of codes.yaml."""
    from coolclaim import bootstrap

    return bootstrap.code_roles().fitting


def course_histories(sessions: Sequence[Session]) -> dict[tuple[str, str], Any]:
    """``(patient_id, course_id) → CourseHistory`` from sessions of the same courses that are
    not in ``sessions`` and started before the batch's first session of that course.
    Two queries, whatever the batch size."""
    from coolclaim.coding.history import CourseHistory

    batch_ids = [s.pk for s in sessions]
    first_start: dict[int, dt.datetime | None] = {}
    patient_of: dict[int, int] = {}
    for s in sessions:
        patient_of[s.course_id] = s.course.patient_id
        current = first_start.get(s.course_id)
        if s.course_id not in first_start or (
            s.cooling_start is not None and (current is None or s.cooling_start < current)
        ):
            first_start[s.course_id] = s.cooling_start

    def before(course_id: int, start: dt.datetime | None) -> bool:
        first = first_start.get(course_id)
        return start is not None and first is not None and start < first

    counts: dict[int, int] = defaultdict(int)
    for course_id, start in (
        Session.objects.filter(course_id__in=first_start)
        .exclude(pk__in=batch_ids)
        .values_list("course_id", "cooling_start")
    ):
        if before(course_id, start):
            counts[course_id] += 1
    fitted: dict[int, tuple[str, dt.date | None]] = {}
    for course_id, start, code, day in (
        ClaimLine.objects.filter(
            code__in=fitting_codes(),
            version__claim__current_version_id=F("version_id"),
            version__claim__session__course_id__in=first_start,
        )
        .exclude(version__claim__session_id__in=batch_ids)
        .order_by("version__claim__session__cooling_start")
        .values_list(
            "version__claim__session__course_id",
            "version__claim__session__cooling_start",
            "code",
            "version__claim__date_of_service",
        )
    ):
        if before(course_id, start) and course_id not in fitted:
            fitted[course_id] = (code, day)
    histories: dict[tuple[str, str], Any] = {}
    for course_id in first_start:
        fitting = fitted.get(course_id)
        histories[(str(patient_of[course_id]), str(course_id))] = CourseHistory(
            sessions_before=counts.get(course_id, 0),
            fitting_billed=fitting is not None,
            fitting_code=fitting[0] if fitting else None,
            fitting_date=fitting[1] if fitting else None,
        )
    return histories


# --- coding and storing ---------------------------------------------------------------------
#: What a call did (counts only: safe to log); the store's own summary.
CodingSummary = StoreSummary


def claim_status_for(coded_status: str, edits: Iterable[ClaimEdit]) -> str:
    """Workflow status from the engine's verdict: a hold whose error edits are all
    overridden is ready."""
    if coded_status == CodedStatus.HOLD:
        blocking = [e for e in edits if e.severity == Severity.ERROR and not e.is_overridden]
        return ClaimStatus.HOLD if blocking else ClaimStatus.READY
    return {
        CodedStatus.READY: ClaimStatus.READY,
        CodedStatus.SELF_PAY: ClaimStatus.SELF_PAY,
        CodedStatus.REJECTED: ClaimStatus.REJECTED,
    }.get(CodedStatus(coded_status), ClaimStatus.HOLD)


def load_batch(sessions: Iterable[Session] | QuerySet[Session]) -> list[Session]:
    """Sessions with what coding needs, in one query."""
    queryset: QuerySet[Session]
    queryset = sessions if isinstance(sessions, QuerySet) else Session.objects.filter(pk__in=[s.pk for s in sessions])
    return list(
        queryset.select_related("facility", "course__patient", "coverage").order_by(
            "facility_id", "course_id", "cooling_start", "pk"
        )
    )


def code_sessions(
    sessions: Iterable[Session] | QuerySet[Session],
    *,
    user: Any = None,
    reason: str = DEFAULT_REASON,
    coding_settings: Mapping[str, str] | None = None,
) -> CodingSummary:
    """Code ``sessions`` in one engine call and store the results (one transaction), through
    the one claim store (:func:`coolclaim.web.billing.services.store_coded.code_loaded`).

    ``coding_settings``: setting overrides for the provider's engine (``bootstrap.engine``).
    ``user`` is recorded as the creator of new versions and in the audit log.
    """
    from coolclaim import bootstrap

    batch = load_batch(sessions)
    if not batch:
        return CodingSummary()
    summary = code_loaded(batch, user=user, reason=reason, engine=bootstrap.engine(coding_settings))
    logger.info(
        "coded %d sessions: %d new claims, %d new versions, %d unchanged, %d frozen",
        summary.coded,
        summary.new_claims,
        summary.new_versions,
        summary.unchanged,
        summary.frozen,
    )
    return summary
