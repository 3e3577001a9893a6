"""What one `/<db>/search.json` request costs besides its query: the schema is read once per request
(Datasette asks for the canned queries three times), yet afresh for every request."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, release, served_datasette, source

from archive.serve import schema
from archive.store import Archive

MINEC = source("minec", "Московская область", "ministry")


def get(ds: Datasette, path: str, status: int = 200) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.text[:500])
    return response


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.sync_sources([MINEC])
        archive.save_releases(
            [
                release(1, MINEC, "Инвестиции в Подмосковье", "Инвесторы вложили средства в заводы."),
                release(2, MINEC, "Новый завод", "Завод начал выпуск продукции."),
            ],
            seen_at=SEEN,
        )
    return path


@pytest.fixture
def ds(archive_path: Path) -> Iterator[Datasette]:
    yield from served_datasette(archive_path)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One item per reading of a schema from the database."""
    found: list[str] = []
    read = schema.schema_of

    def counted(conn: sqlite3.Connection) -> schema.Schema:
        found.append("read")
        return read(conn)

    monkeypatch.setattr(schema, "schema_of", counted)
    return found


def test_a_search_json_request_reads_the_schema_once(ds: Datasette, reads: list[str]) -> None:
    rows = get(ds, "/archive/search.json?q=инвестициями&_shape=objects").json()["rows"]
    assert [row["release_id"] for row in rows] == ["r1"]
    assert len(reads) == 1
    get(ds, "/archive/search.json?q=завод")
    assert len(reads) == 2  # and again for the next request: never kept between requests


def test_a_schema_change_is_seen_by_the_next_request(ds: Datasette, archive_path: Path) -> None:
    assert get(ds, "/archive/feed_events.atom").status_code == 200
    with sqlite3.connect(archive_path) as conn:
        conn.execute("DROP TABLE events")
    get(ds, "/archive/feed_events.atom", status=404)  # no events table, no events feed
    assert get(ds, "/archive/search.json?q=завод&_shape=objects").json()["rows"][0]["release_id"] == "r2"


def test_outside_a_request_the_schema_is_read_every_time(ds: Datasette, reads: list[str]) -> None:
    async def twice() -> tuple[schema.Schema, schema.Schema]:
        db = ds.get_database("archive")
        return await schema.read_schema(db), await schema.read_schema(db)

    first, second = asyncio.run(twice())
    assert first == second and "releases" in first.tables and "title" in first.release_columns
    assert len(reads) == 2
