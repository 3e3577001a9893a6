"""Opening the archive database: WAL, busy timeout, foreign keys, migrations."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.search import register_functions

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536  # the writer's page cache: the indexes a batch touches stay in memory


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the archive at `path`, migrated to the current schema.

    The returned connection is meant to be the archive's only writer (see archive.store).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    # In WAL, NORMAL syncs at checkpoints, not at every commit: a commit survives a crash of the
    # process (kill -9, tests/test_killing.py) and only a power cut may lose the last ones, like
    # the WARC records (fsynced when a crawl closes its file). FULL cost ~1 ms per transaction.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    register_functions(db.conn)
    migrations.apply(db)
    logger.debug("opened archive %s", path)
    return db
