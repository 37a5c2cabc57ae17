"""``coolclaim remit post`` prints the one JSON object of issue 13 and exits 0, 1 or 2;
``coolclaim acks read`` attaches an acknowledgment."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coolclaim.cli.acks import acks_app  # noqa: F401  (registers the group on `app`)
from coolclaim.cli.app import app
from coolclaim.cli.remit import remit_app  # noqa: F401  (registers the group on `app`)
from coolclaim.web.billing.models import LinePayment, SubmittedClaim
from coolclaim.web.queue.models import QueueItem

from ... import remittance_factories as remits
from ..billing.exchange_world import build_exchange, submitted

pytestmark = pytest.mark.django_db

KEYS = [
    "claims_matched",
    "lines_paid",
    "lines_denied",
    "lines_adjusted",
    "paid_total",
    "patient_responsibility_total",
    "unmatched",
]


def test_remit_post_prints_the_summary_and_exits_by_outcome(tmp_path: Path) -> None:
    world = build_exchange()
    _batch, sent = submitted(world)
    good = tmp_path / "good.835"
    good.write_text(remits.write(remits.demo_remittance(sent)))
    dry = CliRunner().invoke(app, ["remit", "post", str(good), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert LinePayment.objects.count() == 0
    result = CliRunner().invoke(app, ["remit", "post", str(good)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert list(summary) == KEYS
    assert summary == json.loads(dry.stdout)
    assert summary["claims_matched"] == 2
    assert summary["unmatched"] == []
    assert isinstance(summary["paid_total"], str)
    again = CliRunner().invoke(app, ["remit", "post", str(good)])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == summary
    mixed = tmp_path / "mixed.835"
    stranger = replace(sent[0], claim_id="C999999V1")
    mixed.write_text(
        remits.write(
            remits.remittance(
                (remits.claim_payment(stranger, tuple(remits.paid_line(stranger, line) for line in stranger.lines)),),
                trace="EFT2",
            )
        )
    )
    kept = CliRunner().invoke(app, ["remit", "post", str(mixed)])
    assert kept.exit_code == 2, kept.output  # no claim of ours and an unknown payee: refused whole
    truncated = tmp_path / "bad.835"
    truncated.write_text(good.read_text()[:300])
    refused = CliRunner().invoke(app, ["remit", "post", str(truncated)])
    assert refused.exit_code == 2
    assert refused.stdout == ""


def test_acks_read_a_rejecting_277ca(tmp_path: Path) -> None:
    world = build_exchange()
    _batch, sent = submitted(world)
    text = (Path(__file__).parents[2] / "adapters/x12/files/277CA_mixed.x12").read_text()
    text = text.replace("CC2025-0001", sent[0].claim_id).replace("CC2026-0003", sent[1].claim_id)
    file = tmp_path / "ack.277"
    file.write_text(text)
    result = CliRunner().invoke(app, ["acks", "read", str(file)])
    assert result.exit_code == 1, result.output
    statuses = dict(SubmittedClaim.objects.values_list("claim_id_sent", "ack_status"))
    assert statuses == {sent[0].claim_id: "accepted", sent[1].claim_id: "rejected"}
    rejected = SubmittedClaim.objects.select_related("claim").get(claim_id_sent=sent[1].claim_id)
    queued = dict(
        QueueItem.objects.filter(session_id__in=[c.session_id for c in world.claims]).values_list(
            "session_id", "denied"
        )
    )
    assert queued == {rejected.claim.session_id: True}
