"""Browser test: a nurse enters a session and sees the live coding preview; billing works the
held claim (override with a reason) and accepts it. Drives Debian's chromium with Playwright
(never ``playwright install``); screenshots go to ``test-results/``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coolclaim.web.accounts.choices import Role
from coolclaim.web.billing.models import Claim
from coolclaim.web.clinic.models import Session
from tests.requirements import chromium_requirement

from .pages_world import build_world

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"
PASSWORD = "test-password-123"

pytestmark = [
    pytest.mark.browser,
    chromium_requirement(),
]

# Playwright's sync API runs an event loop in this thread; the live server's ORM use is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def _sign_in(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1180, "height": 820})  # a ward tablet, landscape
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/"))
    return page


@pytest.mark.django_db(transaction=True)
def test_nurse_enters_a_session_and_billing_accepts_the_claim(live_server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    world = build_world()
    base = live_server.url
    course = world.mine.course

    # --- the nurse ------------------------------------------------------------------------
    page = _sign_in(browser, base, world.users[Role.NURSE].username)
    expect(page.get_by_role("heading", name="Work queue")).to_be_visible()
    page.get_by_role("link", name="Patients").click()
    page.get_by_role("link", name=world.mine.patient.display_name).click()
    page.get_by_role("link", name="New session").click()
    expect(page.get_by_role("heading", name="New session")).to_be_visible()

    page.get_by_role("button", name="Now: set pre-cooling started to the current time").click()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page.input_value("#id_cooling_start"))
    page.fill("#id_cooling_start", "2026-03-03T08:00")
    page.fill("#id_infusion_start", "2026-03-03T08:30")
    page.fill("#id_infusion_end", "2026-03-03T10:30")
    page.fill("#id_cooling_end", "2026-03-03T12:10")
    page.select_option("#id_chemo_code_1", "96413")
    page.fill("#id_chemo_units_1", "1")
    page.select_option("#id_chemo_code_2", "96415")
    page.fill("#id_chemo_units_2", "1")
    page.fill("#id_diagnoses", "C50.912, Z51.11")
    page.fill("#id_device_model", "Paxman")
    page.fill("#id_device_serial", "SN-BROWSER-1")
    page.fill("#id_cap_lot", "LOT-9")
    page.check("#id_contraindications_screened")
    page.check("#id_tolerance_monitored")
    page.check("#id_scalp_assessed")  # the order is not verified yet: the preview must say so
    page.locator("#id_diagnoses").blur()

    preview = page.locator("#preview-body")
    expect(preview.locator("#preview-lines")).to_contain_text("97008")
    expect(preview.locator("#preview-lines")).to_contain_text("97009")
    expect(preview.locator("#preview-edits")).to_contain_text("DOCUMENTATION_INCOMPLETE")
    expect(preview).to_contain_text("On hold")
    page.screenshot(path=str(SHOTS / "1-nurse-session-preview.png"), full_page=True)

    page.get_by_role("button", name="Save and code").click()
    expect(page.get_by_role("status")).to_contain_text("saved and coded: claim on hold")
    session = Session.objects.get(course=course, device_serial="SN-BROWSER-1")
    claim = Claim.objects.get(session=session)
    assert claim.status == "hold"
    assert not page.errors, page.errors
    page.context.close()

    # --- billing ---------------------------------------------------------------------------
    page = _sign_in(browser, base, world.users[Role.BILLING].username)
    page.select_option("#id_kind", "held")
    expect(page.locator("#queue-results")).to_contain_text(
        "Required documentation is missing: physician order verified"
    )
    page.get_by_role("link", name=f"Claim {claim.pk}", exact=True).click()
    expect(page.locator("#claim-status")).to_have_text("On hold")
    page.get_by_role("button", name="Accept claim").click()
    expect(page.locator("#refusal")).to_contain_text("DOCUMENTATION_INCOMPLETE")

    edit_card = page.locator("article", has_text="DOCUMENTATION_INCOMPLETE")
    edit_card.get_by_label("Reason for the override").fill("Signed order found in the paper chart")
    edit_card.get_by_role("button", name="Override DOCUMENTATION_INCOMPLETE").click()
    expect(page.locator("#claim-status")).to_have_text("Ready")
    expect(page.get_by_text("Signed order found in the paper chart")).to_be_visible()
    page.screenshot(path=str(SHOTS / "2-billing-claim-review.png"), full_page=True)
    page.get_by_role("button", name="Accept claim").click()
    expect(page.locator("#claim-status")).to_have_text("Accepted by billing")
    page.screenshot(path=str(SHOTS / "3-billing-accepted.png"), full_page=True)
    claim.refresh_from_db()
    assert claim.status == "accepted"
    # The one refused accept answered 409 on purpose; nothing else may fail (CSP, scripts).
    assert [e for e in page.errors if "409" not in e] == [], page.errors
    page.context.close()
