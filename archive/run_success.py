"""When each source last had a successful run (archive.health.run_succeeded), read from `crawl_runs`.

Kept apart from archive.source_status so the migrations can use it without importing the store.
"""

from __future__ import annotations

from sqlite_utils import Database

from archive.health import RunMetrics, run_succeeded


def last_success(db: Database, name: str) -> str | None:
    """When the source's latest successful run ended (archive.health.run_succeeded), None if never."""
    cursor = db.execute(
        "SELECT * FROM crawl_runs WHERE source = ? AND finished_at IS NOT NULL ORDER BY id DESC", [name]
    )
    columns = [d[0] for d in cursor.description]
    for row in cursor:
        run = dict(zip(columns, row, strict=True))
        if run_succeeded(RunMetrics.from_row(run)):
            return str(run["finished_at"])
    return None


def refresh_last_success(db: Database) -> None:
    """Every source's last_success_at by the one definition of success (for archives written before it)."""
    names = [name for (name,) in db.execute("SELECT name FROM sources").fetchall()]
    with db.atomic():
        for name in names:
            found = last_success(db, name)
            db.execute("UPDATE sources SET last_success_at = ? WHERE name = ?", [found, name])
