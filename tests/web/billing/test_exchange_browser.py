"""Browser test (issue 13, done when): billing takes a demo claim from accepted to submitted to
paid or denied: submits the batch, uploads the 999 and the 835, reads the claim's whole life on
its page (versions, submission, acknowledgment, payments, adjustments, balance) and downloads
its CMS-1500. Every page on the way passes axe-core with zero violations at 1366x768 and at
820x1180. Drives Debian's chromium with Playwright (never ``playwright install``); screenshots
go to ``test-results/browser/``."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coolclaim.web.billing.models import Claim, LinePayment, SubmissionBatch

from ... import remittance_factories as remits
from .exchange_world import ack_999, as_sent, build_exchange

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[3] / "test-results" / "browser"
PASSWORD = "test-password-123"
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            yield browser
        finally:
            browser.close()


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _accessible_at_both_widths(page: Any, source: str, name: str) -> None:
    """Zero axe-core violations at the desktop and the tablet size; a screenshot of each."""
    for label, size in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        page.evaluate(source)  # run by the driver, not as an inline script (the CSP forbids those)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        violations = [
            f"{v['id']}: {node['target']}" for v in result["violations"] for node in v["nodes"]
        ]  # fmt: skip
        assert violations == [], f"{name} at {label}: {violations}"
        page.screenshot(path=str(SHOTS / f"exchange-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.mark.django_db(transaction=True)
def test_billing_takes_a_claim_from_accepted_to_paid_or_denied(live_server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    axe = _axe_source()
    world = build_exchange(claims=1)
    claim = world.claims[0]
    base = live_server.url
    page = browser.new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", world.billing.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/"))

    # --- accepted: the claim page offers the documents -------------------------------------
    page.goto(f"{base}/billing/claims/{claim.pk}/")
    expect(page.locator("#claim-status")).to_have_text("Accepted by billing")
    _accessible_at_both_widths(page, axe, "1-accepted")

    # --- submit ----------------------------------------------------------------------------
    page.goto(f"{base}/billing/submit/")
    page.get_by_label("Facility").select_option(str(world.facility.pk))
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#submission-result")).to_contain_text("no problems found")
    _accessible_at_both_widths(page, axe, "2-submitted")
    batch = SubmissionBatch.objects.get()
    sent = as_sent(world)

    # --- 999 -------------------------------------------------------------------------------
    page.goto(f"{base}/billing/remittances/")
    page.set_input_files(
        "#id_file",
        {"name": "batch.999", "mimeType": "text/plain", "buffer": ack_999(batch.group_control, [("0001", "A")], "A")},
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#ack-result")).to_contain_text(f"batch {batch.interchange_control}: accepted")

    # --- 835 -------------------------------------------------------------------------------
    remittance = remits.write(remits.demo_remittance(sent)).encode()
    page.set_input_files("#id_file", {"name": "remit.835", "mimeType": "text/plain", "buffer": remittance})
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#postings")).to_contain_text("EXAMPLE HEALTH PLAN")
    _accessible_at_both_widths(page, axe, "3-posted")
    claim.refresh_from_db()
    # The demo remittance pays most lines and denies 97007 and 97009 (CO-197/N54, CO-96/N130).
    assert claim.status == "paid"
    assert sorted(LinePayment.objects.filter(claim=claim, denied=True).values_list("line__code", flat=True)) == [
        "97007",
        "97009",
    ]

    # --- the claim's whole life ------------------------------------------------------------
    page.goto(f"{base}/billing/claims/{claim.pk}/")
    expect(page.locator("#claim-status")).to_have_text("Paid")
    expect(page.locator("#submissions")).to_contain_text(f"sent as C{claim.pk}V1")
    expect(page.locator("#submissions")).to_contain_text("Accepted")
    payments = page.locator("#payments")
    for line in sent[0].lines:
        expect(payments).to_contain_text(line.code)
    expect(payments).to_contain_text("CO-45")
    expect(payments).to_contain_text("Denied.")
    paid = sum((p.paid for p in LinePayment.objects.filter(claim=claim)), start=0)
    expect(page.locator("#paid-total")).to_have_text(re.compile(rf"\$?{paid:,.2f}|{paid}"))
    expect(page.locator("#balance")).not_to_be_empty()
    expect(page.get_by_role("heading", name="Versions")).to_be_visible()
    _accessible_at_both_widths(page, axe, "4-claim-life")

    # --- the CMS-1500 ----------------------------------------------------------------------
    with page.expect_download() as download:
        page.locator("#claim-form-link").click()
    assert download.value.suggested_filename == f"claim-{claim.pk}-cms1500.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    # --- the review and settings pages -----------------------------------------------------
    page.goto(f"{base}/billing/remittances/review/")
    expect(page.locator("#nothing-kept")).to_be_visible()
    _accessible_at_both_widths(page, axe, "5-payment-review")
    page.goto(f"{base}/billing/partners/?facility={world.facility.pk}")
    expect(page.locator("#partner-form")).to_be_visible()
    _accessible_at_both_widths(page, axe, "6-trading-partner")
    assert Claim.objects.get(pk=claim.pk).status == "paid"
    assert errors == [], errors
