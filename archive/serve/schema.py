"""Which optional parts of the schema a database has (versions, events, captures, clusters, health).

The reading pages show versions, removals, archived copies and republications only where those
tables and columns exist, so the same plugin serves an archive of any age without errors.

The schema is read afresh for each request (a crawl may migrate the archive meanwhile), but once
per request: Datasette asks for the canned queries three times in answering one
(`/<db>/search.json`: the route and two permission checks), and each time used to cost three trips
to a SQL thread and a rebuild of every query's SQL. Within the `request_memo()` that the plugin's
middleware opens around each request, what `remembered` computes is kept until the answer is sent.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable, Collection, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from archive.fts_tables import STEM_FTS_TABLE

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Schema:
    tables: frozenset[str]
    release_columns: frozenset[str]
    source_columns: frozenset[str]

    @property
    def versions(self) -> bool:
        return "release_versions" in self.tables

    @property
    def events(self) -> bool:
        return "events" in self.tables

    @property
    def captures(self) -> bool:
        return "captures" in self.tables

    @property
    def clusters(self) -> bool:
        return "clusters" in self.tables and "cluster_id" in self.release_columns

    @property
    def attachments(self) -> bool:
        """The archived files of releases (migration 0160), not the releases' JSON column."""
        return "attachments" in self.tables

    @property
    def searchable(self) -> bool:
        return searchable(self.tables)


def searchable(tables: Collection[str]) -> bool:
    """An archive the search serves: releases and their stemmed full-text index."""
    return "releases" in tables and STEM_FTS_TABLE in tables


# what has been worked out while answering the current request (None outside a request)
_request_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("pressarchive_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Within this block (one request), `remembered` computes each value at most once."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


async def remembered(key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """`await compute()`, or what it gave earlier in this request (every time outside one)."""
    memo = _request_memo.get()
    if memo is None:
        return await compute()
    if key not in memo:
        memo[key] = await compute()
    value: T = memo[key]
    return value


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Tables and the columns of releases and sources, read on `conn` (read_schema's work; the
    benchmarks call it on a connection of their own)."""
    tables = frozenset(row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))

    def columns(table: str) -> frozenset[str]:
        if table not in tables:
            return frozenset()
        return frozenset(row[1] for row in conn.execute(f"PRAGMA table_xinfo([{table}])"))

    return Schema(tables, columns("releases"), columns("sources"))


async def read_schema(db: Any) -> Schema:
    """Tables and the columns of releases and sources: read in one trip to a SQL thread, once per
    request (`request_memo`)."""

    async def read() -> Schema:
        schema: Schema = await db.execute_fn(schema_of)
        return schema

    return await remembered(("schema", db.name), read)
