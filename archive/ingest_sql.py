"""Multi-row statements for the ingest: one statement per table and batch, not one per row.

Why one statement: every statement that may abort opens a statement savepoint, and FTS5 writes
out its pending terms at each savepoint and release (a new index segment each time), besides
the per-step cost of `executemany`. A batch of 50 releases written row by row gave each FTS
index 50 one-row segments to merge later; written in one statement, one segment.

The SQL text depends on the number of rows; sqlite3's statement cache keeps the prepared
statements, and a crawl's batches are mostly of one size.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

# Bound parameters per statement: below SQLite's default limit (32,766 since 3.32), so a chunk
# of the largest rows (the 32 columns of a release) still fits many rows.
MAX_PARAMETERS = 30_000


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...], count: int, returning: str | None) -> str:
    row = "(" + ", ".join("?" * len(columns)) + ")"
    names = ", ".join(f"[{c}]" for c in columns)
    sql = f"INSERT INTO [{table}] ({names}) VALUES " + ", ".join([row] * count)
    return f"{sql} RETURNING {returning}" if returning else sql


def insert_rows(
    conn: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    values: Sequence[Any],
    *,
    returning: str | None = None,
) -> list[Any]:
    """Insert rows whose values are flattened into `values` (len(columns) per row, in order),
    one statement per MAX_PARAMETERS; return the RETURNING rows (empty without `returning`)."""
    width = len(columns)
    if len(values) % width:
        raise ValueError(f"{len(values)} values are not rows of {width} columns")
    step = (MAX_PARAMETERS // width) * width
    found: list[Any] = []
    for start in range(0, len(values), step):
        part = values[start : start + step]
        cursor = conn.execute(_insert_sql(table, columns, len(part) // width, returning), part)
        if returning:
            found += cursor.fetchall()
    return found


@functools.cache
def values_table(width: int, count: int) -> str:
    """`(VALUES (?, ...), ...)` of `count` rows of `width`, columns named column1, column2 ..."""
    row = "(" + ", ".join("?" * width) + ")"
    return "(VALUES " + ", ".join([row] * count) + ")"
