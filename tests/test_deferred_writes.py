"""Captures rows committed a batch at a time (archive.deferred_writes): never after a write that
may point at them, never lost silently, never half committed."""

from __future__ import annotations

import datetime as dt
import gzip
import sqlite3
from pathlib import Path

import pytest

from archive.deferred_writes import DeferredWriteLost
from archive.disk_space import is_disk_full
from archive.records import Capture
from archive.store import Archive
from archive.transactions import write_transaction


def capture(n: int) -> Capture:
    return Capture(f"http://example.ru/news/{n}", "2026-12-04T10:00:00Z", "warc/a.warc.gz", n * 100, 100,
                   "response", f"sha1:{n:032d}", 200)  # fmt: skip


def committed(path: Path) -> int:
    """Captures rows another connection sees (what a reader, or a crash, would find)."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM captures").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive.open(tmp_path / "a.db")
    yield opened
    opened.close()


def test_rows_wait_for_their_batch_and_are_committed_when_full(archive: Archive, tmp_path: Path) -> None:
    ids = [archive.add_capture(capture(n), batch=4) for n in range(3)]
    assert ids == sorted(set(ids))  # handed out at once, distinct
    assert committed(tmp_path / "a.db") == 0
    archive.add_capture(capture(3), batch=4)
    assert committed(tmp_path / "a.db") == 4
    archive.add_capture(capture(4), batch=4)
    archive.commit_captures()
    assert committed(tmp_path / "a.db") == 5


def test_another_write_commits_the_waiting_rows_first(archive: Archive, tmp_path: Path) -> None:
    """A release batch links to captures rows: they are committed before it, its own commit is its
    own (a failed batch rolls back only itself)."""
    archive.add_capture(capture(1), batch=64)
    with pytest.raises(RuntimeError), write_transaction(archive.db):
        archive.db.execute("UPDATE captures SET http_status = 500")
        raise RuntimeError("the batch failed")
    assert committed(tmp_path / "a.db") == 1
    statuses = archive.db.execute("SELECT http_status FROM captures").fetchall()
    assert statuses == [(200,)]  # the failed transaction's change undone, the row kept
    archive.add_capture(capture(2), batch=64)
    with archive.db.atomic():  # sqlite-utils' own transactions too
        archive.db.execute("UPDATE captures SET http_status = 404 WHERE id = 1")
    assert committed(tmp_path / "a.db") == 2


def test_closing_the_archive_commits_the_waiting_rows(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "a.db")
    archive.add_capture(capture(1), batch=64)
    archive.close()
    assert committed(tmp_path / "a.db") == 1


def test_inside_a_callers_transaction_the_row_is_the_callers(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), archive.db.atomic():
        archive.add_capture(capture(1), batch=64)
        raise RuntimeError("rolled back")
    assert committed(tmp_path / "a.db") == 0
    assert archive.db.deferred_rows == 0  # type: ignore[attr-defined]


def test_rows_lost_to_a_full_disk_stop_every_later_write(archive: Archive, tmp_path: Path) -> None:
    """SQLite would give the next row the id of a lost one, and a release batch would link to it:
    after a loss the connection refuses writes, with an error the disk guard knows as a full disk."""
    archive.add_capture(capture(1), batch=1000)
    (pages,) = archive.db.execute("PRAGMA page_count").fetchone()
    archive.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.Error) as failed:
        for n in range(2, 1000):  # rows until the database may not grow
            archive.add_capture(capture(n), batch=1000)
    assert is_disk_full(failed.value)
    assert committed(tmp_path / "a.db") == 0  # never half committed
    archive.db.execute("PRAGMA max_page_count = 1000000")
    with pytest.raises(DeferredWriteLost) as refused:
        archive.add_capture(capture(5000), batch=1000)
    assert is_disk_full(refused.value)
    with pytest.raises(DeferredWriteLost), archive.db.atomic():
        pass
    with pytest.raises(DeferredWriteLost), write_transaction(archive.db):
        pass


def test_records_a_killed_crawl_left_unindexed_are_indexed_by_the_next_run(tmp_path: Path) -> None:
    """A kill loses the rows of the last batch, not the records: the next writing run's pass over
    the unsealed files (archive.warc_repair) indexes every whole response and revisit left without
    a row, from the records themselves, and leaves a damaged tail to the quarantine."""
    from test_warc import exchange

    from archive.verify import verify_archive
    from archive.warc import Revisit, WarcRotator
    from archive.warc_repair import repair_unsealed

    db_path = tmp_path / "archive.db"
    archive = Archive.open(db_path)
    rotator = WarcRotator(tmp_path, "src")
    written = []
    for n in range(4):
        url = f"http://127.0.0.1/news/{n % 3}"
        revisit = Revisit(url, dt.datetime(2026, 11, 26, tzinfo=dt.UTC)) if n == 3 else None
        written.append((url, rotator.append(exchange(url=url), revisit)))
    url, first = written[0]
    archive.add_capture(Capture(url, "2026-11-26T06:30:15Z", first.warc_file, first.offset, first.length,
                                first.record_type, first.payload_digest, 200))  # fmt: skip
    archive.close()  # the other three rows were in the batch the kill lost; the file is not sealed
    path = tmp_path / first.warc_file
    with path.open("ab") as handle:  # and the record being written when the kill came, cut short
        handle.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")[:20])
    assert any("3 record(s) not in the captures table" in w for w in verify_archive(db_path).warnings)

    repair_unsealed(db_path)

    report = verify_archive(db_path)
    assert report.ok and not [w for w in report.warnings if "not in the captures table" in w], report
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT url, fetched_at, warc_offset, warc_length, record_type, payload_digest, http_status"
        " FROM captures ORDER BY warc_offset"
    ).fetchall()
    conn.close()
    assert rows == [
        (url, "2026-11-26T06:30:15Z", w.offset, w.length, w.record_type, w.payload_digest, 200)
        for url, w in written
    ]
    assert [w.record_type for _, w in written] == ["response", "response", "response", "revisit"]
