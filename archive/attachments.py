"""Attachments of releases in the archive: a row per (release, file URL) with its text, and every
version of the file the crawl fetched (issue 16).

Pure storage: the crawl hands over what it fetched and read (crawler.attachments gives the text);
the raw file itself is in the WARC captures like every other response (`capture_id`). A file
whose bytes changed is a new version, and an `edited` event of its release that says which file;
a file that answers 404/410 is marked removed (its last copy and text stay), also said by an
`edited` event of its release.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.db import Table

from archive.attachment_search import refresh_attachment_search
from archive.events import record_event
from archive.transactions import write_transaction

logger = logging.getLogger(__name__)

GONE_STATUSES = (404, 410)


def create_attachment_tables(db: Database) -> None:
    """`attachments` (the current state of each file of each release) and `attachment_versions`."""
    table = db["attachments"]
    assert isinstance(table, Table)
    table.create(
        {
            "id": int,
            "release_id": str,
            "url": str,
            "title": str,  # the link's text on the release page
            "kind": str,  # what the bytes are: pdf, docx, xlsx ... (crawler.attachments.kinds)
            "size": int,  # bytes
            "payload_digest": str,  # sha1:BASE32, as in the WARC record
            "capture_id": int,  # the captures row of the last fetch that brought the file
            "http_status": int,
            "status": str,  # ok, scanned, encrypted, damaged ... or http_<status> (crawler.attachments.model)
            "reason": str,  # why there is no text, in Russian (None when there is)
            "method": str,  # the reader: pypdfium2, python-docx ...
            "pages": int,
            "text": str,
            "version_count": int,
            "first_seen": str,
            "last_fetched": str,
            "changed_at": str,
            "removed_at": str,
        },
        pk="id",
        not_null={"release_id", "url", "first_seen", "version_count"},
        foreign_keys=[("release_id", "releases", "release_id"), ("capture_id", "captures", "id")],
    )
    table.create_index(["release_id", "url"], unique=True)
    table.create_index(["url"])
    versions = db["attachment_versions"]
    assert isinstance(versions, Table)
    versions.create(
        {
            "id": int,
            "attachment_id": int,
            "version": int,
            "payload_digest": str,
            "capture_id": int,
            "size": int,
            "status": str,
            "method": str,
            "pages": int,
            "text": str,
            "fetched_at": str,
        },
        pk="id",
        not_null={"attachment_id", "version", "fetched_at"},
        foreign_keys=[("attachment_id", "attachments", "id"), ("capture_id", "captures", "id")],
    )
    versions.create_index(["attachment_id", "version"], unique=True)


@dataclass(frozen=True)
class FetchedAttachment:
    """One file as the crawl fetched and read it (for one release that links to it)."""

    release_id: str
    source: str
    url: str
    title: str | None
    fetched_at: str  # UTC ISO
    http_status: int
    capture_id: int | None = None
    kind: str | None = None
    size: int | None = None
    payload_digest: str | None = None
    status: str | None = None  # None for an answer without the file (a 404, a 304)
    reason: str | None = None
    method: str | None = None
    pages: int | None = None
    text: str | None = None


_COLUMNS = (
    "kind",
    "size",
    "payload_digest",
    "capture_id",
    "http_status",
    "status",
    "reason",
    "method",
    "pages",
    "text",
)


def save_attachment(db: Database, fetched: FetchedAttachment) -> str:
    """Store one fetch of one release's file; what it was: new, changed, unchanged, removed,
    missing (a file linked but never got: its first answer was 404/410), not_modified (304),
    failed (no file: too large, timed out, an error answer; the last copy, if any, stays).

    A new or changed file's text goes into the release's row of the stemmed index at once
    (archive.attachment_search), in the same transaction."""
    with write_transaction(db):
        outcome = _save(db, fetched)
        if outcome in ("new", "changed"):
            refresh_attachment_search(db, fetched.release_id)
        return outcome


def _save(db: Database, fetched: FetchedAttachment) -> str:
    """save_attachment's work, inside its transaction."""
    row = db.execute(
        "SELECT id, payload_digest, version_count, removed_at FROM attachments"
        " WHERE release_id = ? AND url = ?",
        [fetched.release_id, fetched.url],
    ).fetchone()
    if fetched.http_status in GONE_STATUSES:
        return _gone(db, fetched, row)
    if fetched.http_status == 304 or fetched.payload_digest is None:
        # 304: nothing new; no digest: not got (too large, timed out, a 5xx), the last copy stays
        if row is not None:
            _touch(db, row[0], fetched.fetched_at)
        elif fetched.http_status != 304:
            _insert(db, fetched, status=fetched.status or f"http_{fetched.http_status}")
        return "not_modified" if fetched.http_status == 304 else "failed"
    if row is None:
        _insert(db, fetched)
        return "new"
    attachment_id, digest, versions, _removed_at = row
    if versions == 0:  # linked, missing until now: its first copy, no change of the release
        _new_copy(db, attachment_id, 1, fetched)
        return "new"
    if digest == fetched.payload_digest:
        db.execute(
            "UPDATE attachments SET last_fetched = ?, removed_at = NULL, http_status = ? WHERE id = ?",
            [fetched.fetched_at, fetched.http_status, attachment_id],
        )
        return "unchanged"
    _new_copy(db, attachment_id, versions + 1, fetched)
    _file_event(db, fetched, "changed", version=versions + 1)
    return "changed"


def _gone(db: Database, fetched: FetchedAttachment, row: tuple[int, str, int, str | None] | None) -> str:
    if row is None:  # linked, never got: recorded so the reader sees the file was promised
        _insert(db, fetched, status=f"http_{fetched.http_status}")
        return "missing"
    attachment_id, _, versions, removed_at = row
    if versions == 0:  # never got: still missing, nothing to remove
        _touch(db, attachment_id, fetched.fetched_at)
        return "missing"
    if removed_at is not None:
        return "unchanged"
    db.execute(
        "UPDATE attachments SET removed_at = ?, last_fetched = ? WHERE id = ?",
        [fetched.fetched_at, fetched.fetched_at, attachment_id],
    )
    _file_event(db, fetched, "removed", http_status=fetched.http_status)
    return "removed"


def _touch(db: Database, attachment_id: int, at: str) -> None:
    db.execute("UPDATE attachments SET last_fetched = ? WHERE id = ?", [at, attachment_id])


def _new_copy(db: Database, attachment_id: int, version: int, fetched: FetchedAttachment) -> None:
    """The file's row takes what this fetch brought, as version `version` (kept in attachment_versions);
    a version after the first is a change (changed_at)."""
    changed = fetched.fetched_at if version > 1 else None
    db.execute(
        "UPDATE attachments SET "
        + ", ".join(f"[{column}] = ?" for column in _COLUMNS)
        + ", title = coalesce(?, title), version_count = ?, last_fetched = ?,"
        " changed_at = coalesce(?, changed_at), removed_at = NULL WHERE id = ?",
        [
            *(getattr(fetched, column) for column in _COLUMNS),
            fetched.title,
            version,
            fetched.fetched_at,
            changed,
            attachment_id,
        ],
    )
    _add_version(db, attachment_id, version, fetched)


def _file_event(db: Database, fetched: FetchedAttachment, change: str, **detail: object) -> None:
    """An `edited` event of the release that says which of its files changed and how."""
    record_event(
        db,
        release_id=fetched.release_id,
        source=fetched.source,
        kind="edited",
        at=fetched.fetched_at,
        detail={"attachment": fetched.url, "title": fetched.title, "change": change, **detail},
    )


def _insert(db: Database, fetched: FetchedAttachment, status: str | None = None) -> None:
    values = {column: getattr(fetched, column) for column in _COLUMNS}
    if status is not None:
        values["status"] = status
    cursor = db.execute(
        "INSERT INTO attachments (release_id, url, title, "
        + ", ".join(f"[{c}]" for c in values)
        + ", version_count, first_seen, last_fetched) VALUES ("
        + ", ".join("?" * (len(values) + 6))
        + ")",
        [
            fetched.release_id,
            fetched.url,
            fetched.title,
            *values.values(),
            1 if status is None else 0,
            fetched.fetched_at,
            fetched.fetched_at,
        ],
    )
    if status is None and cursor.lastrowid is not None:
        _add_version(db, cursor.lastrowid, 1, fetched)


def _add_version(db: Database, attachment_id: int, version: int, fetched: FetchedAttachment) -> None:
    db.execute(
        "INSERT INTO attachment_versions (attachment_id, version, payload_digest, capture_id, size, status,"
        " method, pages, text, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            attachment_id,
            version,
            fetched.payload_digest,
            fetched.capture_id,
            fetched.size,
            fetched.status,
            fetched.method,
            fetched.pages,
            fetched.text,
            fetched.fetched_at,
        ],
    )
