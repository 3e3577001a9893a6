"""A journalist downloads a search for Excel: Chromium clicks «Скачать для Excel (CSV)» on the
search page of the real server (the crawled demo archive) and gets a file, not a page of text.

The file is read back as Russian Excel would: UTF-8 with a BOM, `;`, one row per hit of the
search (as many as the page counts), Russian column names. Screenshots go to
test-artifacts/browser/excel/.
"""

from __future__ import annotations

import csv
import io
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

from archive.serve.excel_export import COLUMNS

sync_api = require_chromium()
QUERY = "инвестициями"
FOLDER = ARTIFACTS_ROOT / "excel"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    artifacts("excel")
    with launched(sync_api) as chromium:
        yield chromium


def download(page: object, folder: Path, name: str) -> tuple[str, list[list[str]]]:
    """Click the Excel link; (the file's suggested name, its rows)."""
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Скачать для Excel (CSV)").click()  # type: ignore[attr-defined]
    file = info.value
    target = folder / name
    file.save_as(str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    return file.suggested_filename, rows


def page_count(page: object) -> int:
    text = page.locator(".pa-count").first.inner_text()  # type: ignore[attr-defined]
    found = re.search(r"Найдено:\s*([\d\s\u00a0]+)", text)
    assert found, text
    return int(re.sub(r"\D", "", found.group(1)))


def test_the_search_downloads_as_an_excel_file(served: Served, browser: object) -> None:
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU", accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(served.base + "/-/search?" + f"q={QUERY}")
    page.screenshot(path=str(FOLDER / "01-search.png"), full_page=True)
    expected = page_count(page)
    name, rows = download(page, FOLDER, "search.csv")
    assert name.endswith(".csv") and QUERY in name
    assert rows[0] == list(COLUMNS)
    assert len(rows) - 1 == expected
    assert not any("<mark>" in cell for row in rows for cell in row)


def test_a_browse_of_one_source_downloads_too(served: Served, browser: object) -> None:
    with sqlite3.connect(served.db_path) as conn:
        source, count = conn.execute(
            "SELECT source, count(*) FROM releases GROUP BY source ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU", accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(served.base + f"/-/search?source={source}")
    page.screenshot(path=str(FOLDER / "02-browse.png"), full_page=True)
    assert page_count(page) == count
    name, rows = download(page, FOLDER, "browse.csv")
    assert name.endswith(".csv") and len(rows) - 1 == count
    assert {row[COLUMNS.index("Источник")] for row in rows[1:]} != {source}  # its title, not its code
