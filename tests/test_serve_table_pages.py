"""Datasette's own table pages stay fast on a big archive (issue 13, archive.serve.table_pages):
no default facet GROUP BY over every wide row unless facets are asked for (`_facet=`), and then
each within facet_time_limit_ms; sorts only in an order an index keeps, deep pages (`?_next=`)
walking that index; Datasette's count within its own short limit, the page going on without it.

BROWSE_FACET_MAX is lowered here so that the small test archive is "big". What is checked is
behaviour (which statements run, their plans and limits), not timings: bench/bench_table_pages.py
measures those.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted
from datasette.utils import tilde_encode
from serve_fixtures import build_archive

from archive.serve import table_pages, table_search
from archive.serve.app import SETTINGS, make_datasette


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture
def grouped(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The GROUP BY statements over `releases` the server runs (Datasette's facets)."""
    statements: list[str] = []
    original = Database.execute

    async def spy(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        if "group by" in sql.lower() and "from releases" in sql.lower():
            statements.append(sql)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", spy)
    return statements


def facets(ds: Datasette, path: str) -> dict[str, Any]:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return dict(response.json()["facet_results"])


def test_default_facets_only_where_the_archive_is_small(
    ds: Datasette, grouped: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = set(facets(ds, "/archive/releases.json"))
    assert {"region", "source", "publisher_kind", "published_date"} <= shown and grouped
    grouped.clear()
    monkeypatch.setattr(table_search, "BROWSE_FACET_MAX", 2)  # the test archive is "big" now
    for path in (
        "/archive/releases",
        "/archive/releases.json?region=Московская+область&_sort=published_date",
    ):
        assert asyncio.run(ds.client.get(path)).status_code == 200
    assert grouped == []
    assert "source" in facets(ds, "/archive/releases.json?_facet=source")  # asked for: Datasette's page
    assert SETTINGS["facet_time_limit_ms"] <= 200 and SETTINGS["suggest_facets"] is False


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Any]]:
    """Every statement Datasette hands to SQLite: (sql, params, custom_time_limit)."""
    seen: list[tuple[str, Any, Any]] = []
    original = Database.execute

    async def spy(self: Database, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append((sql, params, kwargs.get("custom_time_limit")))
        return await original(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", spy)
    return seen


def get(ds: Datasette, path: str) -> Any:
    return asyncio.run(ds.client.get(path))


def test_big_tables_sort_only_in_an_indexed_order(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond BROWSE_FACET_MAX releases, `releases` without a search, or with more than
    TABLE_SEARCH_MAX matches, is sorted by its date only (fewer matches by any column); the tables
    of a row per release by their key only."""
    assert get(ds, "/archive/releases?_sort=title").status_code == 200  # a small archive: any column
    monkeypatch.setattr(table_search, "BROWSE_FACET_MAX", 2)  # the test archive is "big" now
    for path in (
        "/archive/releases?_sort=published_date",
        "/archive/releases?_sort_desc=published_date",
        "/archive/releases.json?_sort=published_date&_facet=source",
        "/archive/releases?_sort=title&_search=инвестиции",
        "/archive/releases.json?_sort_desc=first_seen&_ru=инвестиции",
        "/archive/captures",
        "/archive/release_versions.json",
    ):
        assert get(ds, path).status_code == 200, path
    for path in (
        "/archive/releases?_sort=title",
        "/archive/releases.json?_sort_desc=first_seen&source=s1",
        "/archive/releases?_sort=region&_facet=source",
    ):
        response = get(ds, path)
        assert response.status_code == 400, path
        assert "только по дате публикации" in response.text, response.text[:300]
    monkeypatch.setattr(table_search, "TABLE_SEARCH_MAX", 1)  # and «экспорт» (3 matches) a big search
    for path in (
        "/archive/releases?_sort=title&_search=экспорт",
        "/archive/releases.json?_sort=title&_ru=экспорт",
    ):
        response = get(ds, path)
        assert response.status_code == 400, path
        assert "Уточните поиск" in response.text, response.text[:300]
    assert get(ds, "/archive/releases?_sort_desc=published_date&_search=экспорт").status_code == 200
    for path in (
        "/archive/release_versions?_sort_desc=first_seen",
        "/archive/captures?_sort=url",
        "/archive/events.json?_sort_desc=at",
        "/archive/clusters?_sort_desc=size",
    ):
        response = get(ds, path)
        assert response.status_code == 400, path
        assert "нельзя отсортировать" in response.text, response.text[:300]


def _plan(db_path: Path, sql: str, params: Any) -> list[str]:
    with closing(sqlite3.connect(db_path)) as conn:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params or {})]


def test_deep_pages_walk_the_date_index(
    ds: Datasette, tmp_path: Path, statements: list[tuple[str, Any, Any]]
) -> None:
    """Every page, newest first or oldest first, followed by its `next` link to the end: the rows in
    order, each once, each page read from the index of the table's order: no sort of every
    earlier release, no union of OR'ed ranges (only a day's releases sorted by id, within a page)."""
    order_sql = "SELECT release_id, published_date FROM releases ORDER BY published_date {}, release_id"
    with closing(sqlite3.connect(tmp_path / "archive.db")) as conn, conn:
        # two more on the day of r1 (a tie the release id orders) and one without a date
        conn.execute("CREATE TEMP TABLE copies AS SELECT * FROM releases WHERE release_id = 'r1'")
        for suffix, date in (("a", "2026-02-11"), ("b", "2026-02-11"), ("c", None)):
            conn.execute(
                "UPDATE copies SET release_id = ?, url = ?, canonical_url = ?, published_date = ?,"
                " published_utc = NULL",
                [f"r1{suffix}", f"https://x.example/{suffix}", f"https://x.example/{suffix}", date],
            )
            conn.execute("INSERT INTO releases SELECT * FROM copies")
        newest = conn.execute(order_sql.format("DESC")).fetchall()
        oldest = conn.execute(order_sql.format("ASC")).fetchall()
    expected = {"_sort_desc": [r[0] for r in newest], "_sort": [r[0] for r in oldest]}
    assert len(newest) == 7 and newest[-1][1] is None
    for order, ids in expected.items():
        seen: list[str] = []
        path: str | None = f"/archive/releases.json?_size=1&_shape=objects&{order}=published_date"
        while path:
            statements.clear()
            data = get(ds, path).json()
            seen += [row["release_id"] for row in data["rows"]]
            page_sql = [
                (sql, params)
                for sql, params, _ in statements
                if sql.startswith("select ") and " limit 2" in sql
            ]
            assert len(page_sql) == 1, statements
            if "_next=" in path:
                plan = _plan(tmp_path / "archive.db", *page_sql[0])
                assert not any("MULTI-INDEX OR" in step or "FOR ORDER BY" in step for step in plan), (
                    path,
                    page_sql,
                    plan,
                )
                assert any(re.search(r"idx_releases_(newest|oldest)_first", step) for step in plan), plan
            path = data["next_url"] and data["next_url"].split("localhost", 1)[-1]
        assert seen == ids, order
    release_id, date = newest[0]
    page = get(ds, f"/archive/releases?_next={tilde_encode(date)},{tilde_encode(release_id)}")
    assert page.status_code == 200 and expected["_sort_desc"][1] in page.text  # a link made by hand


def test_the_count_has_its_own_short_limit(ds: Datasette, statements: list[tuple[str, Any, Any]]) -> None:
    assert get(ds, "/archive/releases.json?region=Московская+область").status_code == 200
    counts = [limit for sql, _, limit in statements if sql.startswith(table_pages.DATASETTE_COUNT)]
    assert counts and all(limit == table_pages.COUNT_TIME_LIMIT_MS for limit in counts), statements
    others = [limit for sql, _, limit in statements if not sql.startswith(table_pages.DATASETTE_COUNT)]
    assert all(limit is None or limit != table_pages.COUNT_TIME_LIMIT_MS for limit in others)
    assert table_pages.time_limit("select count(*) from [x] ", 50) == 50  # a shorter one stays
    assert table_pages.time_limit("SELECT count(*) FROM x", None) is None  # the project's own


def test_a_count_stopped_in_time_leaves_the_page(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the count runs out of time the rows are still served, without their number."""
    original = Database.execute

    async def slow_count(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        if sql.startswith(table_pages.DATASETTE_COUNT):
            raise QueryInterrupted(sqlite3.OperationalError("interrupted"), sql, None)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", slow_count)
    data = get(ds, "/archive/releases.json?region=Московская+область").json()
    assert data["rows"] and data["filtered_table_rows_count"] is None
    html = get(ds, "/archive/releases?region=Московская+область")
    assert html.status_code == 200 and "Московская область" in html.text


def test_a_big_archive_facets_what_is_asked_for(
    tmp_path: Path, grouped: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an archive that is big when the server starts, `?_facet=` runs the facets asked for only:
    Datasette would run the metadata's four defaults besides, one after another."""
    path = tmp_path / "archive.db"
    build_archive(path)
    monkeypatch.setattr(table_search, "BROWSE_FACET_MAX", 2)
    datasette = make_datasette(path)
    try:
        assert set(facets(datasette, "/archive/releases.json?_facet=source")) == {"source"}
        assert len(grouped) == 1 and "source" in grouped[0]
        assert facets(datasette, "/archive/releases.json") == {}
        assert "region" in facets(datasette, "/archive/releases.json?_facet=region&source=s1")
        assert "region" in facets(datasette, "/archive/sources.json")  # other tables keep theirs
    finally:
        for database in datasette.databases.values():
            database.close()


def test_hidden_tables_are_not_served(ds: Datasette) -> None:
    """The tables the index hides (full-text index internals, search keys, the cluster queue...)
    answer a Russian 403, as pages and as JSON; the others, and the pages listing them, answer."""
    for table in (
        "releases_stem_fts",
        "releases_stem_fts_data",
        "releases_stem_fts_idx",
        "release_search_keys",
        "cluster_queue",
        "release_bands",
        "_sqlite_migrations",
    ):
        for suffix in ("", ".json", "/1"):
            response = get(ds, f"/archive/{table}{suffix}")
            assert response.status_code == 403, (table, suffix, response.status_code)
            assert "служебная таблица" in response.text, response.text[:300]
    for path in ("/archive", "/archive.json", "/", "/archive/releases", "/archive/release_signatures.json"):
        assert get(ds, path).status_code == 200, path
    assert get(ds, "/archive/search.json?q=инвестиции").status_code == 200
