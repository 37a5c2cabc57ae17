"""Billing's columns in other apps' tables: the claim, current version, lines and edits of
each session on the patient page (three queries, whatever the number of sessions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.urls import reverse

from coolclaim.web.billing.models import Claim, ClaimEdit, ClaimLine
from coolclaim.web.clinic.models import Session
from coolclaim.web.clinic.signals import SessionExtras

CLAIM_COLUMNS = (
    "id",
    "session_id",
    "status",
    "current_version_id",
    "current_version__id",
    "current_version__number",
    "current_version__submitted_at",
)
LINE_COLUMNS = ("id", "version_id", "position", "code", "modifiers", "units")
EDIT_COLUMNS = ("id", "version_id", "position", "severity", "message", "overridden_at")
_SLOT = 987654321  # stands for the id in a URL reversed once per page


def line_text(line: ClaimLine) -> str:
    modifiers = "-" + "-".join(str(m) for m in line.modifiers) if line.modifiers else ""
    return f"{line.code}{modifiers} × {line.units}"


def patient_session_claims(user: Any, sessions: Sequence[Session]) -> SessionExtras:
    """For each session with a claim: ``claim``, ``claim_url``, ``version``, ``lines`` (as text)
    and ``edits`` of the current version."""
    claims = list(
        Claim.objects.for_user(user)
        .filter(session_id__in=[s.pk for s in sessions])
        .select_related("current_version")
        .only(*CLAIM_COLUMNS)
    )
    version_ids = [c.current_version_id for c in claims if c.current_version_id]
    lines: dict[int, list[str]] = defaultdict(list)
    edits: dict[int, list[ClaimEdit]] = defaultdict(list)
    if version_ids:
        for line in (
            ClaimLine.objects.for_user(user)
            .filter(version_id__in=version_ids)
            .only(*LINE_COLUMNS)
            .order_by("version_id", "position")
        ):
            lines[line.version_id].append(line_text(line))
        for edit in (
            ClaimEdit.objects.for_user(user)
            .filter(version_id__in=version_ids)
            .only(*EDIT_COLUMNS)
            .order_by("version_id", "position")
        ):
            edits[edit.version_id].append(edit)
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
