"""Datasette's own table page of `releases` without a search stays fast on a big archive (issue 13):
no default facet GROUP BY over every wide row unless facets are asked for (`_facet=`), and then
each within facet_time_limit_ms.

BROWSE_FACET_MAX is lowered here so that the small test archive is "big".
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from datasette.database import Database
from serve_fixtures import build_archive

from archive.serve import table_search
from archive.serve.app import SETTINGS, make_datasette


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture
def grouped(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The GROUP BY statements over `releases` the server runs (Datasette's facets)."""
    statements: list[str] = []
    original = Database.execute

    async def spy(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        if "group by" in sql.lower() and "from releases" in sql.lower():
            statements.append(sql)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", spy)
    return statements


def facets(ds: Datasette, path: str) -> dict[str, Any]:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return dict(response.json()["facet_results"])


def test_default_facets_only_where_the_archive_is_small(
    ds: Datasette, grouped: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = set(facets(ds, "/archive/releases.json"))
    assert {"region", "source", "publisher_kind", "published_date"} <= shown and grouped
    grouped.clear()
    monkeypatch.setattr(table_search, "BROWSE_FACET_MAX", 2)  # the test archive is "big" now
    for path in ("/archive/releases", "/archive/releases.json?region=Московская+область&_sort=title"):
        assert asyncio.run(ds.client.get(path)).status_code == 200
    assert grouped == []
    assert "source" in facets(ds, "/archive/releases.json?_facet=source")  # asked for: Datasette's page
    assert SETTINGS["facet_time_limit_ms"] <= 200 and SETTINGS["suggest_facets"] is False
