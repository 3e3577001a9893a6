"""The releases table page's full-text search (`?_search=`, `?_ru=`) on an archive too big to count.

A search with more than TABLE_SEARCH_MAX matches must not make Datasette count and facet every
matching row of `releases`; the limit is lowered here so that the small test archive is "big".
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from datasette.app import Datasette
from datasette.database import Database
from serve_fixtures import build_archive

from archive.serve import table_search
from archive.serve.app import make_datasette


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the server runs, in order."""
    statements: list[str] = []
    original = Database.execute

    async def spy(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        statements.append(sql)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", spy)
    return statements


def get(ds: Datasette, path: str, **params: str) -> httpx.Response:
    response = asyncio.run(ds.client.get(path, params=params or None))
    assert response.status_code == 200, (path, params, response.text[:800])
    return response


def _over_releases(statements: list[str]) -> list[str]:
    """Counts and facet GROUP BYs over the rows of `releases` (what a big search must not run)."""
    return [
        sql
        for sql in statements
        if ("count(*)" in sql.lower() or "group by" in sql.lower()) and "from releases" in sql.lower()
    ]


def test_no_facet_suggestions_on_the_table_page(ds: Datasette) -> None:
    assert get(ds, "/archive/releases.json", _search="экспорт").json()["suggested_facets"] == []


def test_a_big_search_is_not_counted_or_faceted_over_the_releases_rows(
    ds: Datasette, executed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 4 matches (every form: экспорт, экспорте): Datasette's own page
    small = get(ds, "/archive/releases.json", _search="экспорт").json()
    assert small["filtered_table_rows_count"] == 4 and small["facet_results"]
    assert _over_releases(executed)
    monkeypatch.setattr(table_search, "TABLE_SEARCH_MAX", 2)
    executed.clear()
    html = get(ds, "/archive/releases", _search="экспорт").text
    assert _over_releases(executed) == []
    assert "4 строки" in html  # the number of matches, from the full-text index (table.html in Russian)
    notice = html.split('class="pa-problem pa-table-search"', 1)[1].split("</p>", 1)[0]
    assert "Совпадений с «экспорт»: 4" in notice and "разбивка по фасетам" in notice
    assert 'href="/-/search?q=%D1%8D%D0%BA%D1%81%D0%BF%D0%BE%D1%80%D1%82"' in notice
    for release_id in ("r1", "r2", "r3", "r4"):
        assert f'href="/-/release/{release_id}"' in html


@pytest.mark.parametrize(
    "sort",
    [{}, {"_sort": "title"}],  # by date: the date index walked, FTS5 probed; by title: the set of matches
    ids=["by-date", "by-title"],
)
def test_a_big_search_pages_through_every_match_in_order(
    ds: Datasette, monkeypatch: pytest.MonkeyPatch, sort: dict[str, str]
) -> None:
    small = get(ds, "/archive/releases.json", _search="экспорт", _shape="objects", **sort).json()
    expected = [row["release_id"] for row in small["rows"]]  # Datasette's own plan
    monkeypatch.setattr(table_search, "TABLE_SEARCH_MAX", 2)
    seen: list[str] = []
    page = get(ds, "/archive/releases.json", _search="экспорт", _size="1", **sort).json()
    assert page["filtered_table_rows_count"] is None  # not counted over the rows
    while True:
        seen += [row[0] for row in page["rows"]]
        if not page["next_url"]:
            break
        page = get(ds, page["next_url"].removeprefix("http://localhost")).json()
    assert seen == expected
    assert sorted(seen) == ["r1", "r2", "r3", "r4"]
    if not sort:
        assert seen == ["r3", "r2", "r1", "r4"]  # published 13, 12, 11 February 2026, 3 June 2025


def test_the_stemmed_table_search_of_many_matches_says_so_too(
    ds: Datasette, executed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_search, "TABLE_SEARCH_MAX", 2)
    html = get(ds, "/archive/releases", _ru="экспорта", region="Московская область").text
    assert _over_releases(executed) == []
    notice = html.split('class="pa-problem pa-table-search"', 1)[1].split("</p>", 1)[0]
    assert "Совпадений с «экспорта»: 4" in notice  # every form: экспорт, экспорте
    assert "число строк с учётом остальных фильтров" in notice  # the region narrows them further
    assert 'href="/-/release/r1"' in html and 'href="/-/release/r4"' in html
    assert 'href="/-/release/r2"' not in html  # Калужская область


def test_switches_carried_by_links_are_decided_again(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_search, "TABLE_SEARCH_MAX", 2)
    big = get(ds, "/archive/releases", _search="экспорт").text
    assert "_nocount=1" in big  # Datasette's links keep the switches of a big search
    small = get(ds, "/archive/releases.json", _search="Калуге", _nocount="1", _nofacet="1").json()
    assert small["filtered_table_rows_count"] == 1 and small["facet_results"]


def _found(ds: Datasette, **params: str) -> list[str]:
    page = get(ds, "/archive/releases.json", _shape="objects", **params).json()
    return sorted(row["release_id"] for row in page["rows"])


def test_the_table_search_finds_every_form_of_a_word(ds: Datasette) -> None:
    """Since migration 0190 `?_search=` reads the stemmed index, as `?_ru=` does: «Подмосковья» finds
    «в Подмосковье», «инвестициями» finds «инвестиции», and the results are those of `?_ru=`."""
    assert _found(ds, _search="Подмосковья") == ["r1"]
    assert _found(ds, _search="инвестициями") == ["r1", "r2"]
    assert _found(ds, _search="экспортёры") == _found(ds, _ru="экспортёры") == ["r4"]
    assert _found(ds, _search="инвестиции экспорт") == _found(ds, _ru="инвестиции экспорт") == ["r1", "r2"]
    # the title only: r1 and r2 have the word in their body
    assert _found(ds, _search_title="экспорта") == ["r3", "r4"]
    assert 'value="Подмосковья"' in get(ds, "/archive/releases", _search="Подмосковья").text


def test_raw_search_mode_speaks_the_search_page_language(ds: Datasette) -> None:
    """`_searchmode=raw` is the search page's language too (phrases, ИЛИ, НЕ, prefix*): no FTS5
    syntax reaches the index, so no query is refused."""
    assert _found(ds, _search='"привлекла инвестиции"', _searchmode="raw") == ["r1"]
    assert _found(ds, _search="Калуге ИЛИ Подмосковье", _searchmode="raw") == ["r1", "r2"]
    assert _found(ds, _search="экспорт НЕ завод", _searchmode="raw") == ["r1", "r3", "r4"]
    assert _found(ds, _search="переговор*", _searchmode="raw") == ["r4"]
    for query in ('"', "NEAR(", "title:", "(("):
        for mode in ("raw", "escaped"):
            assert _found(ds, _search=query, _searchmode=mode) == [], (query, mode)
    with sqlite3.connect(ds.get_database("archive").path) as conn:
        assert conn.execute("SELECT count(*) FROM releases").fetchone()[0] == 4
