"""The batched ingest: one statement per table and batch, the same archive as release by release,
stemming by token (in a worker thread) equal to `stem_text`, and a failed batch leaving nothing."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from archive import ingest_sql, search_keys
from archive.captures import link_captures
from archive.records import RELEASE_FIELDS, Attachment, Capture, Release
from archive.search import stem_text
from archive.search_keys import StemIndex
from archive.store import Archive
from tests.test_store import SEEN_1, SEEN_2, make_release, make_source

SOURCES = [make_source(), make_source("mo-invest")]
WORDS = "регион привлёк инвестиции экспорт вырос бизнес-миссия «Татарстан» 2026 году, завод; café".split()  # noqa: SIM905


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "archive.db")
    store.sync_sources(SOURCES)
    yield store
    store.close()


def unique_word(n: int) -> str:
    """A word only release n has (in its title and body), so a search tells the releases apart."""
    return "".join("бвгджзклмн"[int(digit)] for digit in str(n)) + "ово"


def release(n: int, edit: int = 0, **changes: Any) -> Release:
    """A release with a body of a few dozen words; `edit` > 0 gives it another content."""
    words = [WORDS[(n * 7 + i * (edit + 3)) % len(WORDS)] for i in range(40)]
    body = " ".join(words) + f" {unique_word(n)}." + (f" Правка {edit}." if edit else "")
    return make_release(
        n,
        title=f"Релиз {unique_word(n)}",
        body_text=body,
        body_html=f"<p>{body}</p>",
        content_hash=f"h{n}-{edit}",
        **changes,
    )


def capture(store: Archive, r: Release, offset: int, fetched_at: str) -> int:
    return store.add_capture(
        Capture(
            url=r.url,
            fetched_at=fetched_at,
            warc_file="w.warc.gz",
            warc_offset=offset,
            warc_length=10,
            record_type="response",
            payload_digest="sha1:X",
        )
    )


class _Counting:
    """The archive's connection, counting the statements run through it (executemany counts each
    row: it runs the statement once per row)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seen: Counter[str] = Counter()

    def _count(self, sql: str, times: int) -> None:
        match = re.match(r"\s*(INSERT INTO|UPDATE|SELECT .*? FROM)\s+\[?(\w+)", sql, re.S)
        if match:
            self.seen[f"{match[1].split()[0]} {match[2]}"] += times

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._count(sql, 1)
        return self.conn.execute(sql, *args)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        self._count(sql, len(rows))
        return self.conn.executemany(sql, rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def statements(store: Archive, batch: list[Release], captures: dict[str, int] | None = None) -> Counter[str]:
    """The statements one save_releases runs, by their first word and table."""
    real = store.db.conn
    counting = _Counting(real)
    store.db.conn = counting  # type: ignore[assignment]
    try:
        store.save_releases(batch, seen_at=SEEN_1, captures=captures)
    finally:
        store.db.conn = real
    return counting.seen


def test_a_batch_writes_each_table_in_one_statement(archive: Archive) -> None:
    batch = [release(n) for n in range(40)]
    links = {r.release_id: capture(archive, r, n * 100, SEEN_1) for n, r in enumerate(batch)}
    seen = statements(archive, batch, links)
    for name in ("INSERT releases", "INSERT releases_stem_fts", "INSERT release_versions", "INSERT events"):
        assert seen[name] == 1, seen
    assert seen["UPDATE captures"] == 1, seen

    again = statements(archive, batch, links)  # unchanged: touched, nothing inserted
    assert again["UPDATE releases"] == 1 and again["UPDATE release_versions"] == 1, again
    assert not [name for name in again if name.startswith("INSERT")], again


def _dump(store: Archive) -> dict[str, list[tuple[Any, ...]]]:
    """What the archive holds, without the row ids that the order of writes may number
    differently (versions and events compared per release, in order)."""
    db = store.db
    stems = sorted({word for w in WORDS for word in stem_text(w).split()})
    return {
        "releases": db.execute("SELECT * FROM releases ORDER BY release_id").fetchall(),
        "releases_seen": db.execute("SELECT release_id, first_seen FROM releases ORDER BY 1").fetchall(),
        "versions": db.execute(
            "SELECT release_id, version, title, body_text, body_html, content_hash, first_seen, last_seen,"
            " capture_id FROM release_versions ORDER BY release_id, version"
        ).fetchall(),
        "events": db.execute(
            "SELECT release_id, source, kind, at, detail FROM events ORDER BY release_id, id"
        ).fetchall(),
        "captures": db.execute("SELECT * FROM captures ORDER BY id").fetchall(),
        "sources": db.execute("SELECT name, release_count, last_new_release_at FROM sources").fetchall(),
        "search_keys": db.execute(
            "SELECT r.release_id, k.source, k.region, k.publisher_kind, k.published_date, k.sort_key"
            " FROM release_search_keys k JOIN releases r ON r.rowid = k.release_rowid ORDER BY 1"
        ).fetchall(),
        "stemmed": [
            db.execute(
                "SELECT r.release_id FROM releases_stem_fts f JOIN releases r ON r.rowid = f.rowid"
                " WHERE releases_stem_fts MATCH ? ORDER BY 1",
                [f'"{stem}"'],
            ).fetchall()
            for stem in stems
        ],
        "unique": [
            db.execute(
                "SELECT r.release_id FROM releases r WHERE r.rowid IN (SELECT rowid FROM releases_stem_fts"
                " WHERE releases_stem_fts MATCH ?)",
                [stem_text(unique_word(n))],
            ).fetchall()
            for n in range(45)
        ],
    }


def _nights() -> list[list[Release]]:
    """Three crawls: all new; edits, a move to another source, repeats within a batch and
    unchanged ones; the same again with a few new."""
    first = [release(n) for n in range(24)]
    second = [release(n, edit=1) if n % 5 == 0 else release(n) for n in range(24)]
    second[7] = release(7, edit=2, source="mo-invest")
    second += [release(3, edit=4), release(3), release(30), release(30, edit=1)]
    third = [*second[:10], release(40), release(41)]
    return [first, second, third]


def _replay(store: Archive, batch_size: int) -> None:
    offset = 0
    for night, releases in enumerate(_nights()):
        seen = (SEEN_1, SEEN_2, "2026-03-03T05:00:00Z")[night]
        ids = Counter(r.release_id for r in releases)
        if night == 1:
            store.mark_removed("rel2", at=SEEN_2, detail={"http_status": 404})
        for start in range(0, len(releases), batch_size):
            batch = releases[start : start + batch_size]
            links = {}
            for r in batch:
                # a capture per release and batch (the crawl's mapping), so none for a release that
                # comes twice in a night; and one release never has a capture
                if r.release_id != "rel11" and ids[r.release_id] == 1:
                    offset += 100
                    links[r.release_id] = capture(store, r, offset, f"{seen[:-3]}{offset % 60:02d}Z")
            store.save_releases(batch, seen_at=seen, captures=links)


def test_a_batch_stores_what_its_releases_saved_one_by_one_store(tmp_path: Path) -> None:
    dumps = []
    for batch_size in (1, 50, 9):
        with Archive.open(tmp_path / f"by{batch_size}.db") as store:
            store.sync_sources(SOURCES)
            _replay(store, batch_size)
            dumps.append(_dump(store))
    assert dumps[0] == dumps[1] == dumps[2]
    reappeared = [e for e in dumps[0]["events"] if e[0] == "rel2" and e[2] == "reappeared"]
    assert [e[4] for e in reappeared] == [f'{{"removed_at": "{SEEN_2}"}}']
    first_seen = {row[0]: row[-1] for row in dumps[0]["releases_seen"]}
    assert first_seen["rel0"] == "2026-03-01T05:00:40Z"  # when its capture was fetched
    assert first_seen["rel11"] == SEEN_1  # no capture: the batch's time
    assert dumps[0]["unique"][:5] == [[(f"rel{n}",)] for n in range(5)]
    assert any(stem_rows for stem_rows in dumps[0]["stemmed"])


texts = st.lists(st.one_of(st.none(), st.text(), st.sampled_from(WORDS)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, max_size=4))
def test_stems_by_token_equal_stem_text_with_the_memo_cleared(batches: list[list[str | None]]) -> None:
    stems = StemIndex(Database(memory=True))
    limit = search_keys._MEMO_LIMIT
    search_keys._MEMO_LIMIT = 5  # cleared again and again
    try:
        for batch in batches:
            assert stems.stems_many(batch) == [stem_text(text) for text in batch]
    finally:
        search_keys._MEMO_LIMIT = limit


def test_background_stemming_equals_stem_text_and_stops_on_close() -> None:
    stems = StemIndex(Database(memory=True))
    batch = [w * 3 for w in WORDS]
    assert stems.stem_in_background(batch).result() == [stem_text(t) for t in batch]
    assert stems._worker is not None
    stems.close()
    assert stems._worker is None


def test_a_stemming_failure_leaves_nothing_of_the_batch(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: StemIndex, texts: list[str]) -> list[str]:
        raise RuntimeError("stemmer broke")

    monkeypatch.setattr(StemIndex, "stems_many", broken)
    with pytest.raises(RuntimeError, match="stemmer broke"):
        archive.save_releases([release(n) for n in range(10)], seen_at=SEEN_1)
    for table in ("releases", "release_versions", "events", "releases_stem_fts", "release_search_keys"):
        assert archive.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] == 0, table
    monkeypatch.undo()
    assert archive.save_releases([release(n) for n in range(10)], seen_at=SEEN_1).new == 10


def test_a_capture_linked_twice_keeps_the_last_link(archive: Archive) -> None:
    archive.save_releases([release(1), release(2)], seen_at=SEEN_1)
    capture_id = capture(archive, release(1), 0, SEEN_1)
    with archive.db.atomic():
        link_captures(archive.db, [(capture_id, "rel1", "a"), (capture_id, "rel2", "b")])
    row = archive.db.execute("SELECT release_id, content_hash FROM captures WHERE id = ?", [capture_id])
    assert row.fetchone() == ("rel2", "b")


def test_insert_rows_splits_long_batches_and_returns_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(memory=True)
    db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
    monkeypatch.setattr(ingest_sql, "MAX_PARAMETERS", 7)  # three rows a statement
    values = [v for n in range(10) for v in (n, str(n))]
    returned = ingest_sql.insert_rows(db.conn, "t", ("a", "b"), values, returning="a")
    assert sorted(returned) == [(n,) for n in range(10)]
    assert db.execute("SELECT a, b FROM t ORDER BY rowid").fetchall() == [(n, str(n)) for n in range(10)]
    with pytest.raises(ValueError):
        ingest_sql.insert_rows(db.conn, "t", ("a", "b"), [1, "x", 2])


def test_update_from_rows_updates_every_row_in_chunks() -> None:
    db = Database(memory=True)
    db.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)")
    db.conn.executemany("INSERT INTO t VALUES (?, 'old')", [(n,) for n in range(10)])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    template = "UPDATE t SET b = v.column2 FROM {values} AS v WHERE t.a = v.column1"
    ingest_sql.update_from_rows(db.conn, template, [(n, f"new{n}") for n in range(1, 8)], chunk=3)
    ingest_sql.update_from_rows(db.conn, template, [])
    assert len([s for s in statements if s.startswith("UPDATE")]) == 3  # 3 + 3 + 1 rows
    expected = [(0, "old"), *[(n, f"new{n}") for n in range(1, 8)], (8, "old"), (9, "old")]
    assert db.execute("SELECT a, b FROM t ORDER BY a").fetchall() == expected


def test_row_values_are_the_rows_values_in_field_order() -> None:
    plain = make_release(1)
    full = dataclasses.replace(
        plain,
        date_flags=("missing",),
        images=("https://example.ru/a.jpg",),
        attachments=(Attachment(url="https://example.ru/a.pdf", title="Отчёт", kind="pdf"),),
        tags=("Экспорт",),
        methods={"title": "selector", "body": "text"},
    )
    for r in (plain, full, dataclasses.replace(plain, methods={})):
        row = r.to_row()
        assert r.row_values() == [row[name] for name in RELEASE_FIELDS]
