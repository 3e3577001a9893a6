"""A release that is only a PDF, end to end (issue 16): a real crawl of a loopback site fetches the
file, the words of its second page are found by the Russian search, the hit names the file and its
page, and in the real browser the link opens the release page at that page of the file's text.
The next night the file is edited: the new words are found, the old ones no longer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from attachment_files import DECREE, SECOND_PAGE, unicode_pdf
from browser_session import DESKTOP, artifacts, launched, require_chromium
from planned_site import crawl_site, planned_site
from serve_process import running_server

from archive.serve.app import make_datasette

LISTING = (
    "<html><head><title>Новости</title></head><body><main><h1>Новости</h1><ul>"
    "<li><span>01.12.2026</span> <a href='/news/postanovlenie'>Постановление о субсидиях принято</a></li>"
    "<li><span>02.12.2026</span> <a href='/news/forum'>Форум предпринимателей пройдёт в Химках</a></li>"
    "</ul></main></body></html>"
)
ARTICLE = (
    "<html><head><title>Постановление о субсидиях принято</title></head><body><main><article>"
    "<h1>Постановление о субсидиях принято</h1><p>Дата публикации: 01.12.2026</p>"
    "<p>" + "Правительство Московской области приняло постановление о поддержке малого и среднего"
    " предпринимательства. Документ прилагается. "
    * 3
    + "</p><ul><li><a href='/files/postanovlenie.pdf'>Постановление № 1205-ПП (PDF)</a></li></ul>"
    "</article></main></body></html>"
)
FORUM = (
    "<html><head><title>Форум предпринимателей пройдёт в Химках</title></head><body><main><article>"
    "<h1>Форум предпринимателей пройдёт в Химках</h1><p>Дата публикации: 02.12.2026</p><p>"
    + "Форум соберёт представителей малого и среднего бизнеса Московской области и банков. " * 3
    + "</p></article></main></body></html>"
)
NEW_SECOND_PAGE = (
    "Приложение № 2 к постановлению",
    "Контроль возложить на заместителя министра Рогозина П. С.",
)


def _plan(night: int):  # type: ignore[no-untyped-def]
    second_page = SECOND_PAGE if night == 1 else NEW_SECOND_PAGE
    pdf = unicode_pdf((tuple(DECREE), tuple(second_page))).data
    pages: dict[str, tuple[int, dict[str, str], str | bytes]] = {
        "/news/": (200, {}, LISTING),
        "/news/postanovlenie": (200, {}, ARTICLE),
        "/news/forum": (200, {}, FORUM),
        "/files/postanovlenie.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
    }

    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
        return pages.get(path, (404, {}, "<html><body>Нет такой страницы</body></html>"))

    return plan


def _search(db: Path, query: str) -> str:
    datasette = make_datasette(db)
    try:
        response: httpx.Response = asyncio.run(datasette.client.get("/-/search", params={"q": query}))
    finally:
        for database in datasette.databases.values():
            database.close()
    assert response.status_code == 200
    return response.text


def _hit(page: str) -> str:
    assert 'class="pa-attachment-hit"' in page, page[page.find("pa-results") :][:1500]
    return page.split('class="pa-attachment-hit"', 1)[1].split("</p>", 1)[0]


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("attachment-search")
    with planned_site() as site:
        site.answer(_plan(1))
        db = crawl_site(tmp_path, site, "/news/")
        first = {query: _search(db, query) for query in ("Ковалёва", "Рогозин", "Химпром")}
        site.answer(_plan(2))
        crawl_site(tmp_path, site, "/news/")
        second = {query: _search(db, query) for query in ("Ковалёва", "Рогозин", "Химпром")}
    return {"db": db, "first": first, "second": second}


def test_the_words_of_the_file_find_the_release_with_its_page(nights: dict[str, Any]) -> None:
    hit = _hit(nights["first"]["Ковалёва"])
    assert "«Постановление № 1205-ПП»" in hit and "с. 2" in hit
    assert "<mark>Ковалёва</mark>" in hit
    assert "с. 1" in _hit(nights["first"]["Химпром"])
    assert "Ничего не найдено" in nights["first"]["Рогозин"]


def test_an_edited_file_is_searched_by_its_new_words(nights: dict[str, Any]) -> None:
    assert "с. 2" in _hit(nights["second"]["Рогозин"])
    assert "Ничего не найдено" in nights["second"]["Ковалёва"]
    assert "с. 1" in _hit(nights["second"]["Химпром"])  # the unchanged page still is


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = require_chromium()
    with launched(sync_api) as chromium:
        yield chromium


def test_in_the_browser_the_hit_opens_the_page_of_the_file(nights: dict[str, Any], browser: Any) -> None:
    shots = artifacts("attachment-search")
    with running_server(nights["db"]) as base:
        page = browser.new_page(viewport=DESKTOP, locale="ru-RU")
        try:
            page.goto(f"{base}/-/search?q=Рогозина")
            link = page.locator(".pa-attachment-hit a")
            assert link.count() == 1
            page.screenshot(path=str(shots / "hit.png"), full_page=True)
            link.click()
            page.wait_for_load_state()
            assert "#attachment-" in page.url and page.url.endswith("-page-2")
            target = page.locator(f"[id='{page.url.split('#', 1)[1]}']")
            assert target.is_visible() and "Рогозина" in target.inner_text()
            journal = page.locator(".pa-events").inner_text()
            assert "издатель заменил приложенный файл «Постановление № 1205-ПП»" in journal
            page.screenshot(path=str(shots / "release-page-2.png"), full_page=True)
        finally:
            page.close()
