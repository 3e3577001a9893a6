"""A journalist's search in the real browser: one form that keeps every field, browsing without words.

Headless Chromium (Debian's) under Playwright against `pressarchive serve` as a process, over the
serving tests' archive (tests/serve_fixtures.py) plus a Курган release, so every count is known.
Screenshots go to test-artifacts/browser/search/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from browser_session import DESKTOP, artifacts, launched, require_chromium
from serve_fixtures import SEEN, build_archive, release, source
from serve_process import running_server

from archive.store import Archive

sync_api = require_chromium()
KURGAN = replace(source("kurgan", "Курганская область", "ministry"), timezone="Asia/Yekaterinburg")
KURGAN_RELEASE = release(
    10,
    KURGAN,
    "Курганский экспорт растёт",
    "Экспорт из Кургана вырос.",
    published_date="2026-02-20",
    published_time="11:45",
    published_utc="2026-02-20T06:45:00Z",
    date_precision="minute",
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db_path: Path = tmp_path_factory.mktemp("search-browser") / "archive.db"
    build_archive(db_path)
    with Archive.open(db_path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases([KURGAN_RELEASE], seen_at=SEEN)
    with running_server(db_path) as url:
        yield url


@pytest.fixture(scope="module")
def shots() -> Path:
    return artifacts("search")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched(sync_api) as chromium:
        yield chromium


def _page(browser: Any) -> Any:
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # the page's script errors, checked at the end of each test
    return page


def _count(page: Any) -> str:
    return page.locator(".pa-count strong").inner_text()


def test_a_new_query_after_a_facet_keeps_the_facet(base: str, browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto(base + "/-/search?q=экспорт")
    assert _count(page) == "Найдено: 5 релизов"
    page.locator(".pa-facet-region").get_by_role("link", name="Калужская область").click()
    page.wait_for_url(re.compile(r"region="))
    assert _count(page) == "Найдено: 2 релиза"
    page.get_by_label("Поиск по пресс-релизам").fill("завод")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(re.compile(r"q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4"))
    page.screenshot(path=str(shots / "01-new-query-keeps-region.png"), full_page=True)
    assert _count(page) == "Найдено: 1 релиз"  # the new words and the old region, both
    assert page.locator(".pa-chips").inner_text().count("Калужская область") == 1
    assert page.locator("select[name=region]").input_value() == "Калужская область"
    assert page.get_by_label("Поиск по пресс-релизам").input_value() == "завод"
    page.locator(".pa-chip-remove").click()
    page.wait_for_url(re.compile(r"^(?!.*region=)"))  # the region dropped, the words kept
    assert page.locator(".pa-chips").count() == 0 and page.locator("select[name=region]").count() == 0
    assert page.get_by_label("Поиск по пресс-релизам").input_value() == "завод"
    assert page.errors == []


def test_dates_and_the_query_go_with_the_one_button(base: str, browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto(base + "/-/search")
    page.get_by_label("Поиск по пресс-релизам").fill("экспорт")
    page.get_by_label("Дата публикации с").fill("2025-06-03")
    page.get_by_label("по", exact=True).fill("2025-06-03")
    page.get_by_label("время по Москве").check()
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(re.compile(r"date_from=2025-06-03"))
    page.screenshot(path=str(shots / "02-dates-and-query.png"), full_page=True)
    assert _count(page) == "Найдено: 1 релиз"
    assert page.locator(".pa-hit h3").inner_text() == "Старый релиз об экспорте"
    assert page.get_by_label("Поиск по пресс-релизам").input_value() == "экспорт"
    assert page.get_by_label("Дата публикации с").input_value() == "2025-06-03"
    assert page.get_by_label("время по Москве").is_checked()
    assert page.errors == []


def test_a_source_is_browsed_without_words(base: str, browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto(base + "/-/search")
    assert _count(page) == "Найдено: 5 релизов"  # every release, newest first
    page.locator(".pa-facet-source").get_by_role("link", name="Издатель invest").click()
    page.wait_for_url(re.compile(r"source=invest"))
    page.screenshot(path=str(shots / "03-browse-source.png"), full_page=True)
    assert "q=" not in page.url
    assert _count(page) == "Найдено: 2 релиза"
    titles = page.locator(".pa-hit h3").all_inner_texts()
    assert titles == ["Экспорт растёт", "Агентство привлекло новыми инвестициями завод"]
    assert "удалён с сайта" in page.locator(".pa-hit").first.inner_text()
    assert page.get_by_role("link", name="Скачать для Excel (CSV)").get_attribute("href") == (
        "/-/search/excel?source=invest"
    )
    assert page.errors == []


def test_times_switch_between_local_and_moscow(base: str, browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto(base + "/-/search?region=Курганская+область")
    assert "20 февраля 2026, 11:45 (МСК+2)" in page.locator(".pa-hit").inner_text()
    page.get_by_role("link", name="по московскому времени").click()
    page.wait_for_url(re.compile(r"time=msk"))
    page.screenshot(path=str(shots / "04-moscow-time.png"), full_page=True)
    assert "20 февраля 2026, 09:45 по московскому времени" in page.locator(".pa-hit").inner_text()
    assert page.get_by_label("время по Москве").is_checked()
    assert page.errors == []
