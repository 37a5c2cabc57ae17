"""Browser test: a coordinator opens a case whose PA was denied with no appeal, screens the patient
(the cap kit is promised), prepares a letter of medical necessity, edits a paragraph, makes the
PDF and downloads it; the PDF is read back (pages, the patient's name). A nurse uses the
standalone screening page. Every page passes axe-core at 1366x768 and 820x1180 and fits the
screen. Debian's chromium through Playwright (never ``playwright install``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from coolclaim.web.hub.models import CapKitReplacement, Case, GeneratedDocument
from coolclaim.web.hub.services.complete_bi import BenefitsFound, complete_bi
from coolclaim.web.hub.services.decide_pa import decide_pa
from coolclaim.web.hub.services.submit_pa import submit_pa
from tests.adapters.documents.pdf_pages import pages

from .test_documents import _fixed_world
from .world import HubWorld, at, new_case

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[3] / "test-results" / "browser"
PASSWORD = "test-password-123"
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
EDITED = "I have known this patient since her diagnosis; this sentence was edited in the browser."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true", reason="needs Debian's chromium at /usr/bin/chromium"
    ),
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
    import axe_playwright_python  # type: ignore[import-untyped]

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    page.evaluate(_axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']}: {node['target']}" for v in result["violations"] for node in v["nodes"]]


def _check_both_widths(page: Any, name: str) -> None:
    """Zero axe violations and nothing wider than the screen, at the desktop and the tablet width."""
    for size in (DESKTOP, TABLET):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {size['width']}"
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], f"{name} at {size['width']}"
        page.screenshot(path=str(SHOTS / f"docs-{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _sign_in(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/"))
    return page


def _denied_without_appeal(world: HubWorld) -> Case:
    """Commercial plan, PA required and denied with no appeal available: the case is in PAP screening."""
    case = new_case(world, payer_type="commercial", received="2026-11-16", regimen="TC")
    found = BenefitsFound(
        completed_at=at("2026-11-17"),
        coverage="covered",
        coverage_active=True,
        pa_required=True,
        network="in",
        deductible=Decimal("1500.00"),
        deductible_met=Decimal("0.00"),
        coinsurance_percent=Decimal("20"),
        copay=Decimal("0.00"),
    )
    complete_bi(case, found, actor=world.coordinator)
    auth = submit_pa(case, rail="portal", submitted_at=at("2026-11-18"), actor=world.coordinator)
    decide_pa(
        auth,
        decision="denied",
        decided_at=at("2026-11-20"),
        actor=world.coordinator,
        denial_reasons=["50"],
        appeal_available=False,
    )
    case.refresh_from_db()
    return case


@pytest.mark.django_db(transaction=True)
def test_coordinator_screens_then_edits_makes_and_downloads_a_letter(live_server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    world = _fixed_world()
    case = _denied_without_appeal(world)
    assert case.state == "pap_screening"
    base = live_server.url
    page = _sign_in(browser, base, world.coordinator.username)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # --- screening on the case: eligible, the cap kit promised --------------------------------
    page.goto(f"{base}/hub/cases/{case.pk}/")
    page.get_by_role("link", name="Screen for patient assistance").click()
    page.get_by_label("Household size").fill("2")
    page.get_by_label("Household income (USD a year)").fill("30000")
    page.get_by_label("Patient's cost of the cap kit and treatments (USD)").fill("2400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#case-state")).to_have_text("Closed: Patient assistance")
    expect(page.locator("#cap-kit-status")).to_have_text("Promised")
    assert CapKitReplacement.objects.get(case=case).status == "promised"
    _check_both_widths(page, "case-after-screening")

    # --- the letter: prepare, edit a paragraph, make the PDF ----------------------------------
    page.get_by_label("Document", exact=True).select_option("letter_of_medical_necessity")
    page.get_by_role("button", name="Prepare a draft").click()
    expect(page.get_by_role("heading", name="Letter of medical necessity", level=1)).to_be_visible()
    _check_both_widths(page, "letter-draft")
    first = page.locator("form textarea").first
    first.fill(EDITED)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Letter of medical necessity generated")
    document = GeneratedDocument.objects.get(case=case)
    assert len(document.edited) == 1
    expect(page.locator("#case-documents")).to_contain_text(world.coordinator.username)
    _check_both_widths(page, "case-with-document")

    # --- the download, read back ----------------------------------------------------------------
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download letter of medical necessity {document.pk}").click()
    download = info.value
    assert download.suggested_filename == f"hub-case-{case.pk}-letter-of-medical-necessity-{document.pk}.pdf"
    pdf = Path(download.path()).read_bytes()
    read = pages(pdf)
    assert len(read) == document.pages
    assert len(read) >= 2
    assert "Ada Testpatient" in read[0].text
    assert "edited in the browser" in " ".join(" ".join(p.text.split()) for p in read)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_nurse_screens_on_the_standalone_page(live_server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    world = _fixed_world()
    page = _sign_in(browser, live_server.url, world.nurse.username)
    page.get_by_role("link", name="Screening").click()
    expect(page.get_by_role("heading", name="Patient assistance screening")).to_be_visible()
    _check_both_widths(page, "screening-form")
    page.get_by_label("Household size").fill("3")
    page.get_by_label("Household income (USD a year)").fill("52000")
    page.get_by_label("Patient's cost of the cap kit and treatments (USD)").fill("2400")
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_role("heading", name=re.compile("^Result: eligible"))).to_be_visible()
    expect(page.locator("#screening-result")).to_contain_text("INCOME_WITHIN_600")
    expect(page.locator("#screening-result article")).to_have_count(2)
    _check_both_widths(page, "screening-result")
