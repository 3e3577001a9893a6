"""A re-extraction with unchanged extractors changes nothing: no version, no row, no date moves.

A release extracted from a capture is dated by the capture's fetch time (its first/last seen, its
versions, its events), in the crawl as in `reextract` (which reads that time back from the
captures), not by the time the crawl's batch was written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run_cli as cli

from archive.records import Capture
from archive.store import Archive
from demo.mirror import Mirror, write_demo_registry
from tests.test_store import make_release, make_source

FETCHED = "2026-03-01T04:59:58Z"
BATCH = "2026-03-01T05:00:03Z"  # the batch is written a few seconds after its pages were fetched
# The crawl spread over a few seconds: batches are written well after their first pages were fetched.
SLOW = ("--set", "DOWNLOAD_DELAY=0.1", "--set", "AUTOTHROTTLE_ENABLED=False")
TABLES = ("releases", "release_versions", "events", "captures", "clusters", "sources")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "archive.db")
    store.sync_sources([make_source()])
    yield store
    store.close()


def capture(archive: Archive, url: str, offset: int) -> int:
    return archive.add_capture(
        Capture(
            url=url,
            fetched_at=FETCHED,
            warc_file="warc/test.warc.gz",
            warc_offset=offset,
            warc_length=100,
            record_type="response",
            payload_digest="sha1:X",
            http_status=200,
        )
    )


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: conn.execute(f"SELECT rowid, * FROM [{table}] ORDER BY rowid").fetchall() for table in TABLES
    }


def test_a_release_is_dated_by_its_capture_not_by_its_batch(archive: Archive) -> None:
    release = make_release(1)
    capture_id = capture(archive, release.url, 0)
    archive.save_releases([release], seen_at=BATCH, captures={release.release_id: capture_id})
    version = archive.db.execute(
        "SELECT first_seen, last_seen FROM release_versions WHERE release_id = 'rel1'"
    ).fetchone()
    row = archive.db["releases"].get("rel1")
    (event_at,) = archive.db.execute("SELECT at FROM events WHERE release_id = 'rel1'").fetchone()
    assert version == (FETCHED, FETCHED)
    assert (row["first_seen"], row["last_seen"], row["changed_at"], event_at) == (FETCHED,) * 4
    assert archive.db["sources"].get("mo-minec")["last_new_release_at"] == BATCH


def test_rebuilding_from_the_same_capture_is_unchanged(archive: Archive) -> None:
    release = make_release(1)
    capture_id = capture(archive, release.url, 0)
    archive.save_releases([release], seen_at=BATCH, captures={release.release_id: capture_id})
    before = snapshot(archive.db.conn)
    assert archive.rebuild_release([(capture_id, FETCHED, release)]) == "unchanged"
    assert snapshot(archive.db.conn) == before


def test_reextract_of_a_crawl_with_unchanged_extractors_changes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        crawled = cli("crawl", "--sources", registry, "--db", db_path, *SLOW)
        assert crawled.returncode == 0, crawled.stderr[-3000:]
    conn = sqlite3.connect(db_path)
    before = snapshot(conn)
    conn.close()
    releases = len(before["releases"])
    assert releases > 40

    result = cli("reextract", "--db", db_path, "--sources", registry)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"releases: unchanged={releases};" in result.stdout, result.stdout
    conn = sqlite3.connect(db_path)
    after = snapshot(conn)
    conn.close()
    for table in TABLES:
        assert after[table] == before[table], table
