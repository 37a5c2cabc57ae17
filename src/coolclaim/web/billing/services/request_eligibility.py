"""Write a 270 eligibility inquiry for some patients of a facility, one per payer asked.

Each patient's coverage on the date of service (the primary one active that day) becomes a
request traced ``E<patient id>-<YYYYMMDD>`` (the 271 echoes it in TRN02); the envelope comes
from the facility's trading-partner settings and its control numbers from the same persisted
counters as the 837s. A patient who cannot be asked about is named with the reason (never with
their data) and left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coolclaim.claims import model as out
from coolclaim.web.accounts.models import Facility
from coolclaim.web.billing.models import TradingPartner
from coolclaim.web.billing.services import outgoing
from coolclaim.web.billing.services.submit_claims import GROUP, INTERCHANGE, next_control
from coolclaim.web.clinic.choices import PayerType
from coolclaim.web.clinic.models import Patient
from coolclaim.x12.x12_270_005010X279A1.writer import EligibilityRequest, write_270


class EligibilityRefused(Exception):
    """Nothing was written (the message says why)."""


@dataclass
class EligibilityFile:
    content: str
    traces: list[str]
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (patient id, why)


def trace_of(patient_id: int, day: dt.date) -> str:
    return f"E{patient_id}-{day:%Y%m%d}"


def _request(patient: Patient, day: dt.date, partner: TradingPartner) -> EligibilityRequest:
    active = [c for c in patient.coverages.all() if c.is_active_on(day) and c.payer_type != PayerType.SELF_PAY]
    if not active:
        raise outgoing.NotSendable(f"patient {patient.pk}: no payer coverage on {day:%m/%d/%Y}")
    coverage = min(active, key=lambda c: (c.priority, -c.start_date.toordinal()))
    if not coverage.member_id:
        raise outgoing.NotSendable(f"patient {patient.pk}: the coverage has no member id")
    payer_id = (partner.payer_ids or {}).get(coverage.payer_name)
    if not payer_id:
        raise outgoing.NotSendable(f"patient {patient.pk}: no payer id for the coverage's payer (trading partner)")
    person = out.Person(
        last_name=patient.family_name,
        first_name=patient.given_name,
        birth_date=patient.birth_date,
        sex=patient.sex or "U",
        address=out.Address(patient.address_line1, patient.city, patient.state, re.sub(r"\D", "", patient.postal_code)),
    )
    subscriber = out.Subscriber(
        member_id=coverage.member_id,
        person=person,
        payer=out.Payer(name=coverage.payer_name[:60], payer_id=payer_id),
    )
    return EligibilityRequest(trace=trace_of(patient.pk, day), subscriber=subscriber, service_date=day)


def request_eligibility(
    facility: Facility,
    patients: Sequence[Patient],
    day: dt.date,
    user: Any = None,
    *,
    now: dt.datetime | None = None,
) -> EligibilityFile:
    """A 270 asking about ``patients`` (of ``facility``) on ``day``; one payer per file."""
    partner = TradingPartner.objects.filter(facility=facility).first()
    if partner is None:
        raise EligibilityRefused(f"{facility.name} has no trading-partner settings (submitter and receiver ids)")
    requests: list[EligibilityRequest] = []
    skipped: list[tuple[int, str]] = []
    for patient in patients:
        if patient.facility_id != facility.pk:
            skipped.append((patient.pk, f"patient {patient.pk}: not a patient of {facility.name}"))
            continue
        try:
            requests.append(_request(patient, day, partner))
        except outgoing.NotSendable as why:
            skipped.append((patient.pk, str(why)))
    if not requests:
        raise EligibilityRefused("nobody to ask about: " + "; ".join(why for _pk, why in skipped))
    payers = {r.subscriber.payer.payer_id for r in requests}
    if len(payers) > 1:
        raise EligibilityRefused(f"one 270 asks one payer; these patients have {len(payers)}: ask them separately")
    now = now or timezone.now()
    with transaction.atomic():
        control = out.ControlNumbers(interchange=next_control(INTERCHANGE), group=next_control(GROUP))
        provider = outgoing.billing_provider(facility, partner)
        content = write_270(
            requests,
            partners=outgoing.partners(partner),
            provider=provider,
            control=control,
            created=now.astimezone(ZoneInfo(facility.time_zone)),
        )
    return EligibilityFile(content, [r.trace for r in requests], skipped)
