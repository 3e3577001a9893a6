"""Tables that keep, per source, the row in use and the rows it replaced (`current` = 1 / 0).

Site profiles and press sections are both such a history: a new one becomes current in one
transaction and the old ones stay as evidence of what the site looked like. The tables are
created by archive.migrations; an archive from before a table existed reads as empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database


def current_row(db: Database, table: str, source: str, columns: Sequence[str]) -> tuple[Any, ...] | None:
    """The `columns` of the source's row in use, or None (none yet, or no such table)."""
    if table not in db.table_names():
        return None
    row = db.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE source = ? AND current = 1 ORDER BY id DESC LIMIT 1",
        [source],
    ).fetchone()
    return tuple(row) if row else None


def history_rows(db: Database, table: str, source: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The `columns` of every row of the source, oldest first."""
    if table not in db.table_names():
        return []
    rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE source = ? ORDER BY id", [source])
    return [tuple(row) for row in rows.fetchall()]


def make_current(db: Database, table: str, row: dict[str, Any]) -> None:
    """Insert `row` as the source's row in use, in one transaction; the one before is kept."""
    with db.atomic():
        retire(db, table, row["source"])
        db.table(table).insert({**row, "current": 1})


def retire(db: Database, table: str, source: str) -> None:
    """No row of the source is in use any more (its history stays)."""
    if table in db.table_names():
        db.execute(f"UPDATE {table} SET current = 0 WHERE source = ? AND current = 1", [source])
