"""Browser test of the sorted work queue at a desktop (1366×768) and a ward tablet held upright
(820×1180): the column headings sort (real links, ``aria-sort`` following), a filter keeps the
sort, axe-core finds no violation, no table is wider than the screen, the action column is on
screen, and a 768 px-high screen shows more than three rows. Drives Debian's chromium with
Playwright; screenshots go to ``test-results/browser/``."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.requirements import chromium_requirement

from ..test_pages_browser import DESKTOP, PASSWORD, SHOTS, TABLET, _axe_source, axe_violations, browser, overflow
from .test_sorting import build_queue

__all__ = ["browser"]  # the fixture, shared with the pages' browser test

pytestmark = [pytest.mark.browser, chromium_requirement()]


def _order(page: Any) -> list[str]:
    texts = page.locator("#queue-table tbody tr td:nth-child(2) small").all_inner_texts()
    return [re.search(r"session (\S+)", text).group(1) for text in texts]  # type: ignore[union-attr]


def _states(page: Any) -> dict[str, str]:
    return {
        th.get_by_role("link").inner_text().strip(" ▲▼"): th.get_attribute("aria-sort")
        for th in page.locator("#queue-table thead th[aria-sort]").all()
    }


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1366x768", "820x1180"])
@pytest.mark.django_db(transaction=True)
def test_the_sorted_queue_is_accessible_and_fits(live_server: Any, browser: Any, viewport: dict[str, int]) -> None:
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    queue = build_queue()
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", queue.billing.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/$"))
    assert _order(page) == ["S-B1", "S-A1", "S-C1", "S-A2", "S-B2"]
    assert _states(page) == {"Date of service": "ascending", "Patient": "none", "Payer": "none", "Amount": "none"}

    # The headings are links: once ascending, again descending (no payer last both times).
    page.get_by_role("link", name="Payer", exact=True).click()
    page.wait_for_url(re.compile(r"\?sort=payer$"))
    assert _order(page) == ["S-A2", "S-B1", "S-B2", "S-A1", "S-C1"]
    page.get_by_role("link", name="Payer", exact=True).click()
    page.wait_for_url(re.compile(r"\?sort=-payer$"))
    assert _order(page) == ["S-A1", "S-B2", "S-B1", "S-A2", "S-C1"]
    assert _states(page) == {"Date of service": "none", "Patient": "none", "Payer": "descending", "Amount": "none"}
    expect(page.locator("#result-count")).to_have_text("5 sessions needing attention · sorted by payer, descending")

    # A filter (sent by htmx) keeps the sort. The filters are folded into one line while none is
    # in force; the line opens them and, once one is chosen, says which.
    filters = page.locator("#queue-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#filter-state")).to_have_text("· none, everything in your facilities")
    filters.get_by_text("Filters").click()
    page.select_option("#id_kind", "held")
    page.wait_for_url(re.compile(r"kind=held"))
    expect(page.locator("#result-count")).to_have_text("3 sessions needing attention · sorted by payer, descending")
    expect(page.locator("#filter-state")).to_have_text("· What: Held claims")
    assert "sort=-payer" in page.url
    assert _order(page) == ["S-A1", "S-B1", "S-A2"]

    page.goto(f"{live_server.url}/queue/?sort=-amount")
    page.wait_for_load_state("networkidle")
    assert _order(page) == ["S-B1", "S-A2", "S-A1", "S-B2", "S-C1"]
    assert axe_violations(page, _axe_source()) == []
    assert overflow(page) == []
    width = viewport["width"]
    page.screenshot(path=str(SHOTS / f"queue-sorted-{width}.png"), full_page=True)

    # The action column: every cell of it within the screen's width, its links visible.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('#queue-table tr')].map(tr => {
             const r = tr.lastElementChild.getBoundingClientRect();
             return [r.left, r.right];
           })"""
    )
    assert len(boxes) == 6  # the heading row and five rows
    assert all(left >= 0 and right <= width for left, right in boxes), boxes
    links = page.locator("#queue-table tbody td:last-child a").all()
    assert len(links) == 3  # a claim link on each held row (billing documents no session)
    for link in links:
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, box

    # A 768 px-high screen shows more than three rows: with the table at the top of the screen,
    # the rows wholly on it.
    if viewport is DESKTOP:
        page.evaluate("document.querySelector('#queue-table').scrollIntoView({block: 'start'})")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('#queue-table tbody tr')]
                 .filter(tr => { const r = tr.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })
                 .length"""
        )
        assert shown > 3, shown
        page.screenshot(path=str(SHOTS / f"queue-sorted-{width}-rows.png"))
    assert errors == []
    page.context.close()


def _rows_on_screen(page: Any) -> list[tuple[float, float]]:
    """The tops and bottoms of the queue's rows wholly within the screen, as the page stands."""
    return [
        (top, bottom)
        for top, bottom in page.evaluate(
            """() => [...document.querySelectorAll('#queue-table tbody tr')].map(tr => {
                 const r = tr.getBoundingClientRect();
                 return [r.top, r.bottom];
               })"""
        )
        if top >= 0 and bottom <= page.viewport_size["height"]
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["1366x768", "820x1180"])
@pytest.mark.django_db(transaction=True)
def test_the_demo_queue_shows_more_than_three_rows_on_load(
    live_server: Any, browser: Any, viewport: dict[str, int]
) -> None:
    """Billing signs in to the demo: the queue's first rows are on the screen as the page opens
    (no scrolling), more than three of them whole, the action column within the screen's width;
    axe-core finds no violation."""
    from coolclaim.web.demo import DEMO_PASSWORD, seed_demo

    SHOTS.mkdir(parents=True, exist_ok=True)
    seed_demo()
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "billing.oh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/queue/$"))
    page.wait_for_load_state("networkidle")
    width = viewport["width"]
    page.screenshot(path=str(SHOTS / f"queue-demo-{width}.png"))

    assert page.evaluate("scrollY") == 0
    assert page.locator("#queue-table tbody tr").count() >= 4
    shown = _rows_on_screen(page)
    assert len(shown) >= 4, shown
    assert overflow(page) == []
    for link in page.locator("#queue-table tbody td:last-child a").all():
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert axe_violations(page, _axe_source()) == []
    assert errors == []
    page.context.close()
