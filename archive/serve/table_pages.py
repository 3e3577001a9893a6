"""Datasette's own table and row pages on a big archive: what keeps each under a second (issue 13).

A table page runs the page of rows, an exact count(*) of the rows filtered, and its facets; a row
page counts the rows of each table that points at the row. On a million releases:

- rows: each table is sorted only in an order an index keeps, so a page, a deep page (`?_next=`)
  included, walks an index and stops after one page; a sort by any other column read and sorted
  every row, seconds each time. `releases` without a search, beyond BROWSE_FACET_MAX releases, by
  `published_date` (and `release_id`) alone (archive.serve.table_search.FAST_SORTS; a search's
  matches, or a small archive, by any column), the two orders with Datasette's tie-break
  `release_id` being the indexes of migration 0150; the tables of a row or more per release by
  their key only (metadata.yaml `sortable_columns: []`). A deep page newest first says
  `(d < :p or d is null or (d = :p and key > :k))`; without statistics (an archive is never
  ANALYZEd) SQLite may answer that OR with three index ranges united and sorted, every release
  older than the page read and sorted (and the page after the undated ones, oldest first, with a
  sort of the whole table): `faster_next` writes the first term `+d < :p` (`+d is not null`),
  which no index serves, so SQLite walks the index of the order instead;
- the count: a filter on a column without an index (`?region=`, `?publisher_kind=`, a facet's
  link) reads every wide row to count; Datasette's count therefore gets COUNT_TIME_LIMIT_MS, and
  when it runs out the page goes on without the number (Datasette catches the interruption);
- facets: none by default above BROWSE_FACET_MAX releases (archive.serve.table_search), each one
  asked for within facet_time_limit_ms, no suggestions (archive.serve.app.SETTINGS). Datasette runs
  a table's column facets one after another, the metadata's defaults with the one asked for: on an
  archive that has more than BROWSE_FACET_MAX releases when the server starts, the metadata loses
  the releases table's default facets (`without_default_facets`), so `?_facet=` runs what it asks
  for, not four GROUP BYs over a million wide rows besides (each stopped after its time limit);
- full-text search: archive.serve.table_search;
- tables Datasette hides from the index (the full-text indexes and their own tables, SQLite's
  statistics, the metadata's `hidden`: search keys, bands, the cluster queue, the migrations) are
  not served to readers either (`hidden_table`): nothing links to them, and their pages were the
  slowest left (counting the 260,000 blocks of a full-text index's data, one page each: 0.6 s,
  in one step of SQLite that no time limit stops).
"""

from __future__ import annotations

import copy
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from archive.serve import table_search
from archive.serve.schema import remembered
from archive.serve.table_search import RELEASES_TABLE

COUNT_TIME_LIMIT_MS = 300
# the count statement of Datasette 0.65's table page (datasette.views.table: f"select count(*) {from_sql}");
# the project's own counts are written in upper case and keep their own limits
DATASETTE_COUNT = "select count(*) from "
# the first term of Datasette 0.65's `?_next=` clause (datasette.views.table) after a row with a
# value, sorted newest first, and after a row without one, sorted oldest first (NULL comes first)
_NEXT_TERMS = (
    re.compile(r"\((?P<column>\w+|\[[^\]]+\]) (?P<test>< :p\d+) or (?P=column) is null or \("),
    re.compile(r"\((?P<column>\w+|\[[^\]]+\]) (?P<test>is not null) or \((?P=column) is null and "),
)


def time_limit(sql: str, custom_time_limit: Any) -> Any:
    """The time limit (ms) for one statement: COUNT_TIME_LIMIT_MS for Datasette's table count
    unless the caller chose a shorter one; the caller's choice otherwise."""
    if not sql.startswith(DATASETTE_COUNT):
        return custom_time_limit
    if custom_time_limit is None:
        return COUNT_TIME_LIMIT_MS
    return min(int(custom_time_limit), COUNT_TIME_LIMIT_MS)


def faster_next(sql: str) -> str:
    """Datasette's statement with the first term of its `?_next=` clause taken off the indexes
    (`+column`), so that SQLite walks the index of the order (see the module docstring)."""
    if " or " not in sql:
        return sql
    for pattern in _NEXT_TERMS:
        sql = pattern.sub(
            lambda m: m[0].replace(f"({m['column']} {m['test']}", f"(+{m['column']} {m['test']}", 1), sql
        )
    return sql


def is_big(path: Path, mode: str) -> bool:
    """Has the archive at `path` (opened with the URI parameter `mode`) more than BROWSE_FACET_MAX
    releases? (rowids: about the number of releases)."""
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?{mode}", uri=True)) as conn:
            last = conn.execute(f"SELECT max(rowid) FROM [{RELEASES_TABLE}]").fetchone()[0]
    except sqlite3.Error:
        return False
    return int(last or 0) > table_search.BROWSE_FACET_MAX


def without_default_facets(metadata: dict[str, Any], database: str) -> dict[str, Any]:
    """`metadata` without the releases table's default facets of database `database`."""
    metadata = copy.deepcopy(metadata)
    table = metadata.get("databases", {}).get(database, {}).get("tables", {}).get(RELEASES_TABLE)
    if isinstance(table, dict):
        table.pop("facets", None)
    return metadata


async def hidden_table(datasette: Any, action: str, resource: Any) -> bool | None:
    """False (refused) for a reader's view of a table Datasette hides; None (no opinion) otherwise."""
    if action != "view-table" or not isinstance(resource, tuple) or len(resource) != 2:
        return None
    database, table = resource
    db = datasette.databases.get(database)
    if db is None or getattr(db, "is_memory", False):
        return None

    async def hidden() -> frozenset[str]:
        return frozenset(await db.hidden_table_names())

    return False if table in await remembered(("hidden_tables", database), hidden) else None
