"""Submit a facility's claims as one 837 batch: map, write, validate, store, mark submitted.

Accepted claims whose current version is not yet submitted (with ``include_ready`` also ready
ones; or the ``claim_ids`` given) are mapped to ``coolclaim.claims`` types, written with the
837P or 837I writer (by the facility's setting) and checked by pyx12
(``coolclaim.x12.validation.validate``). Unless ``dry_run``, in one transaction: control
numbers are taken from the counter table, the batch and its claim versions are stored, and
each version is frozen and its claim marked submitted. A file with problems is never stored.
A dry run changes nothing (it shows the numbers the next batch would get). A claim sent
before (a reviewed correction) goes out as a replacement (CLM05-3 = 7, REF*F8 with the payer's
claim number when an 835 gave it) unless every earlier version was rejected in an acknowledgment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coolclaim.claims import model as out
from coolclaim.web.accounts.models import Facility
from coolclaim.web.audit import acting_as
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import (
    BatchKind,
    Claim,
    ClaimLine,
    ClaimVersion,
    ControlCounter,
    LinePayment,
    SubmissionBatch,
    SubmittedClaim,
    TradingPartner,
)
from coolclaim.web.billing.services import outgoing
from coolclaim.x12.validation import Problem, validate
from coolclaim.x12.x12_837I_005010X223A2.writer import write_837i
from coolclaim.x12.x12_837P_005010X222A1.writer import write_837p

INTERCHANGE = "interchange"
GROUP = "group"


class SubmissionRefused(Exception):
    """Nothing was submitted (the message says why; ``problems`` lists the file's findings)."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass
class SubmissionResult:
    facility: Facility
    kind: str
    content: str
    problems: tuple[Problem, ...]
    claims: list[Claim]
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (claim id, why not sent)
    batch: SubmissionBatch | None = None
    dry_run: bool = False
    interchange_control: int = 0
    group_control: int = 0

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for claim in self._out for line in claim.lines), Decimal(0))

    _out: tuple[out.Claim, ...] = ()


def _next(name: str, *, take: bool) -> int:
    """The next number of counter ``name`` (taken under a row lock unless only peeking)."""
    if not take:
        row = ControlCounter.objects.filter(name=name).first()
        return (row.value if row else 0) % 999_999_999 + 1
    ControlCounter.objects.get_or_create(name=name)
    row = ControlCounter.objects.select_for_update().get(name=name)
    row.value = row.value % 999_999_999 + 1
    row.save(update_fields=["value"])
    return row.value


def next_control(name: str) -> int:
    """Take the next number of counter ``name`` (inside the caller's transaction)."""
    return _next(name, take=True)


def payer_claim_numbers(claim_ids: Sequence[int]) -> dict[int, str]:
    """The payer's claim number (CLP07 of the latest 835 posted) of each claim that has one."""
    numbers: dict[int, str] = {}
    if claim_ids:
        for claim_id, number in (
            LinePayment.objects.filter(claim_id__in=list(claim_ids))
            .exclude(payer_claim_number="")
            .order_by("posting__posted_at", "pk")
            .values_list("claim_id", "payer_claim_number")
        ):
            numbers[claim_id] = number
    return numbers


def selectable(facility: Facility, *, include_ready: bool, claim_ids: Sequence[int] | None = None) -> Any:
    statuses = [ClaimStatus.ACCEPTED, *([ClaimStatus.READY] if include_ready else [])]
    claims = Claim.objects.filter(
        facility=facility,
        status__in=statuses,
        current_version__isnull=False,
        current_version__submitted_at__isnull=True,
    )
    if claim_ids is not None:
        claims = claims.filter(pk__in=list(claim_ids))
    return (
        claims.select_related("facility", "patient", "session__coverage", "current_version")
        .prefetch_related("patient__coverages")
        .order_by("date_of_service", "pk")
    )


def submit_claims(
    facility: Facility,
    user: Any,
    *,
    include_ready: bool = False,
    claim_ids: Sequence[int] | None = None,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> SubmissionResult:
    """Write (and unless ``dry_run`` store and mark) the facility's batch; callers check ``SUBMIT_CLAIM``.

    Raises :class:`SubmissionRefused` when nothing can be sent or, outside a dry run, when the
    file has problems (nothing changes then)."""
    now = now or timezone.now()
    partner = TradingPartner.objects.filter(facility=facility).first()
    if partner is None:
        raise SubmissionRefused(f"{facility.name} has no trading-partner settings (submitter and receiver ids)")
    with transaction.atomic():
        claims = list(
            selectable(facility, include_ready=include_ready, claim_ids=claim_ids).select_for_update(of=("self",))
        )
        lines: dict[int, list[ClaimLine]] = defaultdict(list)
        for line in ClaimLine.objects.filter(version_id__in=[c.current_version_id for c in claims]).order_by(
            "version_id", "position"
        ):
            lines[line.version_id].append(line)
        earlier: dict[int, list[SubmittedClaim]] = defaultdict(list)
        for sent_before in SubmittedClaim.objects.filter(claim_id__in=[c.pk for c in claims]).order_by("pk"):
            earlier[sent_before.claim_id].append(sent_before)
        payer_numbers = payer_claim_numbers(list(earlier))
        sendable: list[Claim] = []
        mapped: list[out.Claim] = []
        skipped: list[tuple[int, str]] = []
        for claim in claims:
            try:
                mapped.append(
                    outgoing.outgoing_claim(
                        claim,
                        lines[claim.current_version_id or 0],
                        partner,
                        frequency=outgoing.frequency_of(earlier[claim.pk]),
                        payer_claim_number=payer_numbers.get(claim.pk),
                    )
                )
            except outgoing.NotSendable as why:
                skipped.append((claim.pk, str(why)))
                continue
            sendable.append(claim)
        kind = (
            BatchKind.INSTITUTIONAL
            if outgoing.kind_of(facility) is out.ClaimKind.INSTITUTIONAL
            else BatchKind.PROFESSIONAL
        )
        if not mapped:
            reasons = "; ".join(why for _pk, why in skipped)
            raise SubmissionRefused(
                f"no claim of {facility.name} is ready to send" + (f": {reasons}" if reasons else "")
            )
        interchange = _next(INTERCHANGE, take=not dry_run)
        group = _next(GROUP, take=not dry_run)
        control = out.ControlNumbers(interchange=interchange, group=group)
        writer = write_837i if kind == BatchKind.INSTITUTIONAL else write_837p
        content = writer(
            mapped,
            partners=outgoing.partners(partner),
            provider=outgoing.billing_provider(facility, partner),
            control=control,
            created=now.astimezone(ZoneInfo(facility.time_zone)),
        )
        problems = validate(content)
        result = SubmissionResult(
            facility, str(kind), content, problems, sendable, skipped, None, dry_run, interchange, group
        )
        result._out = tuple(mapped)
        if dry_run:
            transaction.set_rollback(True)
            return result
        if problems:
            raise SubmissionRefused(f"the {kind} file has {len(problems)} problem(s); nothing was submitted", problems)
        with acting_as(user):
            batch = SubmissionBatch.objects.create(
                facility=facility,
                kind=kind,
                interchange_control=interchange,
                group_control=group,
                content=content,
                claim_count=len(mapped),
                total_charge=sum((c.total_charge for c in mapped), Decimal(0)),
                created_by=user if getattr(user, "is_authenticated", False) else None,
                created_at=now,
            )
            SubmittedClaim.objects.bulk_create(
                SubmittedClaim(batch=batch, claim=claim, version=claim.current_version, claim_id_sent=sent.claim_id)
                for claim, sent in zip(sendable, mapped, strict=True)
            )
            by = user if getattr(user, "is_authenticated", False) else None
            for claim in sendable:
                version = claim.current_version
                assert isinstance(version, ClaimVersion)
                version.submit(by, now)
                claim.status = ClaimStatus.SUBMITTED
                claim.save(update_fields=["status", "updated_at"])
        result.batch = batch
        return result
