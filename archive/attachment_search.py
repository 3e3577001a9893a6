"""Attachment text in the stemmed search index (issue 16).

The text of a release's attachments is a third column of `releases_stem_fts`, `attachments`,
beside its title and body: every search (the search page, its JSON, feeds, saved searches, the
table's `_search`) finds a release whose words are only in its PDF, and `{attachments} : (...)`
finds those whose attachments hold the whole query (the facet «в приложениях»,
archive.search.stem_query's scope).

The column holds the stems of the current text of every file the release links to (a removed
file's last copy too: the archive keeps it), in the order the files were first stored. Because
the index is contentless, the stems put in are kept in `attachment_search_stems`: when a file
changes, or the release's own text does, the old row is deleted with exactly those stems.
"""

from __future__ import annotations

import logging

from sqlite_utils import Database

from archive.fts_tables import ATTACHMENT_STEMS_TABLE, FTS_TOKENIZE, STEM_FTS_TABLE
from archive.search_keys import StemIndex

logger = logging.getLogger(__name__)

# between two files' texts: a phrase never runs from the end of one file into the next
FILE_SEPARATOR = "\n\n"


def attachments_text(db: Database, release_id: str) -> str:
    """What the release's attachments say, all files in one text ("" when none has text)."""
    rows = db.execute(
        "SELECT text FROM attachments WHERE release_id = ? AND text IS NOT NULL AND text != '' ORDER BY id",
        [release_id],
    ).fetchall()
    return FILE_SEPARATOR.join(text for (text,) in rows)


def refresh_attachment_search(db: Database, release_id: str, stems: StemIndex | None = None) -> bool:
    """Bring the release's `attachments` column up to its files' current text (inside the caller's
    transaction); True when it changed."""
    index = stems or StemIndex(db)
    changed = index.replace_attachments(release_id, attachments_text(db, release_id))
    if changed:
        logger.debug("attachment text of %s re-indexed", release_id)
    return changed


def create_attachment_search(db: Database) -> None:
    """Migration 0170: the kept stems, and the stemmed index made anew with its third column.

    A contentless FTS5 table gives back no text, so every release is stemmed and indexed again,
    once: 37.5 s for bench_search's 50,000 releases of 16 KB (about 0.75 ms a release, so some
    twelve minutes for a million), inside the migration's one transaction.
    """
    db.execute(
        f"CREATE TABLE IF NOT EXISTS [{ATTACHMENT_STEMS_TABLE}] ("
        " [release_id] TEXT PRIMARY KEY REFERENCES releases(release_id), [stems] TEXT NOT NULL"
        ") WITHOUT ROWID"
    )
    db.execute(f"DROP TABLE IF EXISTS [{STEM_FTS_TABLE}]")
    db.execute(
        f"CREATE VIRTUAL TABLE [{STEM_FTS_TABLE}] USING fts5(title, body_text, attachments, content='',"
        f" tokenize='{FTS_TOKENIZE}')"
    )
    index = StemIndex(db)
    releases = [
        release_id
        for (release_id,) in db.execute(
            "SELECT DISTINCT release_id FROM attachments WHERE text IS NOT NULL AND text != ''"
        ).fetchall()
    ]
    texts = [attachments_text(db, release_id) for release_id in releases]
    db.conn.executemany(
        f"INSERT OR REPLACE INTO [{ATTACHMENT_STEMS_TABLE}] (release_id, stems) VALUES (?, ?)",
        [(rid, stems) for rid, stems in zip(releases, index.stems_many(texts), strict=True) if stems],
    )
    index.rebuild()
    db.execute(f"INSERT INTO [{STEM_FTS_TABLE}] ([{STEM_FTS_TABLE}]) VALUES ('optimize')")
    index.close()
