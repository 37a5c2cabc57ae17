"""Browser test on the seeded demo: the coordinator screens a demo patient in PAP screening (the
cap kit is promised), then on a demo case with a denied PA prepares a letter of medical
necessity, edits a paragraph, makes the PDF and downloads it; the PDF is read back (pages, the
patient's name). A nurse uses the standalone screening page. Every page passes axe-core at
1366x768 and 820x1180 and fits the screen. Debian's chromium through Playwright (never ``playwright install``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coolclaim.web.demo import DEMO_PASSWORD, seed_demo
from coolclaim.web.hub.models import CapKitReplacement, Case, GeneratedDocument
from tests.adapters.documents.pdf_pages import pages

from .test_documents import _fixed_world

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
    import axe_playwright_python

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


def _sign_in_demo(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/"))
    return page


@pytest.mark.django_db(transaction=True)
def test_coordinator_screens_a_demo_patient_then_edits_makes_and_downloads_a_letter(
    live_server: Any, browser: Any
) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    seed_demo()
    screening_case = Case.objects.filter(state="pap_screening").order_by("pk").first()
    letter_case = Case.objects.filter(state="appeal_pending").order_by("pk").first()
    assert screening_case is not None
    assert letter_case is not None
    base = live_server.url
    page = _sign_in_demo(browser, base, "coordinator")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # --- a demo patient in PAP screening: eligible, the cap kit promised -------------------
    page.goto(f"{base}/hub/cases/{screening_case.pk}/")
    page.get_by_role("link", name="Screen for patient assistance").click()
    page.get_by_label("Household size").fill("2")
    page.get_by_label("Household income (USD a year)").fill("30000")
    page.get_by_label("Patient's cost of the cap kit and treatments (USD)").fill("2400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#case-state")).to_have_text("Closed: Patient assistance")
    expect(page.locator("#cap-kit-status")).to_have_text("Promised")
    assert CapKitReplacement.objects.get(case=screening_case).status == "promised"
    _check_both_widths(page, "case-after-screening")

    # --- a demo case with a denied PA: the letter, one paragraph edited, the PDF -------------
    page.goto(f"{base}/hub/cases/{letter_case.pk}/")
    page.get_by_label("Document", exact=True).select_option("letter_of_medical_necessity")
    page.get_by_role("button", name="Prepare a draft").click()
    expect(page.get_by_role("heading", name="Letter of medical necessity", level=1)).to_be_visible()
    _check_both_widths(page, "letter-draft")
    page.locator("form textarea").first.fill(EDITED)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator("#messages")).to_contain_text("Letter of medical necessity generated")
    document = GeneratedDocument.objects.get(case=letter_case)
    assert len(document.edited) == 1
    expect(page.locator("#case-documents")).to_contain_text("coordinator")
    _check_both_widths(page, "case-with-document")

    # --- the download, read back ----------------------------------------------------------------
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download letter of medical necessity {document.pk}").click()
    download = info.value
    assert download.suggested_filename == f"hub-case-{letter_case.pk}-letter-of-medical-necessity-{document.pk}.pdf"
    read = pages(Path(download.path()).read_bytes())
    assert len(read) == document.pages
    assert len(read) >= 2
    patient = letter_case.patient
    assert f"{patient.given_name} {patient.family_name}" in " ".join(read[0].text.split())
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
