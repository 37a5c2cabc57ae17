"""The billing API: a claim with its lines, edits and versions."""

from __future__ import annotations

import pytest

from ..api_support import World, token_client, world

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/sessions", "/api/v1/patients", "/api/v1/courses", "/api/v1/claims"]


@pytest.fixture
def w() -> World:
    return world()


def test_claim_detail_has_lines_and_edits(w: World) -> None:
    body = token_client(w.billing).get(f"/api/v1/claims/{w.mine.claim_id}").json()
    assert body["status"] == "ready"
    version = body["current_version"]
    assert version["number"] == 1
    assert [ln["code"] for ln in version["lines"]][:1] == ["96413"]
    assert all({"code", "severity", "message", "source"} <= set(e) for e in version["edits"])
    assert [v["number"] for v in body["versions"]] == [1]
