"""Migration 0190: an archive written at 0180 (both full-text indexes, the plain one kept by
triggers) loses the plain index and its triggers; search, the table's `?_search=`, new releases
and edits work afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.db import open_db
from archive.search import register_functions
from archive.serve.app import make_datasette
from archive.store import Archive
from tests.test_store import SEEN_1, SEEN_2, make_release, make_source

MIGRATION = "0190_drop_plain_fts"
PLAIN_OBJECTS = {"releases_fts", "releases_fts_data", "releases_ai", "releases_au", "releases_ad"}
BODIES = (
    "Область привлекла инвестиции в индустриальные парки Москвы.",
    "Экспортёры региона провели переговоры в Казани.",
    "Министерство подвело итоги года.",
)


def _archive_at_0180(path: Path) -> None:
    """Releases written by the store into an archive whose schema stops before 0190, as the store of
    0180 wrote them: its triggers fill the plain index."""
    db = Database(path)
    register_functions(db.conn)
    db.enable_wal()
    migrations.migrations.apply(db, stop_before=MIGRATION)
    store = Archive(db)
    store.sync_sources([make_source()])
    store.save_releases([make_release(n, body_text=body) for n, body in enumerate(BODIES, 1)], seen_at=SEEN_1)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_schema")}
    assert names >= PLAIN_OBJECTS
    assert (
        db.execute("SELECT count(*) FROM releases_fts WHERE releases_fts MATCH 'Москвы'").fetchone()[0] == 1
    )
    store.close()


def _stemmed(db: Database, query: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT release_id FROM releases WHERE rowid IN (SELECT rowid FROM releases_stem_fts"
            " WHERE releases_stem_fts MATCH ru_stem_query(?)) ORDER BY release_id",
            [query],
        )
    ]


def test_an_archive_at_0180_drops_the_plain_index_and_still_searches(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    _archive_at_0180(path)

    db = open_db(path)  # applies 0190
    assert migrations.migrations.pending(db) == []
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_schema")}
    assert not PLAIN_OBJECTS & names
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _stemmed(db, "Москва") == ["rel1"]  # «Москвы» indexed, «Москва» asked
    assert _stemmed(db, "экспортеры Казань") == ["rel2"]
    db.close()

    with Archive.open(path) as archive:  # new releases and an edit: no trigger names the old index
        archive.save_releases([make_release(4, body_text="Новые инвестиции в Москве.")], seen_at=SEEN_2)
        edited = make_release(3, content_hash="v2", body_text="Министерство подвело итоги квартала.")
        assert archive.save_releases([edited], seen_at=SEEN_2).updated == 1
        assert _stemmed(archive.db, "Москвой") == ["rel1", "rel4"]
        assert _stemmed(archive.db, "квартала") == ["rel3"] and _stemmed(archive.db, "года") == []
        archive.rebuild_search()
        assert _stemmed(archive.db, "инвестициями") == ["rel1", "rel4"]

    datasette = make_datasette(path)
    try:
        response = asyncio.run(
            datasette.client.get(
                f"/{path.stem}/releases.json", params={"_search": "Москвой", "_shape": "objects"}
            )
        )
        assert response.status_code == 200, response.text[:500]
        assert sorted(row["release_id"] for row in response.json()["rows"]) == ["rel1", "rel4"]
    finally:
        for database in datasette.databases.values():
            database.close()
