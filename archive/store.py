"""The archive's one writer: sources, releases (upsert by release_id) and crawl runs.

Every public write is one transaction (`db.atomic()`): a batch of releases is written
whole or not at all, so a crash or a bad row never leaves half a batch behind.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import wait
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from archive import captures as capture_index
from archive import versions
from archive.db import open_db
from archive.deferred_writes import ArchiveDatabase
from archive.events import EVENT_COLUMNS, Event, event_row, record_event
from archive.health import RunMetrics, run_succeeded
from archive.ingest_sql import insert_rows, update_from_rows
from archive.records import Capture, CrawlRun, Release, SaveResult, SourceRecord
from archive.search_keys import StemIndex, rebuild_search_keys

logger = logging.getLogger(__name__)

RELEASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Release))
RUN_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(CrawlRun))

_UPDATE_RELEASE = (
    "UPDATE releases SET {sets}, last_seen = :seen, changed_at = :seen, version_count = :version_count"
    " WHERE release_id = :release_id"
).format(
    sets=", ".join(f"[{c}] = :{c}" for c in RELEASE_COLUMNS if c != "release_id"),
)
_UPDATE_RUN = "UPDATE crawl_runs SET {sets} WHERE id = :id".format(
    sets=", ".join(f"[{c}] = :{c}" for c in RUN_COLUMNS),
)


# A new release's row: its fields, then first_seen, last_seen, changed_at and version_count (1).
_NEW_COLUMNS = (*RELEASE_COLUMNS, "first_seen", "last_seen", "changed_at", "version_count")
_RETURNING = "release_id, rowid"


@functools.cache
def _select_known(count: int) -> str:
    """What a batch needs of the releases it names that the archive already has, in one query."""
    marks = ", ".join("?" * count)
    return (
        "SELECT rowid, release_id, content_hash, removed_at, source FROM releases"
        f" WHERE release_id IN ({marks})"
    )


def touch_last_seen(conn: sqlite3.Connection, sightings: list[tuple[int, str]]) -> None:
    """Each (releases rowid, seen_at): the release was seen again then (one statement)."""
    update_from_rows(
        conn,
        "UPDATE releases SET last_seen = max(last_seen, v.column2) FROM {values} AS v"
        " WHERE releases.rowid = v.column1",
        sightings,
        _MAX_CHUNK,
    )


class Archive:
    """The archive database, opened for writing. Keep one per process: SQLite wants one writer."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.stems = StemIndex(db)

    @classmethod
    def open(cls, path: str | Path) -> Archive:
        return cls(open_db(path))

    def close(self) -> None:
        self.stems.close()
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # sources

    def sync_sources(self, records: Iterable[SourceRecord]) -> None:
        """Insert or update registry entries; health columns are left as they are.

        Never deletes: a source that left the registry keeps its row (and its releases).
        """
        rows = [record.to_row() for record in records]
        if not rows:
            return
        with self.db.atomic():
            self._table("sources").upsert_all(rows, pk="name")
        logger.debug("synced %d sources", len(rows))

    # releases

    def save_releases(
        self,
        releases: Sequence[Release],
        *,
        seen_at: str,
        captures: Mapping[str, int] | None = None,
    ) -> SaveResult:
        """Upsert one batch by release_id in one transaction; count new / updated / unchanged.

        `captures` maps a release_id to the captures row of the response it was extracted
        from; the release's version and the capture are linked both ways. Such a release was seen
        when that response was fetched: its first/last seen, changed_at, version and events take
        the capture's time (which a re-extraction reads back), not the batch's `seen_at`, which
        dates the others and the sources' `last_new_release_at`.
        """
        tally = _Tally()
        with self.db.atomic():
            for chunk in _distinct_runs(releases):
                self._save_chunk(chunk, seen_at, captures or {}, tally)
            self._apply_source_counts(tally, seen_at)
        result = tally.result()
        logger.debug("saved batch of %d: %s", len(releases), result)
        return result

    def _save_chunk(
        self, chunk: Sequence[Release], seen_at: str, captures: Mapping[str, int], tally: _Tally
    ) -> None:
        """Releases with distinct ids: one SELECT for those already known, one statement per
        table for the new and the unchanged ones; a changed release (rare) is written row by row."""
        conn = self.db.conn
        ids = [release.release_id for release in chunk]
        known = {row[1]: row for row in conn.execute(_select_known(len(ids)), ids)}
        links = {rid: captures[rid] for rid in ids if rid in captures}
        fetched = capture_index.fetched_times(self.db, list(links.values()))
        new: list[Release] = []
        new_rows: list[Any] = []
        new_versions: list[Any] = []
        seen_again: list[tuple[int, str, str, int | None]] = []
        events: list[Any] = []
        for release in chunk:
            rid = release.release_id
            capture_id = links.get(rid)
            seen = fetched.get(capture_id, seen_at) if capture_id is not None else seen_at
            old = known.get(rid)
            if old is None:
                new.append(release)
                new_rows += release.row_values()
                new_rows += (seen, seen, seen, 1)
                new_versions += (rid, release.title, release.body_text, release.content_hash)
                new_versions += (seen, capture_id)
                events += (rid, release.source, "new", seen, "{}")
                tally.new += 1
                tally.added[release.source] += 1
                tally.with_new.add(release.source)
                continue
            rowid, _, old_hash, removed_at, old_source = old
            if removed_at is not None:
                conn.execute("UPDATE releases SET removed_at = NULL WHERE rowid = ?", [rowid])
                events += event_row(Event(rid, old_source, "reappeared", seen, {"removed_at": removed_at}))
                logger.info("release reappeared: %s (removed %s)", rid, removed_at)
                tally.reappeared += 1
            if old_hash == release.content_hash:
                seen_again.append((rowid, rid, seen, capture_id))
                tally.unchanged += 1
            else:
                events += event_row(self._update_changed(rowid, release, seen, capture_id))
                tally.updated += 1
                if old_source != release.source:
                    tally.added[old_source] -= 1
                    tally.added[release.source] += 1
        # The new releases are stemmed in another thread while this one runs the statements below
        # (SQLite works without the GIL); their stemmed index row is written last.
        stemmed = self.stems.stem_in_background([text for r in new for text in (r.title, r.body_text)])
        try:
            rowids: dict[str, int] = {}
            if new:
                # One statement for all new rows (archive.ingest_sql).
                rowids = dict(insert_rows(conn, "releases", _NEW_COLUMNS, new_rows, returning=_RETURNING))
            if seen_again:
                touch_last_seen(conn, [(rowid, seen) for rowid, _, seen, _ in seen_again])
                versions.touch_current_many(self.db, [(rid, seen, cid) for _, rid, seen, cid in seen_again])
            versions.add_first_versions(self.db, new_versions)
            insert_rows(conn, "events", EVENT_COLUMNS, events)
            capture_index.link_captures(
                self.db,
                [(links[r.release_id], r.release_id, r.content_hash) for r in chunk if r.release_id in links],
            )
        finally:
            wait([stemmed])  # the worker never runs on into the next batch
        if new:
            self.stems.add_stemmed([rowids[r.release_id] for r in new], stemmed.result())

    def _update_changed(self, rowid: int, release: Release, seen: str, capture_id: int | None) -> Event:
        """Keep the new content as the next version (the old one is already a version) and show it
        in the row; return the `edited` event naming the fields that changed."""
        cursor = self.db.conn.execute(
            "SELECT title, body_text, content_hash FROM releases WHERE rowid = ?", [rowid]
        )
        old = dict(zip(("title", "body_text", "content_hash"), cursor.fetchone(), strict=True))
        number = versions.add_version(
            self.db,
            release_id=release.release_id,
            title=release.title,
            body_text=release.body_text,
            content_hash=release.content_hash,
            seen_at=seen,
            capture_id=capture_id,
        )
        fields_changed = versions.changed_fields(
            old, {"title": release.title, "body_text": release.body_text}
        )
        self.db.conn.execute(_UPDATE_RELEASE, {**release.to_row(), "seen": seen, "version_count": number})
        self.stems.replace(rowid, (old["title"], old["body_text"]), (release.title, release.body_text))
        logger.info(
            "release changed: %s v%d (%s) %s -> %s",
            release.release_id,
            number,
            ", ".join(fields_changed) or "formatting",
            old["content_hash"],
            release.content_hash,
        )
        return Event(
            release.release_id,
            release.source,
            "edited",
            seen,
            {"fields": fields_changed, "version": number},
        )

    def mark_removed(self, release_id: str, *, at: str, detail: Mapping[str, Any]) -> bool:
        """The release's URL answered 404/410 or redirected to a listing: note `removed_at` and
        a `removed` event; its content stays. False when unknown or already marked removed."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE releases SET removed_at = ? WHERE release_id = ? AND removed_at IS NULL",
                [at, release_id],
            )
            if cursor.rowcount != 1:
                return False
            (source,) = self.db.execute(
                "SELECT source FROM releases WHERE release_id = ?", [release_id]
            ).fetchone()
            record_event(self.db, release_id=release_id, source=source, kind="removed", at=at, detail=detail)
        logger.info("release removed: %s (%s)", release_id, dict(detail))
        return True

    def recheck_candidates(
        self, source: str, *, since: str
    ) -> list[tuple[str, str, str, str, str, str | None]]:
        """(release_id, url, canonical_url, first_seen, last_seen, last_checked_at) of a source's
        releases first seen since `since` (removed ones too), least recently seen first: the ones
        worth asking again."""
        rows = self.db.execute(
            "SELECT release_id, url, canonical_url, first_seen, last_seen, last_checked_at FROM releases"
            " WHERE source = ? AND first_seen >= ? ORDER BY last_seen, release_id",
            [source, since],
        ).fetchall()
        return [tuple(row) for row in rows]

    # captures

    def add_capture(self, capture: Capture, batch: int = 1) -> int:
        """Index one WARC record (written to disk before this call); return its captures id.
        `batch` > 1: the row is committed with up to `batch` - 1 others, or before any other
        transaction of this archive (archive.deferred_writes; a crawl's captures)."""
        if batch > 1 and isinstance(self.db, ArchiveDatabase):
            return self.db.defer(lambda: capture_index.insert_capture(self.db, capture), batch)
        with self.db.atomic():
            return capture_index.insert_capture(self.db, capture)

    def commit_captures(self) -> None:
        """Commit the captures rows `add_capture` holds in a batch (nothing when none waits)."""
        if isinstance(self.db, ArchiveDatabase):
            self.db.commit_deferred()

    # re-extraction

    def rebuild_release(self, sightings: Sequence[tuple[int, str, Release]]) -> str:
        """Rebuild one release from its captures re-extracted today: (capture_id, fetched_at,
        Release) in fetch order. Versions that have no capture (from before raw capture) are
        kept in front; the captured history is rebuilt after them; the release row shows the
        latest content. A release not yet in the archive is replayed as a crawl would have
        seen it (new, then edits). Returns "new", "rebuilt" or "unchanged"."""
        latest = sightings[-1][2]
        with self.db.atomic():
            cursor = self.db.execute(
                "SELECT rowid, * FROM releases WHERE release_id = ?", [latest.release_id]
            )
            found = cursor.fetchone()
            if found is None:
                tally = _Tally()
                for capture_id, seen_at, release in sightings:
                    self._save_chunk([release], seen_at, {release.release_id: capture_id}, tally)
                self._apply_source_counts(tally, None)
                return "new"
            old_row = dict(zip((d[0] for d in cursor.description), found, strict=True))
            existing = versions.versions_of(self.db, latest.release_id)
            history = versions.chain(
                [v for v in existing if v.capture_id is None],
                [
                    versions.Sighting(cid, seen, r.title, r.body_text, r.body_html, r.content_hash)
                    for cid, seen, r in sightings
                ],
                latest.release_id,
            )
            capture_index.link_captures(
                self.db, [(cid, release.release_id, release.content_hash) for cid, _, release in sightings]
            )
            if history == existing and old_row["content_hash"] == latest.content_hash:
                return "unchanged"
            versions.replace_versions(self.db, latest.release_id, history, latest.body_html)
            row = {
                **latest.to_row(),
                "seen": max(old_row["last_seen"], sightings[-1][1]),
                "version_count": len(history),
            }
            self.db.execute(_UPDATE_RELEASE, row)
            self.db.execute(
                "UPDATE releases SET changed_at = ? WHERE release_id = ?",
                [history[-1].first_seen, latest.release_id],
            )
            self.stems.replace(
                old_row["rowid"], (old_row["title"], old_row["body_text"]), (latest.title, latest.body_text)
            )
            if old_row["source"] != latest.source:
                tally = _Tally()
                tally.added[old_row["source"]] -= 1
                tally.added[latest.source] += 1
                self._apply_source_counts(tally, None)
        return "rebuilt"

    def _apply_source_counts(self, tally: _Tally, seen_at: str | None) -> None:
        """Each source's release_count moved by the batch; `last_new_release_at` set to `seen_at`
        for sources with a new release (unless None: a re-extraction found it, not a crawl)."""
        changes = [(n, source) for source, n in tally.added.items() if n]
        self.db.conn.executemany(
            "UPDATE sources SET release_count = release_count + ? WHERE name = ?", changes
        )
        if seen_at is not None:
            self.db.conn.executemany(
                "UPDATE sources SET last_new_release_at = ? WHERE name = ?",
                [(seen_at, source) for source in sorted(tally.with_new)],
            )

    def rebuild_search(self) -> None:
        """Rebuild the stemmed full-text index and the search keys from `releases`.

        Needed after VACUUM: releases has a text primary key, so VACUUM may renumber the
        rowids the index points at.
        """
        with self.db.atomic():
            self.stems.rebuild()
            rebuild_search_keys(self.db)

    # crawl runs

    def start_run(self, source: str, started_at: str) -> int:
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (source, started_at) VALUES (?, ?)", [source, started_at]
            )
        run_id = cursor.lastrowid
        assert run_id is not None
        return run_id

    def finish_run(self, run_id: int, run: CrawlRun) -> None:
        """Store the run's final figures; note the source's last run (and last success)."""
        ended_at = run.finished_at or run.started_at
        with self.db.atomic():
            cursor = self.db.execute(_UPDATE_RUN, {**run.to_row(), "id": run_id})
            if cursor.rowcount != 1:
                raise KeyError(f"no crawl run with id {run_id}")
            self.db.execute("UPDATE sources SET last_run_at = ? WHERE name = ?", [ended_at, run.source])
            stored = self.db.execute("SELECT * FROM crawl_runs WHERE id = ?", [run_id])
            row = dict(zip([d[0] for d in stored.description], stored.fetchone(), strict=True))
            if run_succeeded(RunMetrics.from_row(row)):  # a finished run that read no listing is no success
                self.db.execute(
                    "UPDATE sources SET last_success_at = ? WHERE name = ?", [ended_at, run.source]
                )

    def _table(self, name: str) -> Table:
        table = self.db[name]
        assert isinstance(table, Table)
        return table


_MAX_CHUNK = 500


@dataclass
class _Tally:
    """What a batch did, and by how much each source's release count moved."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    reappeared: int = 0
    added: Counter[str] = field(default_factory=Counter)
    with_new: set[str] = field(default_factory=set)  # sources with a new release

    def result(self) -> SaveResult:
        return SaveResult(self.new, self.updated, self.unchanged, self.reappeared)


def _distinct_runs(releases: Sequence[Release]) -> Iterator[Sequence[Release]]:
    """The batch cut where a release_id comes again, so each run is written at once and the second
    sighting still sees the first, as if the batch were saved one release at a time (and every
    _MAX_CHUNK releases, for the SELECT's list of ids)."""
    start = 0
    seen: set[str] = set()
    for index, release in enumerate(releases):
        if release.release_id in seen or len(seen) == _MAX_CHUNK:
            yield releases[start:index]
            start, seen = index, set()
        seen.add(release.release_id)
    if start < len(releases):
        yield releases[start:]
