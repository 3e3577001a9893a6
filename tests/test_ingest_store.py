"""What the fast ingest path stores: HTML once, a contentless stemmed index that follows edits,
release counts that follow a release, and archives of the older schema upgraded in place."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from archive import migrations
from archive.db import open_db
from archive.search import register_functions, stem_text
from archive.search_keys import StemIndex
from archive.store import Archive
from archive.verify import verify_archive
from archive.versions import versions_of
from tests.test_store import SEEN_1, SEEN_2, make_release, make_source

STEMMED = (
    "SELECT release_id FROM releases WHERE rowid IN (SELECT rowid FROM releases_stem_fts"
    " WHERE releases_stem_fts MATCH ru_stem_query(?)) ORDER BY release_id"
)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "archive.db")
    store.sync_sources([make_source(), make_source("mo-invest")])
    yield store
    store.close()


def found(db: Database, query: str) -> list[str]:
    return [row[0] for row in db.execute(STEMMED, [query]).fetchall()]


def stored_html(db: Database) -> list[tuple[int, str | None]]:
    return db.execute("SELECT version, body_html FROM release_versions ORDER BY version").fetchall()


def test_the_current_version_html_is_stored_once_and_kept_when_replaced(archive: Archive) -> None:
    first = make_release(1, body_html="<p>Первый <b>текст</b>.</p>")
    second = make_release(1, content_hash="v2", body_text="Второй текст.", body_html="<p>Второй текст.</p>")
    archive.save_releases([first], seen_at=SEEN_1)
    assert stored_html(archive.db) == [(1, None)]  # the release row holds it
    archive.save_releases([second], seen_at=SEEN_2)
    assert stored_html(archive.db) == [(1, first.body_html), (2, None)]
    assert [v.body_html for v in versions_of(archive.db, "rel1")] == [first.body_html, second.body_html]
    assert archive.db["releases"].get("rel1")["body_html"] == second.body_html


def test_the_stemmed_index_is_contentless_and_follows_edits(archive: Archive) -> None:
    archive.save_releases([make_release(1, body_text="Регион привлёк инвестиции.")], seen_at=SEEN_1)
    (stored,) = archive.db.execute("SELECT title, body_text FROM releases_stem_fts").fetchall()
    assert stored == (None, None)  # stems are indexed, not stored
    assert found(archive.db, "инвестициями") == ["rel1"]
    edited = make_release(1, content_hash="v2", body_text="Регион нарастил экспорт.")
    archive.save_releases([edited], seen_at=SEEN_2)
    assert found(archive.db, "инвестициями") == []
    assert found(archive.db, "экспортом") == ["rel1"]
    archive.rebuild_search()
    assert (found(archive.db, "инвестиции"), found(archive.db, "экспорт")) == ([], ["rel1"])


@given(st.text())
def test_memoised_stems_equal_stem_text(text: str) -> None:
    stems = StemIndex(Database(memory=True))
    assert stems.stems(text) == stem_text(text)
    assert stems.stems(text) == stem_text(text)  # from the memo


def test_release_counts_follow_a_release_that_moves_and_a_batch_reads_as_one_by_one(archive: Archive) -> None:
    archive.save_releases([make_release(1)], seen_at=SEEN_1)
    moved = make_release(1, source="mo-invest", content_hash="v2", title="Другой заголовок")
    archive.save_releases([moved], seen_at=SEEN_2)
    counts = dict(archive.db.execute("SELECT name, release_count FROM sources").fetchall())
    assert counts == {"mo-minec": 0, "mo-invest": 1}

    again = make_release(2, content_hash="v2", body_text="Уточнённый текст.")
    result = archive.save_releases([make_release(2), again, make_release(3)], seen_at=SEEN_2)
    assert (result.new, result.updated, result.unchanged) == (2, 1, 0)
    assert [v.content_hash for v in versions_of(archive.db, "rel2")] == ["hash2", "v2"]
    assert archive.db["sources"].get("mo-minec")["release_count"] == 2


def _old_archive(path: Path) -> None:
    """An archive of the schema before migration 0090, written as the store wrote it then: the
    stemmed index with its text, every version with its HTML."""
    conn = sqlite3.connect(path)
    register_functions(conn)
    db = Database(conn)
    migrations.migrations.apply(db, stop_before="0090_contentless_stem_fts")
    db["sources"].insert(make_source().to_row())  # type: ignore[union-attr]
    for n, html in ((1, "<p>Инвестиции растут.</p>"), (2, "<p>Экспорт растёт.</p>")):
        release = make_release(n, body_text=html[3:-4], body_html=html)
        db.execute(
            "INSERT INTO releases (release_id, source, region, publisher_kind, url, canonical_url, title,"
            " body_text, body_html, content_hash, fetched_at, timezone, first_seen, last_seen, changed_at)"
            " VALUES (:release_id, :source, :region, :publisher_kind, :url, :canonical_url, :title,"
            " :body_text, :body_html, :content_hash, :fetched_at, :timezone, :s, :s, :s)",
            {**release.to_row(), "s": SEEN_1},
        )
        rowid = db.execute(
            "SELECT rowid FROM releases WHERE release_id = ?", [release.release_id]
        ).fetchone()[0]
        db.execute(
            "INSERT INTO releases_stem_fts (rowid, title, body_text) VALUES (?, ?, ?)",
            [rowid, stem_text(release.title), stem_text(release.body_text)],
        )
        db.execute(
            "INSERT INTO release_versions (release_id, version, title, body_text, body_html, content_hash,"
            " first_seen, last_seen) VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
            [
                release.release_id,
                release.title,
                release.body_text,
                html,
                release.content_hash,
                SEEN_1,
                SEEN_1,
            ],
        )
    conn.commit()
    conn.close()


def test_an_older_archive_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    _old_archive(path)
    db = open_db(path)
    assert migrations.migrations.pending(db) == []
    assert found(db, "инвестициями") == ["rel1"] and found(db, "экспортом") == ["rel2"]
    assert db.execute("SELECT title FROM releases_stem_fts").fetchall() == [(None,), (None,)]
    assert stored_html(db) == [(1, None), (1, None)]
    assert versions_of(db, "rel1")[0].body_html == "<p>Инвестиции растут.</p>"
    db.close()

    with Archive.open(path) as archive:
        edited = dataclasses.replace(
            make_release(1), content_hash="v2", body_text="Теперь про экспорт.", body_html="<p>Теперь…</p>"
        )
        archive.save_releases([edited], seen_at=SEEN_2)
        assert found(archive.db, "инвестиции") == [] and found(archive.db, "экспорт") == ["rel1", "rel2"]
        assert [v.body_html for v in versions_of(archive.db, "rel1")] == [
            "<p>Инвестиции растут.</p>",
            "<p>Теперь…</p>",
        ]
    assert verify_archive(path).ok
