"""The `release_versions` table: every content a release has had, the current one included.

Version 1 is the content first seen. A new version is added only when the content hash (of the
whitespace-normalised title and body, see crawler.normalise.bodies.content_hash) changes, so a
re-render that only moves spaces or drops a share widget adds nothing. `first_seen`/`last_seen`
bound when each content was observed; `capture_id` points at the raw response it came from.

The current version's HTML is not stored twice: its `body_html` is NULL, meaning "the release
row's" (`releases.body_html`), and it is copied in from the row when a newer version replaces it
(migration 0091). `versions_of` always gives the HTML. Title and text stay in every version:
the release page diffs them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from archive.ingest_sql import insert_rows, update_from_rows

logger = logging.getLogger(__name__)

# The fields a journalist reads; a change in any of them is an edit.
CONTENT_FIELDS = ("title", "body_text")


@dataclass(frozen=True)
class Version:
    """One version; `body_html` as read by `versions_of` (never NULL there)."""

    release_id: str
    version: int
    title: str
    body_text: str
    body_html: str
    content_hash: str
    first_seen: str | None
    last_seen: str | None
    capture_id: int | None


_COLUMNS = "release_id, version, title, body_text, body_html, content_hash, first_seen, last_seen, capture_id"
_INSERT = f"INSERT INTO release_versions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_COLUMN_NAMES = tuple(_COLUMNS.split(", "))


def add_version(
    db: Database,
    *,
    release_id: str,
    title: str,
    body_text: str,
    content_hash: str,
    seen_at: str,
    capture_id: int | None,
) -> int:
    """Append the next version of a release; return its number (1 for the first).

    Call it before the release row shows the new content: the version it replaces takes its HTML
    from the row, and the new one's HTML is the row's (`body_html` NULL)."""
    (latest,) = db.execute(
        "SELECT coalesce(max(version), 0) FROM release_versions WHERE release_id = ?", [release_id]
    ).fetchone()
    db.execute(
        "UPDATE release_versions SET body_html = (SELECT body_html FROM releases WHERE release_id = :rid)"
        " WHERE release_id = :rid AND version = :latest AND body_html IS NULL",
        {"rid": release_id, "latest": latest},
    )
    number = int(latest) + 1
    db.execute(
        _INSERT, [release_id, number, title, body_text, None, content_hash, seen_at, seen_at, capture_id]
    )
    return number


def add_first_versions(db: Database, rows: Sequence[Any]) -> None:
    """Version 1 of releases the archive did not have, in one statement for a whole batch: `rows`
    is (release_id, title, body_text, content_hash, seen_at, capture_id) of each, flattened. Their
    HTML is the release row's."""
    values: list[Any] = []
    for start in range(0, len(rows), 6):
        rid, title, body_text, content_hash, seen, capture_id = rows[start : start + 6]
        values += (rid, 1, title, body_text, None, content_hash, seen, seen, capture_id)
    insert_rows(db.conn, "release_versions", _COLUMN_NAMES, values)


def touch_current_many(db: Database, sightings: list[tuple[str, str, int | None]]) -> None:
    """The current content of each (release_id, seen_at, capture_id) was seen again: extend its
    `last_seen`; keep its first capture. One statement per 500 (release_ids distinct)."""
    update_from_rows(db.conn, _TOUCH_SQL, sightings)


_TOUCH_SQL = (
    "UPDATE release_versions SET last_seen = max(coalesce(last_seen, ''), v.column2),"
    " capture_id = coalesce(capture_id, v.column3)"
    " FROM {values} AS v"
    " WHERE release_versions.release_id = v.column1 AND release_versions.version ="
    " (SELECT max(version) FROM release_versions w WHERE w.release_id = v.column1)"
)


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Which content fields differ between two rows (ignoring whitespace runs)."""
    return [
        name
        for name in CONTENT_FIELDS
        if " ".join(str(old.get(name) or "").split()) != " ".join(str(new.get(name) or "").split())
    ]


def versions_of(db: Database, release_id: str) -> list[Version]:
    """All versions of a release, oldest first (the current one with the release row's HTML)."""
    rows = db.execute(
        "SELECT v.release_id, v.version, v.title, v.body_text, coalesce(v.body_html, r.body_html),"
        " v.content_hash, v.first_seen, v.last_seen, v.capture_id"
        " FROM release_versions v LEFT JOIN releases r ON r.release_id = v.release_id"
        " WHERE v.release_id = ? ORDER BY v.version",
        [release_id],
    ).fetchall()
    return [Version(*row) for row in rows]


def replace_versions(db: Database, release_id: str, versions: list[Version], row_html: str) -> None:
    """Replace a release's whole history (re-extraction); numbers are re-assigned 1..n. `row_html`
    is what the release row will show: the last version does not store it again."""

    def html(number: int, version: Version) -> str | None:
        return None if number == len(versions) and version.body_html == row_html else version.body_html

    db.execute("DELETE FROM release_versions WHERE release_id = ?", [release_id])
    db.conn.executemany(
        _INSERT,
        [
            (release_id, number, v.title, v.body_text, html(number, v), v.content_hash, v.first_seen,
             v.last_seen, v.capture_id)
            for number, v in enumerate(versions, start=1)
        ],
    )  # fmt: skip


def store_current_html_once(db: Database) -> None:
    """Migration 0091: `body_html` may be NULL (SQLite rebuilds a table to drop a NOT NULL), and is
    for each release's latest version that has the release row's HTML."""
    db.execute(
        """CREATE TABLE [release_versions_0091] (
           [id] INTEGER PRIMARY KEY,
           [release_id] TEXT NOT NULL REFERENCES [releases]([release_id]),
           [version] INTEGER NOT NULL,
           [title] TEXT NOT NULL,
           [body_text] TEXT NOT NULL,
           [body_html] TEXT,  -- NULL: the release row's (the current version)
           [content_hash] TEXT NOT NULL,
           [first_seen] TEXT,
           [last_seen] TEXT,
           [capture_id] INTEGER REFERENCES [captures]([id])
        )"""
    )
    db.execute(
        f"INSERT INTO [release_versions_0091] (id, {_COLUMNS})"
        " SELECT v.id, v.release_id, v.version, v.title, v.body_text,"
        " CASE WHEN v.body_html = r.body_html AND v.version ="
        "  (SELECT max(version) FROM release_versions w WHERE w.release_id = v.release_id)"
        " THEN NULL ELSE v.body_html END,"
        " v.content_hash, v.first_seen, v.last_seen, v.capture_id"
        " FROM release_versions v LEFT JOIN releases r ON r.release_id = v.release_id ORDER BY v.id"
    )
    db.execute("DROP TABLE [release_versions]")
    db.execute("ALTER TABLE [release_versions_0091] RENAME TO [release_versions]")
    db.execute(
        "CREATE UNIQUE INDEX [idx_release_versions_release_id_version]"
        " ON [release_versions] ([release_id], [version])"
    )
    db.execute("CREATE INDEX [idx_release_versions_capture_id] ON [release_versions] ([capture_id])")


def find_release(db: Database, url: str, *candidates: str) -> dict[str, Any] | None:
    """The release stored under this URL (as fetched or canonical), or under a release_id."""
    for value in (url, *candidates):
        row = db.execute(
            "SELECT * FROM releases WHERE url = :v OR canonical_url = :v OR release_id = :v LIMIT 1",
            {"v": value},
        )
        found = row.fetchone()
        if found is not None:
            return dict(zip((d[0] for d in row.description), found, strict=True))
    return None


@dataclass(frozen=True)
class Sighting:
    """One capture of a release page, re-extracted: when it was fetched and what it said."""

    capture_id: int
    seen_at: str
    title: str
    body_text: str
    body_html: str
    content_hash: str


def chain(previous: list[Version], sightings: list[Sighting], release_id: str) -> list[Version]:
    """Versions from `previous` (kept as they are) followed by the sightings in order; consecutive
    equal contents collapse into one version spanning their first and last sighting."""
    out = list(previous)
    for sighting in sightings:
        last = out[-1] if out else None
        if last is not None and last.content_hash == sighting.content_hash:
            out[-1] = Version(
                release_id, last.version, last.title, last.body_text, last.body_html, last.content_hash,
                last.first_seen, max(last.last_seen or "", sighting.seen_at), last.capture_id,
            )  # fmt: skip
            continue
        out.append(
            Version(
                release_id, len(out) + 1, sighting.title, sighting.body_text, sighting.body_html,
                sighting.content_hash, sighting.seen_at, sighting.seen_at, sighting.capture_id,
            )
        )  # fmt: skip
    return out
