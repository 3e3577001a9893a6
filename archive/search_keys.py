"""`release_search_keys`: a narrow copy of what search filters, sorts and counts by.

A search that matches 100,000 releases must read, for each, its source, region, publisher kind
and date. In `releases` those sit in rows of several kilobytes (the date after the body, on
overflow pages); here they are one short row per release, keyed by the same rowid the FTS
indexes use, so filters, date order and facet counts cost a fraction. Kept by SQL triggers (no
Python function), so every writer keeps it right. After a VACUUM (which may renumber rowids),
rebuild it together with the FTS indexes: `rebuild_search_keys`.
"""

from __future__ import annotations

import logging

from sqlite_utils import Database

logger = logging.getLogger(__name__)

SEARCH_KEYS_TABLE = "release_search_keys"
_SORT_KEY = "coalesce({r}.published_date, '') || ' ' || coalesce({r}.published_time, '')"
_VALUES = "{r}.rowid, {r}.source, {r}.region, {r}.publisher_kind, {r}.published_date, " + _SORT_KEY
_INSERT = (
    f"INSERT OR REPLACE INTO [{SEARCH_KEYS_TABLE}]"
    " (release_rowid, source, region, publisher_kind, published_date, sort_key)"
)

DDL = [
    f"""CREATE TABLE [{SEARCH_KEYS_TABLE}] (
        [release_rowid] INTEGER PRIMARY KEY,  -- = releases.rowid = the FTS rowid
        [source] TEXT, [region] TEXT, [publisher_kind] TEXT, [published_date] TEXT,
        [sort_key] TEXT  -- 'YYYY-MM-DD HH:MM' (local), for "newest first"
    )""",
    f"CREATE INDEX [idx_{SEARCH_KEYS_TABLE}_sort_key] ON [{SEARCH_KEYS_TABLE}] ([sort_key])",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_ai] AFTER INSERT ON [releases] BEGIN
        {_INSERT} SELECT {_VALUES.format(r="new")};
    END""",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_au]
        AFTER UPDATE OF [source], [region], [publisher_kind], [published_date], [published_time] ON [releases]
    BEGIN
        DELETE FROM [{SEARCH_KEYS_TABLE}] WHERE release_rowid = old.rowid;
        {_INSERT} SELECT {_VALUES.format(r="new")};
    END""",
    f"""CREATE TRIGGER [{SEARCH_KEYS_TABLE}_ad] AFTER DELETE ON [releases] BEGIN
        DELETE FROM [{SEARCH_KEYS_TABLE}] WHERE release_rowid = old.rowid;
    END""",
]


def create_search_keys(db: Database) -> None:
    """The table, its index and triggers, filled from `releases` (run inside a migration)."""
    for statement in DDL:
        db.execute(statement)
    rebuild_search_keys(db)


def rebuild_search_keys(db: Database) -> None:
    db.execute(f"DELETE FROM [{SEARCH_KEYS_TABLE}]")
    db.execute(f"{_INSERT} SELECT {_VALUES.format(r='releases')} FROM releases")
    logger.info(
        "search keys built for %d releases",
        db.execute(f"SELECT count(*) FROM [{SEARCH_KEYS_TABLE}]").fetchone()[0],
    )
