"""The `release_versions` table: every content a release has had, the current one included.

Version 1 is the content first seen. A new version is added only when the content hash (of the
whitespace-normalised title and body, see crawler.normalise.bodies.content_hash) changes, so a
re-render that only moves spaces or drops a share widget adds nothing. `first_seen`/`last_seen`
bound when each content was observed; `capture_id` points at the raw response it came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

logger = logging.getLogger(__name__)

# The fields a journalist reads; a change in any of them is an edit.
CONTENT_FIELDS = ("title", "body_text")


@dataclass(frozen=True)
class Version:
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
_TOUCH = (
    "UPDATE release_versions SET last_seen = max(coalesce(last_seen, ''), :seen),"
    " capture_id = coalesce(capture_id, :capture)"
    " WHERE release_id = :rid"
    " AND version = (SELECT max(version) FROM release_versions WHERE release_id = :rid)"
)


def add_version(
    db: Database,
    *,
    release_id: str,
    title: str,
    body_text: str,
    body_html: str,
    content_hash: str,
    seen_at: str,
    capture_id: int | None,
) -> int:
    """Append the next version of a release; return its number (1 for the first)."""
    (latest,) = db.execute(
        "SELECT coalesce(max(version), 0) FROM release_versions WHERE release_id = ?", [release_id]
    ).fetchone()
    number = int(latest) + 1
    db.execute(
        _INSERT, [release_id, number, title, body_text, body_html, content_hash, seen_at, seen_at, capture_id]
    )
    return number


def add_first_versions(db: Database, versions: list[Version]) -> None:
    """Version 1 of releases the archive did not have (one statement for a whole batch)."""
    db.conn.executemany(
        _INSERT,
        [
            (v.release_id, 1, v.title, v.body_text, v.body_html, v.content_hash, v.first_seen, v.last_seen,
             v.capture_id)
            for v in versions
        ],
    )  # fmt: skip


def touch_current(db: Database, release_id: str, seen_at: str, capture_id: int | None) -> None:
    """The current content was seen again: extend its `last_seen`; keep its first capture."""
    touch_current_many(db, [(release_id, seen_at, capture_id)])


def touch_current_many(db: Database, sightings: list[tuple[str, str, int | None]]) -> None:
    """`touch_current` for (release_id, seen_at, capture_id) of a batch."""
    db.conn.executemany(
        _TOUCH, [{"rid": rid, "seen": seen, "capture": capture} for rid, seen, capture in sightings]
    )


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Which content fields differ between two rows (ignoring whitespace runs)."""
    return [
        name
        for name in CONTENT_FIELDS
        if " ".join(str(old.get(name) or "").split()) != " ".join(str(new.get(name) or "").split())
    ]


def versions_of(db: Database, release_id: str) -> list[Version]:
    """All versions of a release, oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM release_versions WHERE release_id = ? ORDER BY version", [release_id]
    ).fetchall()
    return [Version(*row) for row in rows]


def replace_versions(db: Database, release_id: str, versions: list[Version]) -> None:
    """Replace a release's whole history (re-extraction); numbers are re-assigned 1..n."""
    db.execute("DELETE FROM release_versions WHERE release_id = ?", [release_id])
    db.conn.executemany(
        _INSERT,
        [
            (release_id, number, v.title, v.body_text, v.body_html, v.content_hash, v.first_seen,
             v.last_seen, v.capture_id)
            for number, v in enumerate(versions, start=1)
        ],
    )  # fmt: skip


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
