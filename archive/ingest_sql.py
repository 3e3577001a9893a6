"""Multi-row statements for the ingest: one statement per table and batch, not one per row.

Each statement that may abort opens a statement savepoint, which every FTS5 table written in the
transaction is told about (FTS5 writes out its pending terms there), and `executemany` pays a
statement's setup once per row. Measured in bench/bench_ingest.py (10k releases, CPU per
release): linking a batch's captures went from 0.15 ms to 0.01 ms; the FTS work itself barely
moves (it is tokenising and merging, whatever the number of statements).

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


@functools.cache
def _update_sql(template: str, width: int, count: int) -> str:
    return template.format(values=values_table(width, count))


def update_from_rows(
    conn: sqlite3.Connection, template: str, rows: Sequence[Sequence[Any]], chunk: int = 500
) -> None:
    """Run `template`, an UPDATE ... FROM {values} AS v (columns v.column1, v.column2 ...), once
    per `chunk` of `rows` (all of one width)."""
    if not rows:
        return
    width = len(rows[0])
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        conn.execute(_update_sql(template, width, len(part)), [value for row in part for value in row])
