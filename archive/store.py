"""The archive's one writer: sources, releases (upsert by release_id) and crawl runs.

Every public write is one transaction (`db.atomic()`): a batch of releases is written
whole or not at all, so a crash or a bad row never leaves half a batch behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from archive.db import open_db
from archive.migrations import STEM_FTS_TABLE, populate_stem_fts
from archive.records import CrawlRun, Release, SaveResult, SourceRecord
from archive.search import stem_text

logger = logging.getLogger(__name__)

RELEASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Release))
RUN_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(CrawlRun))

_INSERT_RELEASE = "INSERT INTO releases ({cols}, first_seen, last_seen) VALUES ({marks}, :seen, :seen)"
_INSERT_RELEASE = _INSERT_RELEASE.format(
    cols=", ".join(f"[{c}]" for c in RELEASE_COLUMNS),
    marks=", ".join(f":{c}" for c in RELEASE_COLUMNS),
)
_UPDATE_RELEASE = "UPDATE releases SET {sets}, last_seen = :seen WHERE release_id = :release_id".format(
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

    def save_releases(self, releases: Sequence[Release], *, seen_at: str) -> SaveResult:
        """Upsert one batch by release_id in one transaction; count new / updated / unchanged."""
        new = updated = unchanged = 0
        sources_with_new: set[str] = set()
        touched_sources: set[str] = set()
        with self.db.atomic():
            for release in releases:
                outcome = self._save_one(release, seen_at)
                touched_sources.add(release.source)
                if outcome == "new":
                    new += 1
                    sources_with_new.add(release.source)
                elif outcome == "updated":
                    updated += 1
                else:
                    unchanged += 1
            self._refresh_source_counts(touched_sources, sources_with_new, seen_at)
        result = SaveResult(new=new, updated=updated, unchanged=unchanged)
        logger.debug("saved batch of %d: %s", len(releases), result)
        return result

    def _save_one(self, release: Release, seen_at: str) -> str:
        row = release.to_row()
        cursor = self.db.execute("SELECT rowid, * FROM releases WHERE release_id = ?", [release.release_id])
        found = cursor.fetchone()
        if found is None:
            cursor = self.db.execute(_INSERT_RELEASE, {**row, "seen": seen_at})
            self._index_stems(cursor.lastrowid, release)
            return "new"
        old_row = dict(zip((d[0] for d in cursor.description), found, strict=True))
        if old_row["content_hash"] == release.content_hash:
            self.db.execute(
                "UPDATE releases SET last_seen = ? WHERE release_id = ?", [seen_at, release.release_id]
            )
            return "unchanged"
        self._record_change(old_row, release, seen_at)
        self.db.execute(_UPDATE_RELEASE, {**row, "seen": seen_at})
        self._index_stems(old_row["rowid"], release)
        return "updated"

    def _record_change(self, old_row: dict[str, Any], release: Release, seen_at: str) -> None:
        """Hook called inside the batch transaction before a changed release is overwritten.

        `old_row` is the stored row (with its rowid) as it was. Version history (a later
        issue) belongs here: copy `old_row` into a versions table so no text is ever lost.
        """
        logger.info(
            "release changed: %s (%s -> %s)",
            release.release_id,
            old_row.get("content_hash"),
            release.content_hash,
        )

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
