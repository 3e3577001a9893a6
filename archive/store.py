"""The archive's one writer: sources, releases (upsert by release_id) and crawl runs.

Every public write is one transaction (`db.atomic()`): a batch of releases is written
whole or not at all, so a crash or a bad row never leaves half a batch behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from archive import captures as capture_index
from archive import versions
from archive.db import open_db
from archive.events import record_event
from archive.migrations import STEM_FTS_TABLE, populate_stem_fts
from archive.records import Capture, CrawlRun, Release, SaveResult, SourceRecord
from archive.search import stem_text
from archive.search_keys import rebuild_search_keys

logger = logging.getLogger(__name__)

RELEASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Release))
RUN_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(CrawlRun))

_INSERT_RELEASE = (
    "INSERT INTO releases ({cols}, first_seen, last_seen, changed_at, version_count)"
    " VALUES ({marks}, :seen, :seen, :seen, 1)"
)
_INSERT_RELEASE = _INSERT_RELEASE.format(
    cols=", ".join(f"[{c}]" for c in RELEASE_COLUMNS),
    marks=", ".join(f":{c}" for c in RELEASE_COLUMNS),
)
_UPDATE_RELEASE = (
    "UPDATE releases SET {sets}, last_seen = :seen, changed_at = :seen, version_count = :version_count"
    " WHERE release_id = :release_id"
).format(
    sets=", ".join(f"[{c}] = :{c}" for c in RELEASE_COLUMNS if c != "release_id"),
)
_UPDATE_RUN = "UPDATE crawl_runs SET {sets} WHERE id = :id".format(
    sets=", ".join(f"[{c}] = :{c}" for c in RUN_COLUMNS),
)


class Archive:
    """The archive database, opened for writing. Keep one per process: SQLite wants one writer."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: str | Path) -> Archive:
        return cls(open_db(path))

    def close(self) -> None:
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
        from; the release's version and the capture are linked both ways.
        """
        counts = {"new": 0, "updated": 0, "unchanged": 0, "reappeared": 0}
        sources_with_new: set[str] = set()
        touched_sources: set[str] = set()
        with self.db.atomic():
            for release in releases:
                capture_id = (captures or {}).get(release.release_id)
                outcome, reappeared = self._save_one(release, seen_at, capture_id)
                counts[outcome] += 1
                counts["reappeared"] += reappeared
                touched_sources.add(release.source)
                if outcome == "new":
                    sources_with_new.add(release.source)
            self._refresh_source_counts(touched_sources, sources_with_new, seen_at)
        result = SaveResult(**counts)
        logger.debug("saved batch of %d: %s", len(releases), result)
        return result

    def _save_one(self, release: Release, seen_at: str, capture_id: int | None) -> tuple[str, bool]:
        cursor = self.db.execute("SELECT rowid, * FROM releases WHERE release_id = ?", [release.release_id])
        found = cursor.fetchone()
        if found is None:
            outcome = self._insert_new(release, seen_at, capture_id), False
        else:
            old_row = dict(zip((d[0] for d in cursor.description), found, strict=True))
            outcome = self._update_known(old_row, release, seen_at, capture_id)
        if capture_id is not None:
            capture_index.link_capture(self.db, capture_id, release.release_id, release.content_hash)
        return outcome

    def _insert_new(self, release: Release, seen_at: str, capture_id: int | None) -> str:
        cursor = self.db.execute(_INSERT_RELEASE, {**release.to_row(), "seen": seen_at})
        self._index_stems(cursor.lastrowid, release)
        self._add_version(release, seen_at, capture_id)
        record_event(self.db, release_id=release.release_id, source=release.source, kind="new", at=seen_at)
        return "new"

    def _update_known(
        self, old_row: dict[str, Any], release: Release, seen_at: str, capture_id: int | None
    ) -> tuple[str, bool]:
        reappeared = old_row.get("removed_at") is not None
        if reappeared:
            self._mark_reappeared(old_row, seen_at)
        if old_row["content_hash"] == release.content_hash:
            self.db.execute(
                "UPDATE releases SET last_seen = ? WHERE release_id = ?", [seen_at, release.release_id]
            )
            versions.touch_current(self.db, release.release_id, seen_at, capture_id)
            return "unchanged", reappeared
        version_count = self._record_change(old_row, release, seen_at, capture_id)
        row = {**release.to_row(), "seen": seen_at, "version_count": version_count}
        self.db.execute(_UPDATE_RELEASE, row)
        self._index_stems(old_row["rowid"], release)
        return "updated", reappeared

    def _add_version(self, release: Release, seen_at: str, capture_id: int | None) -> int:
        return versions.add_version(
            self.db,
            release_id=release.release_id,
            title=release.title,
            body_text=release.body_text,
            body_html=release.body_html,
            content_hash=release.content_hash,
            seen_at=seen_at,
            capture_id=capture_id,
        )

    def _record_change(
        self, old_row: dict[str, Any], release: Release, seen_at: str, capture_id: int | None
    ) -> int:
        """Keep the new content as the next version (the old one is already a version); log an
        `edited` event naming the fields that changed. Returns the new version count."""
        number = self._add_version(release, seen_at, capture_id)
        fields_changed = versions.changed_fields(old_row, release.to_row())
        record_event(
            self.db,
            release_id=release.release_id,
            source=release.source,
            kind="edited",
            at=seen_at,
            detail={"fields": fields_changed, "version": number},
        )
        logger.info(
            "release changed: %s v%d (%s) %s -> %s",
            release.release_id,
            number,
            ", ".join(fields_changed) or "formatting",
            old_row.get("content_hash"),
            release.content_hash,
        )
        return number

    def _mark_reappeared(self, old_row: dict[str, Any], seen_at: str) -> None:
        self.db.execute("UPDATE releases SET removed_at = NULL WHERE release_id = ?", [old_row["release_id"]])
        record_event(
            self.db,
            release_id=old_row["release_id"],
            source=old_row["source"],
            kind="reappeared",
            at=seen_at,
            detail={"removed_at": old_row["removed_at"]},
        )
        logger.info("release reappeared: %s (removed %s)", old_row["release_id"], old_row["removed_at"])

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

    def add_capture(self, capture: Capture) -> int:
        """Index one WARC record (written to disk before this call); return its captures id."""
        with self.db.atomic():
            return capture_index.insert_capture(self.db, capture)

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
                for capture_id, seen_at, release in sightings:
                    self._save_one(release, seen_at, capture_id)
                self._refresh_source_counts({latest.source}, set(), sightings[-1][1])
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
            for capture_id, _, release in sightings:
                capture_index.link_capture(self.db, capture_id, release.release_id, release.content_hash)
            if history == existing and old_row["content_hash"] == latest.content_hash:
                return "unchanged"
            versions.replace_versions(self.db, latest.release_id, history)
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
            self._index_stems(old_row["rowid"], latest)
        return "rebuilt"

    def _index_stems(self, rowid: int | None, release: Release) -> None:
        self.db.execute(f"DELETE FROM [{STEM_FTS_TABLE}] WHERE rowid = ?", [rowid])
        self.db.execute(
            f"INSERT INTO [{STEM_FTS_TABLE}] (rowid, title, body_text) VALUES (?, ?, ?)",
            [rowid, stem_text(release.title), stem_text(release.body_text)],
        )

    def _refresh_source_counts(self, sources: set[str], with_new: set[str], seen_at: str) -> None:
        for source in sources:
            self.db.execute(
                "UPDATE sources SET release_count = (SELECT count(*) FROM releases WHERE source = :s)"
                " WHERE name = :s",
                {"s": source},
            )
        for source in with_new:
            self.db.execute("UPDATE sources SET last_new_release_at = ? WHERE name = ?", [seen_at, source])

    def rebuild_search(self) -> None:
        """Rebuild both full-text indexes from `releases`.

        Needed after VACUUM: releases has a text primary key, so VACUUM may renumber the
        rowids the FTS tables point at.
        """
        with self.db.atomic():
            self.db.execute("INSERT INTO releases_fts (releases_fts) VALUES ('rebuild')")
            populate_stem_fts(self.db)
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
            if run.finish_reason == "finished":
                self.db.execute(
                    "UPDATE sources SET last_success_at = ? WHERE name = ?", [ended_at, run.source]
                )

    def _table(self, name: str) -> Table:
        table = self.db[name]
        assert isinstance(table, Table)
        return table
