"""Relevance over many matches: every match is ranked up to RANK_WINDOW, and the page says when not."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, release, source

from archive.serve import search_sql
from archive.serve.app import make_datasette
from archive.store import Archive

EXPORTER = source("exporter", "Новосибирская область", "export_centre")
MATCHES = 2_100  # more than the 2,000 newest matches relevance used to rank


def get(ds: Datasette, path: str) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def _order(html: str) -> list[str]:
    results = html.split('class="pa-results"', 1)[1].split("pa-formats", 1)[0]
    return re.findall(r'href="/-/release/([^"]+)"', results)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datasette]:
    """The best match for «экспорт» is the oldest release, followed by MATCHES weak ones."""
    path = tmp_path_factory.mktemp("ranking") / "archive.db"
    best = release(
        0,
        EXPORTER,
        "Экспорт: экспортёры нарастили экспорт",
        "Экспорт вырос, экспорт растёт.",
        published_date="2015-01-05",
    )
    filler = " ".join(f"слово{n}" for n in range(60))
    weak = [
        release(
            n,
            EXPORTER,
            f"Новости центра, выпуск {n}",
            f"{filler} О поддержке экспорта. {filler}",
            release_id=f"w{n}",
            url=f"https://exporter.example/press/w{n}",
            canonical_url=f"https://exporter.example/press/w{n}",
            published_date="2026-02-01",
        )
        for n in range(1, MATCHES + 1)
    ]
    with Archive.open(path) as archive:
        archive.sync_sources([EXPORTER])
        archive.save_releases([best], seen_at=SEEN)  # saved first: the oldest rowid
        archive.save_releases(weak, seen_at=SEEN)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def test_the_best_match_ranks_first_even_when_it_is_the_oldest_of_thousands(many: Datasette) -> None:
    assert _order(get(many, "/-/search?q=экспорт").text)[0] == "r0"
    rows = get(many, "/archive/search.json?q=экспорт&_shape=objects").json()["rows"]
    assert rows[0]["release_id"] == "r0"
    assert "упорядочены" not in get(many, "/-/search?q=экспорт").text  # every match was ranked


def test_the_page_says_when_only_the_newest_matches_were_ranked(
    many: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_sql, "RANK_WINDOW", 1_000)
    html = get(many, "/-/search?q=экспорт").text
    assert "Найдено: 2101 релиз" in html  # the total stays exact
    notice = html.split('class="pa-meta pa-ranked-window"', 1)[1].split("</p>", 1)[0]
    assert "по релевантности упорядочены 1\N{NO-BREAK SPACE}000 самых новых из них" in notice
    assert "сначала новые" in notice
    assert "r0" not in _order(html)  # as the notice says: the oldest match was not ranked
    assert "pa-ranked-window" not in get(many, "/-/search?q=экспорт&sort=date").text
    assert "pa-ranked-window" not in get(many, "/-/search?q=нарастили").text  # one match: all ranked
