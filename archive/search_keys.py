"""What search reads besides `releases`: the narrow `release_search_keys` and the stemmed index.

`release_search_keys` is a narrow copy of what search filters, sorts and counts by.

A search that matches 100,000 releases must read, for each, its source, region, publisher kind
and date. In `releases` those sit in rows of several kilobytes (the date after the body, on
overflow pages); here they are one short row per release, keyed by the same rowid the FTS
indexes use, so filters, date order and facet counts cost a fraction. Kept by SQL triggers (no
Python function), so every writer keeps it right. After a VACUUM (which may renumber rowids),
rebuild it together with the FTS indexes: `rebuild_search_keys`.

`releases_stem_fts` indexes the Russian stems of each release's title and body (archive.search) and,
since migration 0170, of the text of its attachments (archive.attachment_search). Since migration
0090 it stores nothing else: the stems are derived data, and storing them cost as much as the index
itself. Being contentless, a row is removed by the FTS5 'delete' command with the very stems it was
indexed with; `StemIndex` recomputes those of the title and body from the text still in `releases`,
and reads those of the attachments from `attachment_search_stems`, where they are kept as indexed
(an attachment's text changes in another table, at another time).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice

from sqlite_utils import Database

from archive.fts_tables import ATTACHMENT_STEMS_TABLE, STEM_FTS_TABLE
from archive.fts_tables import FTS_TOKENIZE as STEM_TOKENIZE
from archive.ingest_sql import insert_rows
from archive.search import stem_words

logger = logging.getLogger(__name__)

SEARCH_KEYS_TABLE = "release_search_keys"
# "Newest first" is by the UTC instant: a Курган release at 11:45 (09:45 МСК) comes after a Moscow
# one at 11:20. A release with a date and no time sorts by its local day, after that day's timed ones.
_SORT_KEY = (
    "CASE WHEN {r}.published_utc > '' THEN replace(substr({r}.published_utc, 1, 16), 'T', ' ')"
    " ELSE coalesce({r}.published_date, '') || ' ' END"
)
_VALUES = "{r}.rowid, {r}.source, {r}.region, {r}.publisher_kind, {r}.published_date, " + _SORT_KEY
_INSERT = (
    f"INSERT OR REPLACE INTO [{SEARCH_KEYS_TABLE}]"
    " (release_rowid, source, region, publisher_kind, published_date, sort_key)"
)

DDL = [
    f"""CREATE TABLE [{SEARCH_KEYS_TABLE}] (
        [release_rowid] INTEGER PRIMARY KEY,  -- = releases.rowid = the FTS rowid
        [source] TEXT, [region] TEXT, [publisher_kind] TEXT, [published_date] TEXT,
        [sort_key] TEXT  -- 'YYYY-MM-DD HH:MM' (UTC), or 'YYYY-MM-DD ' (local day), for "newest first"
    )""",
    f"CREATE INDEX [idx_{SEARCH_KEYS_TABLE}_sort_key] ON [{SEARCH_KEYS_TABLE}] ([sort_key])",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_ai] AFTER INSERT ON [releases] BEGIN
        {_INSERT} SELECT {_VALUES.format(r="new")};
    END""",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_au]
        AFTER UPDATE OF [source], [region], [publisher_kind], [published_date], [published_time],
            [published_utc] ON [releases]
    BEGIN
        DELETE FROM [{SEARCH_KEYS_TABLE}] WHERE release_rowid = old.rowid;
        {_INSERT} SELECT {_VALUES.format(r="new")};
    END""",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_ad] AFTER DELETE ON [releases] BEGIN
        DELETE FROM [{SEARCH_KEYS_TABLE}] WHERE release_rowid = old.rowid;
    END""",
]


def create_search_keys(db: Database) -> None:
    """The table, its index and triggers, filled from `releases` (run inside a migration)."""
    for statement in DDL:
        db.execute(statement)
    rebuild_search_keys(db)


def sort_by_utc(db: Database) -> None:
    """Re-create the triggers with the UTC sort key and rebuild the table (migration 0100)."""
    for name in ("ai", "au", "ad"):
        db.execute(f"DROP TRIGGER IF EXISTS [{SEARCH_KEYS_TABLE}_{name}]")
    for statement in DDL:
        if statement.startswith("CREATE TRIGGER"):
            db.execute(statement)
    rebuild_search_keys(db)


def rebuild_search_keys(db: Database) -> None:
    db.execute(f"DELETE FROM [{SEARCH_KEYS_TABLE}]")
    db.execute(f"{_INSERT} SELECT {_VALUES.format(r='releases')} FROM releases")
    logger.info(
        "search keys built for %d releases",
        db.execute(f"SELECT count(*) FROM [{SEARCH_KEYS_TABLE}]").fetchone()[0],
    )


_WORD = re.compile(r"\w+")  # archive.search's word: stem_text(t) == StemIndex.stems(t)


def _split(text: object) -> list[str]:
    return (text if isinstance(text, str) else str(text)).split()


_BACKGROUND_MIN_TEXTS = 8  # fewer are stemmed faster than a thread hand-over
_MEMO_LIMIT = 200_000  # tokens remembered (a few tens of MB); past it the older half is forgotten
_ADD = f"INSERT INTO [{STEM_FTS_TABLE}] (rowid, title, body_text, attachments) VALUES (?, ?, ?, ?)"
_DELETE = (
    f"INSERT INTO [{STEM_FTS_TABLE}] ([{STEM_FTS_TABLE}], rowid, title, body_text, attachments)"
    " VALUES ('delete', ?, ?, ?, ?)"
)
_ATTACHMENT_STEMS_OF_ROWID = (
    f"SELECT s.stems FROM [{ATTACHMENT_STEMS_TABLE}] s JOIN releases r ON r.release_id = s.release_id"
    " WHERE r.rowid = ?"
)


class StemIndex:
    """The writer's side of `releases_stem_fts`, with a memo of whitespace-separated tokens.

    Stemming is about a quarter of a new release's CPU (bench_ingest: 0.3 ms of 1.2, most of it
    on words not seen before); a press archive repeats its tokens ("инвестиций", "инвестиций,",
    "бизнес-миссии"), so each is cut into words and stemmed once per process. A \\w+ word never
    spans whitespace, so the stems of a text are those of its `str.split()` tokens in order:
    splitting on whitespace (in C) and looking the tokens up replaces the regex over the whole
    text: 0.12 ms a release instead of 0.29 once the memo knows the words, a little more while it
    fills (0.32 against 0.27 over bench_ingest's first 10,000, whose invented words keep coming).
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._memo: dict[str, str] = {}  # token -> its words' stems, space-separated ("" for none)
        self._worker: ThreadPoolExecutor | None = None  # used by one batch at a time

    def stems(self, text: str | None) -> str:
        """`archive.search.stem_text`, memoised by token."""
        return self.stems_many([text])[0]

    def stems_many(self, texts: Sequence[str | None]) -> list[str]:
        """`stem_text` of each text; the tokens not yet known are stemmed in one Snowball call."""
        get = self._memo.__getitem__
        out: list[str] = []
        missed: list[tuple[int, list[str]]] = []
        for text in texts:
            if not text:
                out.append("")
                continue
            tokens = _split(text)
            try:
                out.append(" ".join(filter(None, map(get, tokens))))
            except KeyError:
                missed.append((len(out), tokens))
                out.append("")
        if missed:
            self._learn([tokens for _, tokens in missed])
            for index, tokens in missed:
                out[index] = " ".join(filter(None, map(get, tokens)))
        return out

    def _learn(self, token_lists: list[list[str]]) -> None:
        """Put every token of these lists in the memo (one `stem_words` call for their words)."""
        memo = self._memo
        missing = set().union(*token_lists).difference(memo)
        if len(memo) + len(missing) > _MEMO_LIMIT:
            # forget the older half (a dict keeps insertion order), not the tokens of late
            for token in list(islice(memo, len(memo) // 2)):
                del memo[token]
            missing = set().union(*token_lists).difference(memo)
        words_of = [(token, _WORD.findall(token)) for token in missing]
        stems = iter(stem_words([word for _, words in words_of for word in words]))
        for token, words in words_of:
            memo[token] = next(stems) if len(words) == 1 else " ".join(next(stems) for _ in words)

    def add(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Index (releases rowid, title, body_text) rows that are not in the index."""
        rows = list(rows)
        stems = self.stems_many([text for _, title, body in rows for text in (title, body)])
        self.add_stemmed([rowid for rowid, _, _ in rows], stems)

    def add_stemmed(self, rowids: Sequence[int], stems: Sequence[str]) -> None:
        """Index releases already stemmed: `stems` holds the stemmed title and body of each rowid
        in turn. One statement (a row per statement would make FTS5 write a segment per row)."""
        values: list[object] = []
        for n, rowid in enumerate(rowids):
            values += (rowid, stems[2 * n], stems[2 * n + 1])
        insert_rows(self.db.conn, STEM_FTS_TABLE, ("rowid", "title", "body_text"), values)

    def stem_in_background(self, texts: list[str]) -> Future[list[str]]:
        """`stems_many(texts)` in this index's worker thread, while the caller's thread runs the
        batch's other statements (SQLite lets go of the GIL while it works): on a machine with a
        second core the stemming costs no wall time. Small batches are stemmed here and now."""
        if len(texts) < _BACKGROUND_MIN_TEXTS:
            done: Future[list[str]] = Future()
            done.set_result(self.stems_many(texts))
            return done
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stems")
        return self._worker.submit(self.stems_many, texts)

    def close(self) -> None:
        """Stop the worker thread (if one was started)."""
        if self._worker is not None:
            self._worker.shutdown()
            self._worker = None

    def replace(self, rowid: int, old: tuple[str, str], new: tuple[str, str]) -> None:
        """The release at `rowid` had (title, body_text) `old` and now has `new` (its attachments'
        stems stay as they are)."""
        found = self.db.conn.execute(_ATTACHMENT_STEMS_OF_ROWID, [rowid]).fetchone()
        attachments = found[0] if found else None
        self.db.conn.execute(_DELETE, [rowid, self.stems(old[0]), self.stems(old[1]), attachments])
        self.db.conn.execute(_ADD, [rowid, self.stems(new[0]), self.stems(new[1]), attachments])

    def replace_attachments(self, release_id: str, text: str | None) -> bool:
        """The release's attachments now read `text` (all of them, in one text): its index row and
        its kept stems follow. False when nothing changed (or there is no such release)."""
        row = self.db.conn.execute(
            f"SELECT r.rowid, r.title, r.body_text, s.stems FROM releases r"
            f" LEFT JOIN [{ATTACHMENT_STEMS_TABLE}] s ON s.release_id = r.release_id WHERE r.release_id = ?",
            [release_id],
        ).fetchone()
        if row is None:
            return False
        rowid, title, body, old = row
        new = self.stems(text)
        if (old or "") == new:
            return False
        title_stems, body_stems = self.stems(title), self.stems(body)
        self.db.conn.execute(_DELETE, [rowid, title_stems, body_stems, old])
        self.db.conn.execute(_ADD, [rowid, title_stems, body_stems, new or None])
        if new:
            self.db.conn.execute(
                f"INSERT OR REPLACE INTO [{ATTACHMENT_STEMS_TABLE}] (release_id, stems) VALUES (?, ?)",
                [release_id, new],
            )
        else:
            self.db.conn.execute(f"DELETE FROM [{ATTACHMENT_STEMS_TABLE}] WHERE release_id = ?", [release_id])
        return True

    def rebuild(self) -> None:
        """Index every release anew (after a VACUUM, which may renumber rowids), its attachments'
        kept stems with it."""
        self.db.execute(f"INSERT INTO [{STEM_FTS_TABLE}] ([{STEM_FTS_TABLE}]) VALUES ('delete-all')")
        cursor = self.db.conn.execute(
            f"SELECT r.rowid, r.title, r.body_text, s.stems FROM releases r"
            f" LEFT JOIN [{ATTACHMENT_STEMS_TABLE}] s ON s.release_id = r.release_id"
        )
        while rows := cursor.fetchmany(1000):
            stems = self.stems_many([text for _, title, body, _ in rows for text in (title, body)])
            values: list[object] = []
            for n, (rowid, _, _, attachments) in enumerate(rows):
                values += (rowid, stems[2 * n], stems[2 * n + 1], attachments)
            insert_rows(self.db.conn, STEM_FTS_TABLE, ("rowid", "title", "body_text", "attachments"), values)
        logger.info("stemmed index rebuilt")


def create_contentless_stem_index(db: Database) -> None:
    """Migration 0090: `releases_stem_fts` made contentless, its stems copied over from the stored
    copy (no stemming, no Python function needed)."""
    staging = f"{STEM_FTS_TABLE}_0090"
    db.execute(
        f"CREATE VIRTUAL TABLE [{staging}] USING fts5(title, body_text, content='',"
        f" tokenize='{STEM_TOKENIZE}')"
    )
    db.execute(
        f"INSERT INTO [{staging}] (rowid, title, body_text)"
        f" SELECT rowid, title, body_text FROM [{STEM_FTS_TABLE}]"
    )
    db.execute(f"DROP TABLE [{STEM_FTS_TABLE}]")
    db.execute(f"ALTER TABLE [{staging}] RENAME TO [{STEM_FTS_TABLE}]")
    db.execute(f"INSERT INTO [{STEM_FTS_TABLE}] ([{STEM_FTS_TABLE}]) VALUES ('optimize')")
