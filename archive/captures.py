"""The `captures` table: an index of the WARC files (which record holds which response).

The WARC files are the evidence; this table only says where to look. Rows are written after
their record is on disk, so a crash can leave records without a row (a crawl commits its rows in
batches: archive.deferred_writes; `pressarchive verify` reports such records) but never a row
without its record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields

from sqlite_utils import Database

from archive.ingest_sql import update_from_rows
from archive.records import Capture

logger = logging.getLogger(__name__)

CAPTURE_COLUMNS = tuple(f.name for f in fields(Capture))


@dataclass(frozen=True)
class StoredCapture:
    id: int
    capture: Capture


_INSERT = "INSERT INTO captures ({}) VALUES ({})".format(
    ", ".join(CAPTURE_COLUMNS), ", ".join(f":{c}" for c in CAPTURE_COLUMNS)
)


def insert_capture(db: Database, capture: Capture) -> int:
    cursor = db.conn.execute(_INSERT, capture.to_row())
    capture_id = cursor.lastrowid
    assert capture_id is not None
    return capture_id


def link_captures(db: Database, links: list[tuple[int, str, str]]) -> None:
    """Each (capture_id, release_id, content_hash): the capture's page became (or confirmed) this
    release with this content. A row that already says so is not written again (a re-extraction
    that changes nothing writes nothing). One statement per 500 captures; when a capture comes
    twice, the last link wins."""
    latest = {capture_id: (capture_id, rid, content_hash) for capture_id, rid, content_hash in links}
    update_from_rows(db.conn, _LINK_SQL, list(latest.values()))


_LINK_SQL = (
    "UPDATE captures SET release_id = v.column2, content_hash = v.column3"
    " FROM {values} AS v WHERE captures.id = v.column1"
    " AND (captures.release_id IS NOT v.column2 OR captures.content_hash IS NOT v.column3)"
)


def fetched_times(db: Database, capture_ids: list[int]) -> dict[int, str]:
    """When each of these captures was fetched (captures.fetched_at), by id."""
    found: dict[int, str] = {}
    for start in range(0, len(capture_ids), 500):
        chunk = capture_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(db.conn.execute(f"SELECT id, fetched_at FROM captures WHERE id IN ({marks})", chunk))
    return found


def _stored(row: tuple[object, ...]) -> StoredCapture:
    values = dict(zip(("id", *CAPTURE_COLUMNS), row, strict=True))
    capture_id = values.pop("id")
    assert isinstance(capture_id, int)
    return StoredCapture(capture_id, Capture(**values))  # type: ignore[arg-type]


_SELECT = "SELECT id, {} FROM captures".format(", ".join(CAPTURE_COLUMNS))


def last_response(db: Database, url: str) -> StoredCapture | None:
    """The latest full (non-revisit) response captured for a URL: what a revisit refers to."""
    row = db.execute(
        f"{_SELECT} WHERE url = ? AND record_type = 'response' ORDER BY id DESC LIMIT 1", [url]
    ).fetchone()
    return _stored(row) if row else None


def original_of(db: Database, url: str, payload_digest: str, before_id: int) -> StoredCapture | None:
    """The response record a revisit stands for: same URL and payload, captured earlier."""
    row = db.execute(
        f"{_SELECT} WHERE url = ? AND payload_digest = ? AND record_type = 'response' AND id < ?"
        " ORDER BY id DESC LIMIT 1",
        [url, payload_digest, before_id],
    ).fetchone()
    return _stored(row) if row else None


def get_capture(db: Database, capture_id: int) -> StoredCapture | None:
    row = db.execute(f"{_SELECT} WHERE id = ?", [capture_id]).fetchone()
    return _stored(row) if row else None


def captures_in(db: Database, warc_file: str) -> list[StoredCapture]:
    rows = db.execute(f"{_SELECT} WHERE warc_file = ? ORDER BY warc_offset", [warc_file]).fetchall()
    return [_stored(row) for row in rows]


def indexed_end(db: Database, warc_file: str) -> int:
    """Byte offset just past the last indexed record of a file (0 when none is indexed)."""
    (end,) = db.execute(
        "SELECT coalesce(max(warc_offset + warc_length), 0) FROM captures WHERE warc_file = ?", [warc_file]
    ).fetchone()
    return int(end)
