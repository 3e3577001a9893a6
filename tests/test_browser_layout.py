"""The reading pages at a desktop width and at a phone's (390 px), in Debian's Chromium.

For each main page (front page, search, search by source, a release, sources, an archived copy,
the releases table page) a full-page screenshot is written at both widths to
test-artifacts/browser/layout/ (`make test` leaves them there for people to look at:
`desktop-search.png`, `phone-search.png`, ...). At 390 px nothing may be wider than the screen:
the document does not scroll sideways and no visible element (nor its overflowing content)
reaches past the right edge, except inside a box that scrolls on its own. The search results
keep a readable width, and the table page shows none of Datasette's English chrome.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_session import DESKTOP, PHONE, artifacts, demo_archive, launched, require_chromium
from datasette_english import COLUMN_MENU, english
from serve_process import running_server

sync_api = require_chromium()

QUERY = "инвестициями"
MIN_RESULTS_WIDTH = 300
# Every visible element whose box, or content spilling out of it, reaches past `width`; an element
# inside a box that scrolls (or clips) on its own is that box's business, and the box is checked.
OVERFLOWING = """(width) => {
    const clipped = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return true;
        }
        return false;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className.trim()
            ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (style.display === "none" || style.visibility === "hidden" || box.width === 0) continue;
        if (box.right < 0) continue;  // parked off screen on purpose (Datasette's stacked table heads)
        if (clipped(el)) continue;
        const spill = style.overflowX === "visible" ? Math.max(box.width, el.scrollWidth) : box.width;
        const right = box.left + window.scrollX + spill;
        if (right > width + 1) out.push(name(el) + " (" + Math.round(right) + " px)");
    }
    return out;
}"""


@dataclass
class Served:
    base: str
    pages: dict[str, str]


def _main_pages(db_path: Path) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        by_size = "SELECT source FROM releases GROUP BY source ORDER BY count(*) DESC"
        source = conn.execute(by_size).fetchone()[0]
        release_id = conn.execute("SELECT release_id FROM releases ORDER BY length(url) DESC").fetchone()[0]
        capture = conn.execute("SELECT min(id) FROM captures WHERE release_id IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    assert capture is not None, "the demo crawl keeps raw captures"
    return {
        "front": "/",
        "search": f"/-/search?q={QUERY}",
        "browse": f"/-/search?source={source}",
        "release": f"/-/release/{release_id}",
        "sources": "/-/sources",
        "capture": f"/-/capture/{capture}",
        "table": f"/{db_path.stem}/releases",
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db_path = demo_archive(tmp_path_factory)
    with running_server(db_path) as base:
        yield Served(base, _main_pages(db_path))


@pytest.fixture(scope="module")
def shots() -> Path:
    return artifacts("layout")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched(sync_api) as chromium:
        yield chromium


def _open(browser: object, served: Served, name: str, viewport: dict[str, int], shots: Path) -> object:
    page = browser.new_page(viewport=viewport, locale="ru-RU")  # type: ignore[attr-defined]
    response = page.goto(served.base + served.pages[name])
    assert response is not None and response.status == 200, (name, response and response.status)
    label = "phone" if viewport == PHONE else "desktop"
    page.screenshot(path=str(shots / f"{label}-{name}.png"), full_page=True)
    return page


PAGES = ("front", "search", "browse", "release", "sources", "capture", "table")


@pytest.mark.parametrize("name", PAGES)
def test_desktop_screenshot(served: Served, browser: object, shots: Path, name: str) -> None:
    page = _open(browser, served, name, DESKTOP, shots)
    assert page.locator("h1").first.is_visible()
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_nothing_wider_than_a_phone(served: Served, browser: object, shots: Path, name: str) -> None:
    page = _open(browser, served, name, PHONE, shots)
    width = PHONE["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    offenders = page.evaluate(OVERFLOWING, width)
    message = f"{name} at {width} px: scrollWidth {scroll_width}; {offenders[:12]}"
    assert scroll_width <= width and not offenders, message
    page.close()


@pytest.mark.parametrize("name", ["search", "browse"])
def test_search_results_keep_their_width_on_a_phone(
    served: Served, browser: object, shots: Path, name: str
) -> None:
    page = _open(browser, served, name, PHONE, shots)
    results = page.locator(".pa-results")
    assert results.count() == 1, f"{name}: no results block"
    box = results.bounding_box()
    assert box is not None and box["width"] >= MIN_RESULTS_WIDTH, f"{name}: results {box}"
    hit = page.locator(".pa-hit").first.bounding_box()
    assert hit is not None and hit["width"] >= MIN_RESULTS_WIDTH, f"{name}: first result {hit}"
    page.close()


def test_table_page_has_no_english_chrome(served: Served, browser: object, shots: Path) -> None:
    for viewport in (DESKTOP, PHONE):
        page = _open(browser, served, "table", viewport, shots)
        text = page.locator("body").inner_text()
        for definition in page.locator("pre.wrapped-sql").all_inner_texts():  # the schema is SQL, not chrome
            text = text.replace(definition, "")
        assert english(text) == [], viewport
        assert not english(page.title()), page.title()
        if viewport == DESKTOP:
            page.locator("th svg.dropdown-menu-icon").first.click()
            menu = page.locator("body > .dropdown-menu")
            assert menu.is_visible()
            assert english(menu.inner_text(), COLUMN_MENU) == [], menu.inner_text()
            assert "Сортировать по возрастанию" in menu.inner_text()
        page.close()


def test_sources_cards_keep_their_labels_on_a_phone(served: Served, browser: object, shots: Path) -> None:
    page = _open(browser, served, "sources", PHONE, shots)
    labels = page.evaluate(
        """() => Array.from(document.querySelectorAll("table.pa-sources td")).map(
            (td) => getComputedStyle(td, "::before").content)"""
    )
    assert labels, "no sources table"
    unlabelled = [label for label in labels if label in ("none", "normal", '""')]
    assert unlabelled == [], f"{len(unlabelled)} of {len(labels)} cells without a label"
    assert '"Состояние"' in labels
    page.close()
