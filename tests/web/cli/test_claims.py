"""``coolclaim claims submit``: a dry run writes and changes nothing; a real run submits."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coolclaim.cli.app import app
from coolclaim.cli.claims import claims_app  # noqa: F401  (registers the group on `app`)
from coolclaim.web.billing.choices import ClaimStatus
from coolclaim.web.billing.models import Claim, SubmissionBatch
from coolclaim.x12.validation import validate

from ..billing.exchange_world import build_exchange

pytestmark = pytest.mark.django_db


def test_claims_submit_dry_run_then_for_real(tmp_path: Path) -> None:
    world = build_exchange()
    out = tmp_path / "batch.837"
    dry = CliRunner().invoke(app, ["claims", "submit", "--facility", world.facility.npi, "-o", str(out), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert validate(out.read_text()) == ()
    assert SubmissionBatch.objects.count() == 0
    real = CliRunner().invoke(
        app, ["claims", "submit", "--facility", world.facility.npi, "-o", str(out), "--user", world.billing.username]
    )
    assert real.exit_code == 0, real.output
    batch = SubmissionBatch.objects.get()
    assert out.read_text() == batch.content
    assert set(Claim.objects.filter(facility=world.facility).values_list("status", flat=True)) == {
        ClaimStatus.SUBMITTED
    }
    again = CliRunner().invoke(app, ["claims", "submit", "--facility", world.facility.npi, "-o", str(out)])
    assert again.exit_code == 2
    assert f"no claim of {world.facility.name} is ready to send" in again.output
