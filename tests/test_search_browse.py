"""Browsing the archive without a query: a source, a region, a district, a kind or a day, newest first.

The real Datasette app over a real archive (tests/serve_fixtures.py) plus a Курган source whose
clock runs two hours ahead of Moscow, so "newest first" by the UTC instant can be seen to differ
from the order of the local clocks.
"""

from __future__ import annotations

import asyncio
import html as html_lib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, build_archive, release, source

from archive.db import open_db
from archive.search import register_functions
from archive.serve import search_sql
from archive.serve.app import make_datasette
from archive.snippets import register_snippet_functions
from archive.store import Archive

KURGAN = replace(source("kurgan", "Курганская область", "ministry"), timezone="Asia/Yekaterinburg")
MOSCOW = source("mosinvest", "Москва", "agency")
DAY = "2026-02-20"
TIMED = [
    # 11:45 in Курган is 06:45 UTC; 11:20 in Moscow is 08:20 UTC: Moscow's release is the newer one
    release(
        10,
        KURGAN,
        "Курганский завод расширяется",
        "Завод в Кургане открыл цех.",
        published_date=DAY,
        published_time="11:45",
        published_utc=f"{DAY}T06:45:00Z",
        date_precision="minute",
    ),
    release(
        11,
        MOSCOW,
        "Москва открыла технопарк",
        "Технопарк открыт в Москве.",
        published_date=DAY,
        published_time="11:20",
        published_utc=f"{DAY}T08:20:00Z",
        date_precision="minute",
    ),
]
BULK = source("bulk", "Тверская область", "portal")


def _serve(path: Path) -> Iterator[Datasette]:
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN, MOSCOW, BULK])
        archive.save_releases(TIMED, seen_at=SEEN)
        bulk = [
            release(100 + n, BULK, f"Тверской релиз номер {n}", "Текст.", published_date=f"2025-01-{n:02d}")
            for n in range(1, 26)
        ]
        archive.save_releases(bulk, seen_at=SEEN)
    yield from _serve(path)


def get(ds: Datasette, path: str) -> str:
    response: httpx.Response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:800])
    return response.text


def order(html: str) -> list[str]:
    results = html.split('class="pa-results"', 1)[1].split("pa-formats", 1)[0]
    return re.findall(r'href="/-/release/(r\d+)"', results)


def test_a_source_is_browsed_without_words(ds: Datasette) -> None:
    html = get(ds, "/-/search?source=invest")
    assert "Последние релизы" not in html
    assert "Найдено: 2 релиза" in html
    assert order(html) == ["r3", "r2"]  # newest first
    assert 'class="pa-facets"' in html  # the same facets as a search
    assert "Агентство привлекло новыми инвестициями завод" in html
    atom = html_lib.unescape(re.search(r'href="([^"]*feed_search\.atom[^"]*)"', html).group(1))  # type: ignore[union-attr]
    assert "source=invest" in atom
    feed = get(ds, atom)
    assert feed.count("<entry>") == 2 and "Экспорт растёт" in feed


def test_a_region_a_district_and_a_kind_are_browsed(ds: Datasette) -> None:
    assert order(get(ds, "/-/search?region=Московская+область")) == ["r1", "r4"]
    assert "Найдено: 2 релиза" in get(ds, "/-/search?region=Московская+область")
    assert sorted(order(get(ds, "/-/search?district=Уральский"))) == ["r10"]
    assert order(get(ds, "/-/search?kind=agency")) == ["r11", "r3", "r2"]


def test_a_day_is_browsed_newest_first_by_the_utc_instant(ds: Datasette) -> None:
    html = get(ds, f"/-/search?date_from={DAY}&date_to={DAY}")
    assert "Найдено: 2 релиза" in html
    assert order(html) == ["r11", "r10"]  # 08:20 UTC before 06:45 UTC, though 11:45 > 11:20 locally
    atom = html_lib.unescape(re.search(r'href="([^"]*feed_search\.atom[^"]*)"', html).group(1))  # type: ignore[union-attr]
    assert get(ds, atom).count("<entry>") == 2  # the feed of a day is that day's, not the archive's


def test_browsing_is_paged_and_counted(ds: Datasette) -> None:
    first = get(ds, "/-/search?source=bulk")
    assert "Найдено: 25 релизов" in first
    assert order(first)[:2] == ["r125", "r124"] and len(order(first)) == search_sql.PAGE_SIZE
    second = get(ds, "/-/search?source=bulk&page=2")
    assert order(second) == ["r105", "r104", "r103", "r102", "r101"]
    assert 'href="/-/search?source=bulk&amp;page=2"' in first


def test_no_query_and_no_filter_pages_the_newest_releases(ds: Datasette) -> None:
    html = get(ds, "/-/search")
    assert "Последние релизы" in html
    assert "Найдено: 31 релиз" in html
    assert order(html)[:3] == ["r11", "r10", "r3"]
    assert "page=2" in html


def test_browsing_reads_the_narrow_keys_by_their_indexes(tmp_path: Path) -> None:
    """At a million releases browsing must not scan `releases`: it walks release_search_keys."""
    path = tmp_path / "archive.db"
    build_archive(path)
    open_db(path).conn.close()
    conn = sqlite3.connect(path)
    register_functions(conn)
    register_snippet_functions(conn)
    params = dict.fromkeys(("q", "region", "source", "kind", "district", "date_from", "date_to"), "")
    params |= {"page": "1", "source": "invest", "date_from": DAY, "date_to": DAY}
    for sql in (
        search_sql.browse_sql(["source", "date_from", "date_to"]),
        search_sql.browse_count_sql(["source", "date_from", "date_to"]),
        search_sql.browse_facets_sql(["source", "date_from", "date_to"]),
    ):
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "SCAN r" not in plan and "SCAN releases" not in plan, plan
        assert re.search(r"SEARCH k USING (COVERING )?INDEX idx_release_search_keys_source", plan), plan
    # a district: its page walks the keys newest first (no sort of all its keys); its count by source
    params["district"] = "Центральный"
    page = " | ".join(
        row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {search_sql.browse_sql(['district'])}", params)
    )
    assert "SCAN k USING INDEX idx_release_search_keys_sort_key" in page and "SCAN r" not in page, page
    count = " | ".join(
        row[3]
        for row in conn.execute(f"EXPLAIN QUERY PLAN {search_sql.browse_count_sql(['district'])}", params)
    )
    assert "INDEX idx_release_search_keys_source" in count, count
    # a region and a publisher kind: the region's index (a kind is a quarter of the archive)
    params |= {"region": "Калужская область", "kind": "agency"}
    for sql in (search_sql.browse_count_sql(["region", "kind"]), search_sql.browse_sql(["kind", "region"])):
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "INDEX idx_release_search_keys_region" in plan and "publisher_kind" not in plan, plan
    conn.close()
