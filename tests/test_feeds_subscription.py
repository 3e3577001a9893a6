"""Atom feeds that keep the subscription: every filter of the search page, q optional, entries
dated by publication, titles that say what was subscribed to; the machine JSON/CSV with zones.

The archive: the usual fixture (Moscow and Kaluga sources) and a Kurgan agency (Asia/Yekaterinburg,
МСК+2) that writes about investments too, its releases seen by the archive weeks after publication.
"""

from __future__ import annotations

import asyncio
import csv
import html as html_lib
import io
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace

import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, build_archive, release, source

from archive.serve.app import make_datasette
from archive.store import Archive

ATOM = "{http://www.w3.org/2005/Atom}"
KURGAN = replace(source("kurgan", "Курганская область", "agency"), timezone="Asia/Yekaterinburg")
KURGAN_RELEASES = [
    release(
        11,
        KURGAN,
        "Инвестиции в Зауралье выросли",
        "Курганская область привлекла инвестиции.",
        published_date="2026-01-20",
        published_time="11:45",
        published_utc="2026-01-20T06:45:00Z",
        date_precision="minute",
    ),
    release(12, KURGAN, "Инвесторы Кургана", "Новые инвестиции в Кургане.", published_date="2026-02-05"),
    release(13, KURGAN, "Итоги года в Кургане", "Без слова про деньги.", published_date="2026-02-06"),
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datasette]:
    path = tmp_path_factory.mktemp("feeds") / "archive.db"
    build_archive(path)
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases(KURGAN_RELEASES, seen_at=SEEN)
    with sqlite3.connect(path) as conn:  # r12 edited after the archive first saw it
        conn.execute("UPDATE releases SET changed_at = '2026-03-04T09:30:00Z' WHERE release_id = 'r12'")
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def feed(ds: Datasette, path: str, params: dict[str, str]) -> ET.Element:
    response = asyncio.run(ds.client.get(path, params=params))
    assert response.status_code == 200, (path, params, response.text[:500])
    return ET.fromstring(response.content)


def ids(root: ET.Element) -> list[str]:
    return [e.findtext(f"{ATOM}id").removeprefix("pressarchive:release:") for e in root.iter(f"{ATOM}entry")]


def entry(root: ET.Element, release_id: str) -> ET.Element:
    return next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith(f":{release_id}"))


def test_a_filtered_feed_has_only_that_region(ds: Datasette) -> None:
    everything = feed(ds, "/archive/feed_search.atom", {"q": "инвестиции"})
    assert set(ids(everything)) == {"r1", "r2", "r11", "r12"}  # the whole archive has more
    kurgan = feed(ds, "/archive/feed_search.atom", {"q": "инвестиции", "region": "Курганская область"})
    assert ids(kurgan) == ["r12", "r11"]  # newest publication first
    assert {e.findtext(f"{ATOM}author/{ATOM}name") for e in kurgan.iter(f"{ATOM}entry")} == {
        "Издатель kurgan"
    }
    assert kurgan.findtext(f"{ATOM}title") == "Пресс-релизы: инвестиции · Курганская область"
    page = next(link for link in kurgan.findall(f"{ATOM}link") if link.get("rel") == "alternate")
    assert page.get("href") == (
        "http://localhost/-/search?q=%D0%B8%D0%BD%D0%B2%D0%B5%D1%81%D1%82%D0%B8%D1%86%D0%B8%D0%B8"
        "&region=%D0%9A%D1%83%D1%80%D0%B3%D0%B0%D0%BD%D1%81%D0%BA%D0%B0%D1%8F+%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C"
    )  # the same subscription as the search page


def test_every_filter_of_the_page_is_kept(ds: Datasette) -> None:
    params = {
        "q": "инвестиции",
        "district": "Уральский",
        "kind": "agency",
        "source": "kurgan",
        "date_from": "01.02.2026",  # as the page's form writes it
        "date_to": "2026-02-28",
    }
    root = feed(ds, "/archive/feed_search.atom", params)
    assert ids(root) == ["r12"]
    assert root.findtext(f"{ATOM}title") == (
        "Пресс-релизы: инвестиции · Издатель kurgan · Уральский федеральный округ · агентство"
        " · с 1 февраля 2026 · по 28 февраля 2026"
    )
    assert ids(feed(ds, "/archive/feed_search.atom", {**params, "date_to": "31.01.2026"})) == []
    central = feed(ds, "/archive/feed_search.atom", {"q": "инвестиции", "district": "Центральный"})
    assert set(ids(central)) == {"r1", "r2"}


def test_a_feed_of_a_region_or_source_needs_no_words(ds: Datasette) -> None:
    region = feed(ds, "/archive/feed_search.atom", {"region": "Курганская область"})
    assert ids(region) == ["r13", "r12", "r11"]
    assert region.findtext(f"{ATOM}title") == "Пресс-релизы: Курганская область"
    source = feed(ds, "/archive/feed_source.atom", {"source": "kurgan"})
    assert ids(source) == ["r13", "r12", "r11"]
    assert source.findtext(f"{ATOM}title") == "Пресс-релизы: Издатель kurgan"  # its title, not its code
    nothing = feed(ds, "/archive/feed_search.atom", {"q": '"'})  # no words to search: no entries
    assert ids(nothing) == [] and nothing.findtext(f"{ATOM}title")


def test_entries_are_dated_by_publication(ds: Datasette) -> None:
    root = feed(ds, "/archive/feed_search.atom", {"region": "Курганская область"})
    timed = entry(root, "r11")  # 11:45 in Kurgan = 06:45 UTC, seen by the archive on 1 March
    assert timed.findtext(f"{ATOM}published") == "2026-01-20T06:45:00+00:00"
    assert timed.findtext(f"{ATOM}updated") == "2026-01-20T06:45:00+00:00"  # never edited
    day = entry(root, "r13")  # a day only: 00:00 of that day in the source's zone
    assert day.findtext(f"{ATOM}published") == "2026-02-06T00:00:00+05:00"
    edited = entry(root, "r12")
    assert edited.findtext(f"{ATOM}published") == "2026-02-05T00:00:00+05:00"
    assert edited.findtext(f"{ATOM}updated") == "2026-03-04T09:30:00+00:00"  # the last change
    assert SEEN.replace("Z", "+00:00") not in ET.tostring(root, encoding="unicode")
    assert root.findtext(f"{ATOM}updated") == "2026-03-04T09:30:00+00:00"


def test_the_search_json_and_csv_carry_the_zone(ds: Datasette) -> None:
    response = asyncio.run(
        ds.client.get("/archive/search.json", params={"q": "инвестиции", "_shape": "objects"})
    )
    rows = {row["release_id"]: row for row in response.json()["rows"]}
    assert rows["r11"]["timezone"] == "Asia/Yekaterinburg"
    assert rows["r11"]["published_iso"] == "2026-01-20T11:45:00+05:00"
    assert rows["r1"]["published_iso"] == "2026-02-11T15:20:00+03:00"
    assert rows["r12"]["published_iso"] == "2026-02-05"  # a day has no moment
    assert "<mark>" not in rows["r11"]["title"] and "<mark>" in rows["r11"]["title_html"]
    assert rows["r11"]["snippet"] == "Курганская область привлекла инвестиции."
    assert "<mark>инвестиции</mark>" in rows["r11"]["snippet_html"]
    text = asyncio.run(ds.client.get("/archive/search_by_date.csv", params={"q": "инвестиции"})).text
    table = list(csv.DictReader(io.StringIO(text)))
    assert [row["release_id"] for row in table] == ["r2", "r1", "r12", "r11"]  # still newest first
    assert {row["published_iso"] for row in table} >= {"2026-01-20T11:45:00+05:00"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 3000},
        {"date_from": "32.13.2026", "date_to": "вчера"},
        {"q": "NEAR(инвестиции", "district": "'; DROP TABLE sources; --"},
        {"source": "\x00", "_size": "9" * 40},
    ],
)
def test_hostile_feed_parameters_never_give_a_500(ds: Datasette, params: dict[str, str]) -> None:
    for path in ("/archive/feed_search.atom", "/archive/feed_source.atom"):
        response = asyncio.run(ds.client.get(path, params=params))
        assert response.status_code < 500, (path, params, response.text[:300])


@pytest.mark.parametrize("words", ["инвестиции", ""])
def test_the_search_pages_feed_link_keeps_its_subscription(ds: Datasette, words: str) -> None:
    params = {"q": words, "region": "Курганская область", "date_from": "01.02.2026"}
    html = asyncio.run(ds.client.get("/-/search", params=params)).text
    found = re.search(r'href="(/archive/feed_search\.atom\?[^"]+)"', html)
    assert found, "the search page links no feed"
    root = ET.fromstring(asyncio.run(ds.client.get(html_lib.unescape(found.group(1)))).content)
    assert ids(root) == (["r12"] if words else ["r13", "r12"])
    title = root.findtext(f"{ATOM}title")
    assert "Курганская область" in title and "с 1 февраля 2026" in title
