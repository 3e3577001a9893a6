"""Datasette's own pages (tables, a row, the database, a query) speak Russian to the reader.

The archive overrides Datasette 0.65.5's templates (archive/serve/templates/) and its table.js
(static/table-ru.js); what a reader sees there must carry none of Datasette's English chrome.
The text is read as a browser shows it: scripts, styles and the SQL of the schema or of a query
(code, not chrome) are left out; the buttons' values, the options of the selects and the title
are read in.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette_english import COLUMN_MENU, english
from serve_fixtures import build_archive

from archive.serve.app import STATIC_DIR, make_datasette


class VisibleText(HTMLParser):
    """What a reader sees: text outside scripts, styles and SQL; button values; options; titles."""

    SKIPPED = frozenset({"script", "style", "pre", "textarea", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.SKIPPED:
            self.skipping.append(tag)
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.parts.append(values.get("value") or "")
        for name in ("aria-label", "placeholder"):
            if values.get(name):
                self.parts.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    datasette = make_datasette(path, allow_sql=True)  # the SQL page's chrome: shown where SQL is on
    yield datasette
    for database in datasette.databases.values():
        database.close()


def page(ds: Datasette, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response.text


def a_release(ds: Datasette) -> str:
    path = ds.get_database("archive").path
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT release_id FROM releases ORDER BY release_id").fetchone()[0])


PAGES = (
    "/archive/releases",
    "/archive/releases?_size=1&_facet=source",
    "/archive/releases?_sort_desc=published_date&title__contains=а&source__not=x&_search=инвестиции",
    "/archive/releases?source=nobody",
    "/archive/crawl_runs",
    "/archive/sources",
    "/archive",
    "/archive?sql=select+release_id,+title+from+releases+where+source+=+:source&source=minec",
    "/archive/search?q=инвестиции",
)


@pytest.mark.parametrize("path", PAGES)
def test_datasette_pages_show_no_english_chrome(ds: Datasette, path: str) -> None:
    html = page(ds, path)
    assert english(visible_text(html)) == [], path


def test_the_title_and_the_row_count_are_russian(ds: Datasette) -> None:
    html = page(ds, "/archive/releases?_sort_desc=published_date&title__contains=а")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and english(title.group(1)) == [], title and title.group(1)
    assert re.search(r"\d+ (строка|строки|строк)\b", visible_text(html))
    assert "по убыванию" in visible_text(html)


def test_a_row_page_is_russian(ds: Datasette) -> None:
    html = page(ds, f"/archive/releases/{a_release(ds)}")
    assert english(visible_text(html)) == []
    assert "Эти данные" in visible_text(html)


def test_the_filter_operators_are_russian(ds: Datasette) -> None:
    text = visible_text(page(ds, "/archive/releases"))
    assert "содержит" in text and "начинается с" in text and "не пусто" in text


def test_the_column_menu_is_russian(ds: Datasette) -> None:
    html = page(ds, "/archive/releases")
    assert "/pressarchive-static/table-ru.js" in html
    assert "-/static/table.js" not in html
    script = (STATIC_DIR / "table-ru.js").read_text(encoding="utf-8")
    assert english(script, COLUMN_MENU) == []
    assert "Сортировать по возрастанию" in script


def test_no_home_crumb(ds: Datasette) -> None:
    for path in ("/", "/archive", "/archive/releases", f"/archive/releases/{a_release(ds)}"):
        crumbs = re.findall(r'<p class="crumbs[^"]*">(.*?)</p>', page(ds, path), re.S)
        assert all(">home<" not in crumb for crumb in crumbs), path


@pytest.mark.parametrize(
    "path",
    [
        "/archive/releases?_sort=nocolumn",
        "/archive/releases?_sort_desc=nocolumn",
        "/archive/releases?_sort=title&_sort_desc=title",
        "/archive/releases?_size=abc",
        "/archive/releases?_size=100000",
        "/archive/releases?_col=nocolumn",
        "/archive?sql=update+releases+set+title+%3D+1",
    ],
)
def test_a_bad_table_address_is_explained_in_russian(ds: Datasette, path: str) -> None:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 400, (path, response.status_code)
    problem = re.search(r'<p class="pa-problem"[^>]*>(.*?)</p>', response.text, re.S)
    assert problem, response.text[:500]
    sentence = re.sub(r"«[^»]*»", "", problem.group(1))  # a quoted column or value may be in Latin
    assert not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", sentence), problem.group(1)
