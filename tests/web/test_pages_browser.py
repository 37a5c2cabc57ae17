"""Browser tests: a nurse enters a session and sees the live coding preview; billing works the
held claim (override with a reason) and accepts it; every page of every role, at a desktop
(1366×768) and a ward tablet (820×1180), passes axe-core with zero violations and fits the
screen. Drives Debian's chromium with Playwright (never ``playwright install``); screenshots go
to ``test-results/``."""

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


#: The two screens every page must serve: a desktop and a ward tablet held upright.
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}
#: axe-core as the axe-playwright-python package ships it (a dev dependency; nothing downloaded).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _axe_source() -> str:
    from importlib.util import find_spec

    spec = find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None, "axe-playwright-python (a dev dependency) is missing"
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any, source: str) -> list[str]:
    """axe-core's violations on the page as it stands: ``rule: target (summary)``, one a node."""
    page.evaluate(source)  # evaluated by the driver, not as an inline script (the CSP forbids those)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']}: {node['target']} ({node['failureSummary'].splitlines()[-1].strip()})"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def overflow(page: Any) -> list[str]:
    """What is wider than the screen: the page itself, or a table beyond its scroll box."""
    return list(
        page.evaluate(
            """() => {
              const out = [];
              const doc = document.documentElement;
              if (doc.scrollWidth > window.innerWidth) out.push(`page ${doc.scrollWidth} > ${window.innerWidth}`);
              document.querySelectorAll('table').forEach((t, i) => {
                const box = t.closest('.table-wrap') || t.parentElement;
                if (t.scrollWidth > box.clientWidth + 1)
                  out.push(`table ${t.id || i} ${t.scrollWidth} > ${box.clientWidth}`);
              });
              return out;
            }"""
        )
    )


def _sign_in(browser: Any, base: str, username: str, viewport: dict[str, int] | None = None) -> Any:
    context = browser.new_context(viewport=viewport or {"width": 1180, "height": 820})
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

    page.get_by_role("button", name=re.compile(r"^Now: set pre-cooling started to the current time in ")).click()
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
    page.locator("#queue-filters summary").click()  # the filters, folded while none is in force
    page.select_option("#id_kind", "held")
    expect(page.locator("#queue-results")).to_contain_text(
        "Required documentation is missing: physician order verified"
    )
    page.get_by_role("link", name=f"Claim {claim.pk}", exact=True).click()
    expect(page.locator("#claim-status")).to_have_text("On hold")
    expect(page.get_by_role("button", name="Accept claim")).to_be_disabled()
    expect(page.locator("#accept-blocked")).to_contain_text("DOCUMENTATION_INCOMPLETE")

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
    expect(page.get_by_role("button", name="Accept claim")).to_have_count(0)  # no Accept after Accept
    assert page.errors == []  # nothing failed (CSP, scripts)
    page.context.close()


def _preview_batch(world: Any) -> Any:
    """An uploaded file of three sessions (one rejected), previewed and not imported."""
    import json

    from coolclaim.web.imports.pipeline.staging import stage_batch

    from .api_support import contract_record

    records = [contract_record(0), contract_record(1), contract_record(2, facility_state="OH")]
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    return stage_batch(data, "day.jsonl", world.mine.facility, world.users[Role.FACILITY_ADMIN])


def _pages_of(world: Any) -> dict[str, list[str]]:
    """Every page each role works with (the 403 and 404 pages included)."""
    mine = world.mine
    patient = f"/clinic/patients/{mine.patient.pk}/"
    claims = [f"/billing/claims/{mine.held.pk}/", f"/billing/claims/{mine.ready.pk}/"]
    common = ["/", "/queue/", "/queue/?kind=held", "/clinic/patients/", "/billing/claims/", "/hub/cases/"]
    return {
        Role.NURSE: [
            *common,
            patient,
            *claims,
            f"/clinic/courses/{mine.course.pk}/sessions/new/",
            f"/clinic/sessions/{mine.uncoded.pk}/edit/",
            "/billing/submit/",  # 403
            "/no-such-page/",  # 404
        ],
        Role.BILLING: [
            *common,
            patient,
            *claims,
            "/billing/claims/?status=accepted",
            "/billing/submit/",
            "/billing/remittances/",
            "/billing/fees/",
            f"/billing/fees/?facility={mine.facility.pk}",
        ],
        Role.FACILITY_ADMIN: [*common, patient, "/import/", f"/import/{_preview_batch(world).pk}/", "/billing/fees/"],
        Role.ANALYST: [*common, "/hub/outcomes/"],
        Role.HUB_COORDINATOR: [*common, "/hub/cases/enroll/", "/hub/outcomes/"],
    }


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1366x768", "820x1180"])
@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_has_no_axe_violation_and_fits(
    live_server: Any, browser: Any, viewport: dict[str, int]
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    world = build_world()
    source = _axe_source()
    found: dict[str, list[str]] = {}
    for role, urls in _pages_of(world).items():
        page = _sign_in(browser, live_server.url, world.users[role].username, viewport)
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            problems = axe_violations(page, source) + overflow(page)
            if problems:
                found[f"{role} {url}"] = problems
        width = viewport["width"]
        page.screenshot(path=str(SHOTS / f"walk-{role}-{width}.png"))
        # The 403 and 404 pages are answered with their status on purpose; nothing else may fail.
        unexpected = [e for e in page.errors if not re.search(r"status of 40[34] \(Forbidden|Not Found\)", e)]
        assert unexpected == [], (role, unexpected)
        page.context.close()
    assert found == {}, "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems)


@pytest.mark.django_db(transaction=True)
def test_api_docs_page_renders_the_document(live_server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    expect(page.get_by_text("/api/v1/code", exact=True)).to_be_visible()
    assert page.locator(".errors-wrapper").count() == 0  # Swagger UI's box for a document it cannot parse
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_session_entry_on_a_ward_tablet(live_server: Any, browser: Any) -> None:
    """At 820 px the preview sits above the form; the first field has focus; "Now" is the
    facility's time even on a tablet set to another zone; a date-time is typed straight through."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    world = build_world()
    facility = world.mine.facility
    context = browser.new_context(viewport=TABLET, timezone_id="Pacific/Auckland")  # the device's zone
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.users[Role.NURSE].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/"))
    fixed = dt.datetime(2026, 3, 3, 13, 7, tzinfo=dt.UTC)
    page.clock.set_fixed_time(fixed)
    page.goto(f"{live_server.url}/clinic/courses/{world.mine.course.pk}/sessions/new/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") == "id_session_id"
    preview = page.locator("aside.preview").bounding_box()
    form = page.locator("#session-form").bounding_box()
    assert preview is not None
    assert form is not None
    assert preview["y"] + preview["height"] <= form["y"]  # above the form, so above Save
    assert preview["y"] < TABLET["height"]  # visible without scrolling

    page.get_by_role("button", name=re.compile(r"^Now: set pre-cooling started ")).click()
    expected = fixed.astimezone(ZoneInfo(facility.time_zone)).strftime("%Y-%m-%dT%H:%M")
    assert page.input_value("#id_cooling_start") == expected

    page.locator("#id_infusion_start").click()
    page.keyboard.press("Home")
    page.keyboard.type("03032026")  # month, day, four-digit year: then the time, no tabbing
    page.keyboard.type("0830AM")
    assert page.input_value("#id_infusion_start") == "2026-03-03T08:30"
    page.screenshot(path=str(SHOTS / "tablet-session-entry.png"))
    page.get_by_role("button", name="Save and code").scroll_into_view_if_needed()
    pinned = page.locator("aside.preview").bounding_box()
    assert pinned is not None
    assert 0 <= pinned["y"] < 40  # still on screen, pinned at the top, while the nurse reaches Save
    page.screenshot(path=str(SHOTS / "tablet-session-entry-save.png"))
    context.close()


@pytest.mark.django_db(transaction=True)
def test_lists_show_more_than_three_rows_on_a_768_px_high_screen(live_server: Any, browser: Any) -> None:
    world = build_world()
    page = _sign_in(browser, live_server.url, world.users[Role.BILLING].username, DESKTOP)
    for url in ("/billing/claims/", "/queue/"):
        page.goto(live_server.url + url)
        heights = page.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height)")
        assert len(heights) >= 2, url
        assert max(heights) * 4 < DESKTOP["height"], (url, heights)
    page.context.close()
