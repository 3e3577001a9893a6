"""Opening the archive database: WAL, busy timeout, foreign keys, migrations."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.search import register_functions

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


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
    register_functions(db.conn)
    migrations.apply(db)
    logger.debug("opened archive %s", path)
    return db
