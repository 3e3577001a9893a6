"""The `events` table: what happened to a release and when (new, edited, removed, reappeared).

Feeds and alerts read it; the store writes it inside the same transaction as the change itself,
so an event exists exactly when its change does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

from sqlite_utils import Database

logger = logging.getLogger(__name__)

EVENT_KINDS = ("new", "edited", "removed", "reappeared")


def record_event(
    db: Database,
    *,
    release_id: str,
    source: str,
    kind: str,
    at: str,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Append one event; `detail` is stored as JSON (e.g. {"fields": ["title"]})."""
    cursor = db.execute(_INSERT, event_row(Event(release_id, source, kind, at, detail)))
    logger.debug("event %s %s at %s", kind, release_id, at)
    event_id = cursor.lastrowid
    assert event_id is not None
    return event_id


class Event(NamedTuple):
    release_id: str
    source: str
    kind: str
    at: str
    detail: Mapping[str, Any] | None = None


# The columns an event row is written with (a batch's events: archive.ingest_sql.insert_rows).
EVENT_COLUMNS = ("release_id", "source", "kind", "at", "detail")
_INSERT = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"


def event_row(event: Event) -> tuple[str, str, str, str, str]:
    """An event as the values of EVENT_COLUMNS: its kind checked, its detail as JSON."""
    if event.kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {event.kind!r}; expected one of {EVENT_KINDS}")
    detail = json.dumps(dict(event.detail), ensure_ascii=False, sort_keys=True) if event.detail else "{}"
    return (event.release_id, event.source, event.kind, event.at, detail)


def events_for(db: Database, release_id: str) -> list[dict[str, Any]]:
    """A release's events, oldest first, with `detail` decoded."""
    rows = db.execute(
        "SELECT id, release_id, source, kind, at, detail FROM events WHERE release_id = ? ORDER BY id",
        [release_id],
    ).fetchall()
    return [
        {"id": r[0], "release_id": r[1], "source": r[2], "kind": r[3], "at": r[4], "detail": json.loads(r[5])}
        for r in rows
    ]
