"""A person's view: headless Chromium (Debian's) driven by Playwright against the real server.

The archive is built by crawling the demo mirror through the CLI; `pressarchive serve` runs as a
process; the browser types «инвестициями», reads the results, opens a release and checks what is
on the screen. Screenshots go to test-artifacts/browser/reading/ (kept by CI as artefacts).

`make test` installs Chromium (apt-get) when it is missing; Playwright never downloads a browser.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_session import (
    ARTIFACTS_ROOT,
    DESKTOP,
    Served,
    artifacts,
    launched,
    require_chromium,
    serve_demo,
)

from archive.search import register_functions

QUERY = "инвестициями"
sync_api = require_chromium()
ARTIFACTS = ARTIFACTS_ROOT / "reading"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    artifacts("reading")
    with launched(sync_api) as chromium:
        yield chromium


def stemmed_hits(db_path: Path, query: str) -> int:
    conn = sqlite3.connect(db_path)
    register_functions(conn)
    try:
        sql = "SELECT count(*) FROM releases_stem_fts WHERE releases_stem_fts MATCH ru_stem_query(?)"
        return int(conn.execute(sql, [query]).fetchone()[0])
    finally:
        conn.close()


def release_row(db_path: Path, release_id: str) -> dict[str, object]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM releases WHERE release_id = ?", [release_id]).fetchone())
    finally:
        conn.close()


def test_a_journalist_searches_and_reads_a_release(served: Served, browser: object) -> None:
    expected = stemmed_hits(served.db_path, QUERY)
    assert expected > 1  # the demo corpus has several forms of the word
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(served.base + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_label("Поиск по пресс-релизам").fill(QUERY)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(re.compile(r"/-/search\?q="))
    page.screenshot(path=str(ARTIFACTS / "01-search.png"), full_page=True)

    count_text = page.locator(".pa-count strong").inner_text()
    assert re.search(rf"Найдено: {expected} релиз", count_text), count_text
    hits = page.locator(".pa-hit")
    assert hits.count() == min(expected, 20)
    marked = {text.lower() for text in page.locator(".pa-hit mark").all_inner_texts()}
    assert marked and all(word.startswith("инвестиц") for word in marked), marked
    assert marked - {QUERY}, "only the exact form was highlighted: stemming is not working"
    assert page.locator(".pa-facets").get_by_text("Московская область").count() >= 1

    first = hits.first.locator("h3 a")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/-/release/"))
    page.screenshot(path=str(ARTIFACTS / "02-release.png"), full_page=True)

    release_id = page.url.rsplit("/", 1)[1]
    row = release_row(served.db_path, release_id)
    assert page.locator("h1").inner_text() == row["title"] == title
    original = page.get_by_role("link", name=str(row["url"]))
    assert original.get_attribute("href") == row["url"]
    body = page.locator(".pa-body").inner_text()
    assert str(row["body_text"]).split("\n")[-1][:60] in " ".join(body.split())
    facts = page.locator(".pa-facts").inner_text()
    assert "Дата публикации" in facts and "Источник" in facts
    assert re.search(
        r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}",
        facts,
    )
    assert errors == []

    copies = page.locator(".pa-captures a")
    if copies.count():  # archives written with raw capture (WARC) link the copy the crawler received
        copies.first.click()
        page.wait_for_url(re.compile(r"/-/capture/\d+"))
        page.screenshot(path=str(ARTIFACTS / "03-archived-copy.png"), full_page=True)
        assert "Архивная копия страницы" in page.locator("h1").first.inner_text()
        assert str(row["title"]) in page.locator(".pa-archived").inner_text()
        assert errors == []


def test_sources_page_in_the_browser(served: Served, browser: object) -> None:
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[attr-defined]
    page.goto(served.base + "/-/sources")
    page.screenshot(path=str(ARTIFACTS / "04-sources.png"), full_page=True)
    assert page.locator("h1").inner_text() == "Источники"
    assert page.locator("table.pa-sources tbody tr").count() == 4
    assert "Последний успешный обход" in page.locator("table.pa-sources thead").first.inner_text()
    assert page.locator("h2", has_text="Центральный федеральный округ").count() == 1
    assert page.locator("table.pa-coverage tr.pa-district").count() == 8
