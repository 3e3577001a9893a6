"""Which optional parts of the schema a database has (versions, events, captures, clusters, health).

The reading pages show versions, removals, archived copies and republications only where those
tables and columns exist, so the same plugin serves an archive of any age without errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


async def read_schema(db: Any) -> Schema:
    """Tables and the columns of releases and sources, read now (a crawl may migrate meanwhile)."""
    tables = frozenset(await db.table_names())
    releases = frozenset(await db.table_columns("releases")) if "releases" in tables else frozenset()
    sources = frozenset(await db.table_columns("sources")) if "sources" in tables else frozenset()
    return Schema(tables, releases, sources)
