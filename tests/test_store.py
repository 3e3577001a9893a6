"""The archive's storage: schema, migrations, upserts, atomic batches, runs, search."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.db import open_db
from archive.migrations import migrations
from archive.records import CrawlRun, Release, SaveResult, SourceRecord
from archive.search import MATCH_NOTHING, stem_query, stem_text
from archive.store import Archive

SEEN_1 = "2026-03-01T05:00:00Z"
SEEN_2 = "2026-03-02T05:00:00Z"


def make_source(name: str = "mo-minec") -> SourceRecord:
    return SourceRecord(
        name=name,
        title="Министерство экономического развития Московской области",
        region="Московская область",
        publisher_kind="ministry",
        timezone="Europe/Moscow",
        platform="mosreg",
        start_urls=("https://mineconomic.mosreg.ru/sobytiya/novosti-ministerstva",),
    )


def make_release(n: int = 1, *, source: str = "mo-minec", **changes: object) -> Release:
    url = f"https://mineconomic.mosreg.ru/sobytiya/novosti-ministerstva/{n}"
    release = Release(
        release_id=f"rel{n}",
        source=source,
        region="Московская область",
        publisher_kind="ministry",
        url=url,
        canonical_url=url,
        title=f"Релиз номер {n}",
        body_text=f"Текст релиза {n} о погоде.",
        body_html=f"<p>Текст релиза {n} о погоде.</p>",
        content_hash=f"hash{n}",
        fetched_at="2026-03-01T04:59:00Z",
        timezone="Europe/Moscow",
        published_date="2026-02-28",
        date_precision="day",
        methods={"title": "selector"},
    )
    return dataclasses.replace(release, **changes)  # type: ignore[arg-type]


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "var" / "archive.db")
    store.sync_sources([make_source()])
    yield store
    store.close()


def count(archive: Archive, table: str) -> int:
    return archive.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def test_open_creates_parent_dirs_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a" / "b" / "archive.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert {"sources", "releases", "crawl_runs", "releases_stem_fts"} <= set(db.table_names())
    db.close()


def test_migrations_are_recorded_once_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    open_db(path).close()
    db = open_db(path)
    applied = [row["name"] for row in db["_sqlite_migrations"].rows]
    assert applied == [m.name for m in migrations._migrations]
    assert len(applied) == len(set(applied)) >= 3
    assert migrations.pending(db) == []
    db.close()


def test_releases_indexes(archive: Archive) -> None:
    indexes = {tuple(index.columns): index.unique for index in archive.db["releases"].indexes}
    assert indexes[("canonical_url",)]
    assert ("source",) in indexes
    assert ("published_date",) in indexes


def test_new_release_is_inserted_with_first_and_last_seen(archive: Archive) -> None:
    result = archive.save_releases([make_release(1), make_release(2)], seen_at=SEEN_1)
    assert result == SaveResult(new=2)
    row = archive.db["releases"].get("rel1")
    assert (row["first_seen"], row["last_seen"]) == (SEEN_1, SEEN_1)
    assert row["methods"] == '{"title": "selector"}'
    source = archive.db["sources"].get("mo-minec")
    assert source["release_count"] == 2
    assert source["last_new_release_at"] == SEEN_1
    assert source["status"] == "unknown"


def test_rerun_adds_no_rows_and_counts_unchanged(archive: Archive) -> None:
    batch = [make_release(1), make_release(2)]
    archive.save_releases(batch, seen_at=SEEN_1)
    result = archive.save_releases(batch, seen_at=SEEN_2)
    assert result == SaveResult(unchanged=2)
    assert count(archive, "releases") == 2
    assert count(archive, "releases_stem_fts") == 2
    row = archive.db["releases"].get("rel1")
    assert (row["first_seen"], row["last_seen"]) == (SEEN_1, SEEN_2)
    assert archive.db["sources"].get("mo-minec")["last_new_release_at"] == SEEN_1


def test_changed_content_updates_the_row(archive: Archive) -> None:
    archive.save_releases([make_release(1)], seen_at=SEEN_1)
    changed = make_release(1, content_hash="hash1-v2", body_text="Исправленный текст про экспорт.")
    result = archive.save_releases([changed, make_release(2)], seen_at=SEEN_2)
    assert result == SaveResult(new=1, updated=1)
    row = archive.db["releases"].get("rel1")
    assert row["body_text"] == "Исправленный текст про экспорт."
    assert (row["first_seen"], row["last_seen"]) == (SEEN_1, SEEN_2)
    assert count(archive, "releases") == 2


def test_changed_release_keeps_the_previous_content_as_a_version(archive: Archive) -> None:
    archive.save_releases([make_release(1)], seen_at=SEEN_1)
    archive.save_releases([make_release(1, content_hash="v2", title="Новый")], seen_at=SEEN_2)
    hashes = [r["content_hash"] for r in archive.db["release_versions"].rows_where(order_by="version")]
    assert hashes == ["hash1", "v2"]  # more in tests/test_versions.py


@pytest.mark.parametrize(
    "bad",
    [
        make_release(3, source="no-such-source"),  # foreign key
        make_release(3, title=None),  # NOT NULL
        make_release(3, release_id="other", canonical_url=make_release(1).canonical_url),  # unique URL
    ],
    ids=["unknown-source", "null-title", "duplicate-canonical-url"],
)
def test_a_bad_row_leaves_nothing_of_its_batch(archive: Archive, bad: Release) -> None:
    archive.save_releases([make_release(1)], seen_at=SEEN_1)
    batch = [make_release(1, content_hash="v2", title="Новый заголовок"), make_release(2), bad]
    with pytest.raises(sqlite3.IntegrityError):
        archive.save_releases(batch, seen_at=SEEN_2)
    assert count(archive, "releases") == 1
    row = archive.db["releases"].get("rel1")
    assert (row["title"], row["last_seen"]) == ("Релиз номер 1", SEEN_1)
    assert count(archive, "releases_stem_fts") == 1
    assert archive.db["sources"].get("mo-minec")["release_count"] == 1
    # the connection is usable afterwards
    assert archive.save_releases([make_release(2)], seen_at=SEEN_2) == SaveResult(new=1)


def test_sync_sources_upserts_without_touching_health(archive: Archive) -> None:
    archive.db.execute("UPDATE sources SET status = 'ok' WHERE name = 'mo-minec'")
    renamed = dataclasses.replace(make_source(), title="Минэкономразвития МО")
    archive.sync_sources([renamed, make_source("mo-invest")])
    row = archive.db["sources"].get("mo-minec")
    assert (row["title"], row["status"]) == ("Минэкономразвития МО", "ok")
    assert row["start_urls"] == '["https://mineconomic.mosreg.ru/sobytiya/novosti-ministerstva"]'
    assert count(archive, "sources") == 2


def test_crawl_run_round_trip(archive: Archive) -> None:
    run_id = archive.start_run("mo-minec", "2026-03-01T05:00:00Z")
    run = CrawlRun(
        source="mo-minec",
        started_at="2026-03-01T05:00:00Z",
        finished_at="2026-03-01T05:10:00Z",
        finish_reason="finished",
        pages=12,
        items=10,
        new=3,
        updated=1,
        unchanged=6,
        drops={"no_date": 2},
        http_errors={"404": 1},
        stats={"downloader/request_count": 12, "listing/links_by/selector": 2},
    )
    archive.finish_run(run_id, run)
    row = archive.db["crawl_runs"].get(run_id)
    assert row["pages"] == 12 and row["new"] == 3
    assert row["drops"] == '{"no_date": 2}'
    assert row["http_errors"] == '{"404": 1}'
    assert row["stats"] == '{"downloader/request_count": 12, "listing/links_by/selector": 2}'
    source = archive.db["sources"].get("mo-minec")
    assert source["last_run_at"] == source["last_success_at"] == "2026-03-01T05:10:00Z"


def test_a_finished_run_that_read_no_listing_is_not_a_success(archive: Archive) -> None:
    # the site never answered (DNS): the run "finished", but nothing was read
    run_id = archive.start_run("mo-minec", "2026-03-01T05:00:00Z")
    archive.finish_run(
        run_id,
        CrawlRun(
            source="mo-minec",
            started_at="2026-03-01T05:00:00Z",
            finished_at="2026-03-01T05:00:09Z",
            finish_reason="finished",
            stats={"downloader/request_count": 3},
        ),
    )
    source = archive.db["sources"].get("mo-minec")
    assert source["last_run_at"] == "2026-03-01T05:00:09Z" and source["last_success_at"] is None


def test_failed_run_sets_last_run_but_not_last_success(archive: Archive) -> None:
    run_id = archive.start_run("mo-minec", "2026-03-01T05:00:00Z")
    archive.finish_run(
        run_id,
        CrawlRun(source="mo-minec", started_at="2026-03-01T05:00:00Z", finish_reason="shutdown"),
    )
    source = archive.db["sources"].get("mo-minec")
    assert source["last_run_at"] == "2026-03-01T05:00:00Z"
    assert source["last_success_at"] is None
    with pytest.raises(KeyError):
        archive.finish_run(run_id + 100, CrawlRun(source="mo-minec", started_at="x"))


def fts_ids(archive: Archive, sql: str, query: str) -> list[str]:
    return [row[0] for row in archive.db.execute(sql, [query]).fetchall()]


STEMMED = (
    "SELECT release_id FROM releases WHERE rowid IN "
    "(SELECT rowid FROM releases_stem_fts WHERE releases_stem_fts MATCH ru_stem_query(?)) ORDER BY release_id"
)


def test_the_index_finds_a_russian_word_in_the_body_and_follows_updates(archive: Archive) -> None:
    archive.save_releases(
        [make_release(1, body_text="Объём инвестиции в регион вырос."), make_release(2)], seen_at=SEEN_1
    )
    assert fts_ids(archive, STEMMED, "инвестиции") == ["rel1"]
    archive.save_releases(
        [make_release(1, content_hash="v2", body_text="Теперь про экспорт.")], seen_at=SEEN_2
    )
    assert fts_ids(archive, STEMMED, "инвестиции") == []
    assert fts_ids(archive, STEMMED, "экспорт") == ["rel1"]


def test_there_is_one_full_text_index(archive: Archive) -> None:
    """Migration 0190 dropped the plain index and its triggers: the writer keeps the stemmed one."""
    names = {row[0] for row in archive.db.execute("SELECT name FROM sqlite_schema")}
    assert "releases_stem_fts" in names
    assert not {"releases_fts", "releases_ai", "releases_au", "releases_ad"} & names


def test_stemmed_search_finds_other_word_forms_and_yo(archive: Archive) -> None:
    archive.save_releases(
        [
            make_release(1, body_text="Регион привлёк новыми инвестициями ещё три завода."),
            make_release(2, title="Экспортёры региона", body_text="Поддержка экспорта."),
        ],
        seen_at=SEEN_1,
    )
    assert fts_ids(archive, STEMMED, "инвестиции") == ["rel1"]
    assert fts_ids(archive, STEMMED, "еще заводы") == ["rel1"]
    assert fts_ids(archive, STEMMED, "экспортеры") == ["rel2"]
    assert fts_ids(archive, STEMMED, "инвестиции OR экспорт") == ["rel1", "rel2"]
    assert fts_ids(archive, STEMMED, '"новыми инвестициями"') == ["rel1"]
    assert fts_ids(archive, STEMMED, '"инвестициями новыми"') == []
    assert fts_ids(archive, STEMMED, "инвест*") == ["rel1"]


def test_rebuild_search_restores_the_index_and_the_keys(archive: Archive) -> None:
    archive.save_releases([make_release(1, body_text="Инвестиции растут.")], seen_at=SEEN_1)
    archive.db.execute("INSERT INTO releases_stem_fts (releases_stem_fts) VALUES ('delete-all')")
    archive.db.execute("DELETE FROM release_search_keys")
    archive.rebuild_search()
    assert fts_ids(archive, STEMMED, "инвестициями") == ["rel1"]
    assert archive.db.execute("SELECT count(*) FROM release_search_keys").fetchone()[0] == 1


def test_stem_text_folds_case_and_yo() -> None:
    assert stem_text("Ещё ИНВЕСТИЦИЯМИ") == stem_text("еще инвестиции")
    assert stem_text(None) == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", MATCH_NOTHING),
        ('"', MATCH_NOTHING),
        ("NEAR(", MATCH_NOTHING),
        ("OR", MATCH_NOTHING),
        ("инвестиции", '"инвестиц"'),
        ("инвестиции OR", '"инвестиц"'),
        ("а OR OR б", '("а" OR "б")'),
        ("NOT экспорт", MATCH_NOTHING),  # only an exclusion: nothing to find (the page says so)
        ("инвест*", '"инвест"*'),
        ('"ё-моё', '"е мо"'),  # the lone quote is text; a hyphenated word is a phrase
    ],
)
def test_stem_query_examples(query: str, expected: str) -> None:
    assert stem_query(query) == expected


@given(st.text())
def test_stem_query_never_produces_invalid_fts(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    conn.execute("INSERT INTO t VALUES ('инвестиц экспорт')")
    conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [stem_query(query)]).fetchone()
    conn.close()
