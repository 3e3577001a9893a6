"""Datasette's own table and row pages on a big archive: what keeps each under a second (issue 13).

A table page runs the page of rows, an exact count(*) of the rows filtered, and its facets; a row
page counts the rows of each table that points at the row. On a million releases:

- rows: each table is sorted only in an order an index keeps (metadata.yaml `sortable_columns`:
  `releases` by `published_date` alone, whose two orders with Datasette's tie-break `release_id`
  are the indexes of migration 0150; the tables of a row or more per release by their key only), so a
  page, a deep page (`?_next=`) included, walks an index and stops after one page; a sort by any
  other column read and sorted every row, seconds each time. A deep page newest first says
  `(d < :p or d is null or (d = :p and key > :k))`; without statistics (an archive is never
  ANALYZEd) SQLite may answer that OR with three index ranges united and sorted, every release
  older than the page read and sorted (and the page after the undated ones, oldest first, with a
  sort of the whole table): `faster_next` writes the first term `+d < :p` (`+d is not null`),
  which no index serves, so SQLite walks the index of the order instead;
- the count: a filter on a column without an index (`?region=`, `?publisher_kind=`, a facet's
  link) reads every wide row to count; Datasette's count therefore gets COUNT_TIME_LIMIT_MS, and
  when it runs out the page goes on without the number (Datasette catches the interruption);
- facets: none by default above BROWSE_FACET_MAX releases (archive.serve.table_search), each one
  asked for within facet_time_limit_ms, no suggestions (archive.serve.app.SETTINGS);
- full-text search: archive.serve.table_search.
"""

from __future__ import annotations

import re
from typing import Any

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
