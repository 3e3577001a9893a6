"""The SQL behind `/<db>/search.json` and `search_by_date.json` (archive.serve.feeds around
archive.serve.search_sql): the same columns as before, each release read once, by its rowid, and
each snippet made once per row shown."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from datasette.app import Datasette
from serve_fixtures import CANNED_SEARCHES, build_archive, search_params, served_datasette, served_sql

from archive.attachment_hits import register_hit_function
from archive.search import register_functions
from archive.serve import search_sql
from archive.snippets import highlight, register_snippet_functions, snippet

COLUMNS = [*search_sql.DISPLAY_COLUMNS, "published_iso", "snippet"]


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("json") / "archive.db"
    build_archive(path)
    return path


@pytest.fixture
def ds(archive_path: Path) -> Iterator[Datasette]:
    yield from served_datasette(archive_path)


@pytest.fixture
def conn(archive_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{archive_path}?mode=ro", uri=True)
    register_functions(connection)
    register_snippet_functions(connection)
    register_hit_function(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", CANNED_SEARCHES)
def test_the_json_has_the_columns_it_had(ds: Datasette, name: str) -> None:
    response = asyncio.run(ds.client.get(f"/archive/{name}.json", params={"q": "инвестиции"}))
    assert response.status_code == 200, response.text[:300]
    data = response.json()
    assert data["columns"] == COLUMNS  # the release's published_utc is read, not shown
    assert data["rows"] and all(len(row) == len(COLUMNS) for row in data["rows"])


def test_no_release_is_looked_up_by_its_release_id(conn: sqlite3.Connection) -> None:
    """published_iso comes from the row already read (search_sql.CARRIED_COLUMN): a lookup by
    release_id read an index page per row shown, seldom in the page cache of a big archive."""
    for name, sql in served_sql(conn).items():
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", search_params("инвестиции"))]
        releases = [step for step in plan if step.startswith("SEARCH r ") or " releases " in f" {step} "]
        assert releases == ["SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"], (name, plan)
        assert not any("autoindex_releases" in step for step in plan), (name, plan)


def test_each_snippet_and_title_is_made_once_per_row(conn: sqlite3.Connection) -> None:
    calls: Counter[str] = Counter()

    def counted(name: str, make: Callable[[str | None, str | None], str]) -> Callable[..., str]:
        def function(text: str | None, query: str | None) -> str:
            calls[name] += 1
            return make(text, query)

        return function

    conn.create_function("ru_snippet", 2, counted("snippet", snippet), deterministic=True)
    conn.create_function("ru_highlight", 2, counted("highlight", highlight), deterministic=True)
    for name, sql in served_sql(conn).items():
        calls.clear()
        rows = conn.execute(sql, search_params("инвестиции")).fetchall()
        assert rows, name
        assert calls == {"snippet": len(rows), "highlight": len(rows)}, name


def test_the_archive_has_releases_published_at_a_time_and_on_a_day(archive_path: Path) -> None:
    """What test_feeds_subscription's published_iso checks need (a moment with its offset, a day)."""
    with sqlite3.connect(archive_path) as db:
        kinds = {bool(utc) for (utc,) in db.execute("SELECT published_utc > '' FROM releases")}
    assert kinds == {True, False}
