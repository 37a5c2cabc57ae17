"""``coolclaim token create|list|revoke`` and what the API makes of the tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from typer.testing import CliRunner

from coolclaim.cli import app
from coolclaim.web.accounts.choices import Role
from coolclaim.web.accounts.models import ApiToken

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def api_status(raw: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/sessions").status_code


def test_create_prints_a_working_token_once(runner: CliRunner) -> None:
    nurse = f.user(Role.NURSE, f.facility(f.hub()))
    result = runner.invoke(app, ["token", "create", nurse.username, "--name", "ward tablet"])
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip().splitlines()[-1]
    assert raw.startswith("cc_")
    token = ApiToken.objects.get(user=nurse)
    assert token.name == "ward tablet" and token.key_hash != raw and raw not in token.key_hash
    assert api_status(raw) == 200
    listing = runner.invoke(app, ["token", "list", nurse.username])
    assert listing.exit_code == 0 and "ward tablet" in listing.stdout and raw not in listing.stdout


def test_revoke_by_id_and_by_user(runner: CliRunner) -> None:
    nurse = f.user(Role.NURSE, f.facility(f.hub()))
    raws = [runner.invoke(app, ["token", "create", nurse.username]).stdout.strip().splitlines()[-1] for _ in range(3)]
    first = ApiToken.objects.filter(user=nurse).order_by("pk").first()
    assert first is not None
    assert runner.invoke(app, ["token", "revoke", str(first.pk)]).exit_code == 0
    assert [api_status(raw) for raw in raws] == [401, 200, 200]
    result = runner.invoke(app, ["token", "revoke", "--user", nurse.username])
    assert result.exit_code == 0 and "2 token(s) revoked" in result.stdout
    assert [api_status(raw) for raw in raws] == [401, 401, 401]
    rows = runner.invoke(app, ["token", "list", nurse.username]).stdout.splitlines()[1:]
    assert all(row.split("\t")[-1] != "-" for row in rows)


def test_refusals(runner: CliRunner) -> None:
    analyst = f.user(Role.ANALYST, hub_=f.hub())
    refused = runner.invoke(app, ["token", "create", analyst.username])
    assert refused.exit_code == 2 and "may not use the API" in refused.output
    assert not ApiToken.objects.exists()
    assert runner.invoke(app, ["token", "create", "nobody-here"]).exit_code == 2
    assert runner.invoke(app, ["token", "revoke"]).exit_code == 2
    assert runner.invoke(app, ["token", "revoke", "999999"]).exit_code == 2
