"""The queue table's plain reads give what the ORM's queries gave (coolclaim.web.plain_reads)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import User
from coolclaim.web.billing.choices import CodedStatus, Severity
from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimNote, ClaimVersion
from coolclaim.web.billing.services.send_back_claim import SENT_BACK_PREFIX
from coolclaim.web.queue.tables import blocking_edits, sent_back_reasons

from .. import factories as f

pytestmark = pytest.mark.django_db


def _coded_claim() -> tuple[dict[str, Any], User, Claim, ClaimVersion]:
    """A clinic's session with a claim and its current version, and a billing user of it."""
    data = f.clinic("OH")
    user = f.user(Role.BILLING, data["facility"])
    claim = Claim.objects.create(facility=data["facility"], patient=data["patient"], session=data["session"])
    version = ClaimVersion.objects.create(claim=claim, number=1, coded_status=CodedStatus.READY)
    claim.current_version = version
    claim.save()
    return data, user, claim, version


def test_blocking_edits_and_sent_back_reasons() -> None:
    _, user, claim, version = _coded_claim()
    edits = [
        (2, "B_ERR", Severity.ERROR, None, "second"),
        (1, "A_ERR", Severity.ERROR, None, "first, <it's> 100%"),
        (3, "WARN", Severity.WARNING, None, "a warning"),
        (4, "DONE", Severity.ERROR, timezone.now(), "overridden"),
    ]
    for position, code, severity, overridden_at, message in edits:
        ClaimEdit.objects.create(
            version=version,
            position=position,
            code=code,
            severity=severity,
            message=message,
            source="s",
            overridden_at=overridden_at,
            overridden_by=user if overridden_at else None,
            override_reason="checked" if overridden_at else "",
        )
    shown = blocking_edits(user, [claim])[version.pk]
    assert [(e.code, e.message) for e in shown] == [("A_ERR", "first, <it's> 100%"), ("B_ERR", "second")]
    assert blocking_edits(user, []) == {}

    now = timezone.now()
    for minutes, text in [
        (1, SENT_BACK_PREFIX + "older"),
        (3, "Sent back to the nurse - not the prefix"),
        (2, SENT_BACK_PREFIX + "latest: 50% done_"),
        (4, "an ordinary note"),
    ]:
        ClaimNote.objects.create(claim=claim, author=user, text=text, created_at=now + dt.timedelta(minutes=minutes))
    assert sent_back_reasons(user, [claim.pk]) == {claim.pk: "latest: 50% done_"}
    assert sent_back_reasons(user, []) == {}


def test_the_patient_pages_lines_and_edits() -> None:
    from coolclaim.web.billing.models import ClaimLine
    from coolclaim.web.billing.tables import patient_session_claims

    data, user, _, version = _coded_claim()
    ClaimLine.objects.create(version=version, position=2, code="97007", units=2)
    ClaimLine.objects.create(version=version, position=1, code="99214", modifiers=["25", "59"], units=1)
    when = timezone.now()
    ClaimEdit.objects.create(
        version=version,
        position=1,
        code="X",
        severity=Severity.ERROR,
        message="fixed <by hand>",
        source="s",
        overridden_at=when,
        overridden_by=user,
        override_reason="checked",
    )
    ClaimEdit.objects.create(version=version, position=2, code="Y", severity=Severity.INFO, message="note", source="s")
    row = patient_session_claims(user, [data["session"]]).rows[data["session"].pk]
    assert row["lines"] == ["99214-25-59 × 1", "97007 × 2"]
    first, second = row["edits"]
    assert (first.severity, first.message, first.overridden_at) == (Severity.ERROR, "fixed <by hand>", when)
    assert first.severity_label == ClaimEdit(severity=Severity.ERROR).get_severity_display()
    assert (second.severity, second.overridden_at) == (Severity.INFO, None)
