"""Words in most releases are left out of the ranking expression, and the ranking stays bm25's."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, release, source

from archive.search import parse_query, stem_query
from archive.serve import ranking
from archive.serve.app import make_datasette
from archive.store import Archive

FREQUENT = frozenset({"год", "экспорт"})
PLANT = source("plant", "Калужская область", "ministry")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("год экспорт завод", '"завод"'),  # the words in most releases go
        ("завод ИЛИ год экспорт", '("завод" OR "год")'),  # an alternative stays with its group
        ("завод -агентство", '"завод"'),  # an excluded word is in no match: it weighs exactly 0
        ("год экспорт", '"год" AND "экспорт"'),  # nothing else: ranked whole
        ("год* завод", '"год"* AND "завод"'),  # a prefix is many words: it stays
        ('"экспорт год" завод', '"экспорт год" AND "завод"'),  # so does a phrase
    ],
)
def test_words_bm25_gives_no_weight_are_left_out_of_the_ranking(query: str, expected: str) -> None:
    assert parse_query(query).rank_match(FREQUENT) == expected
    if "-" not in query:
        assert parse_query(query).rank_match(frozenset()) == stem_query(query)  # nothing known: whole


@pytest.fixture(scope="module")
def plants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 releases about export; завод in 13 of them, 1 to 4 times, each release of its own length."""
    path = tmp_path_factory.mktemp("frequent") / "archive.db"
    releases = [
        release(
            n,
            PLANT,
            f"Экспорт региона, выпуск {n}",
            " ".join(
                ["Экспорт растёт."] + ["Завод работает."] * (1 + n % 4 if n % 3 == 0 else 0) + ["Слово."] * n
            ),
            release_id=f"p{n}",
            url=f"https://plant.example/press/p{n}",
            canonical_url=f"https://plant.example/press/p{n}",
            published_date=f"2026-01-{1 + n % 28:02d}",
        )
        for n in range(1, 41)
    ]
    with Archive.open(path) as archive:
        archive.sync_sources([PLANT])
        archive.save_releases(releases, seen_at=SEEN)
    return path


def _ranked(path: Path, monkeypatch: pytest.MonkeyPatch, share: float) -> tuple[Any, list[Any]]:
    monkeypatch.setattr(ranking, "VERIFIED_SHARE", share)
    datasette: Datasette = make_datasette(path)
    try:
        response = asyncio.run(datasette.client.get("/archive/search.json?q=экспорт+завод&_shape=objects"))
        rows = [(row["release_id"], row["relevance"]) for row in response.json()["rows"]]
        return ranking.frequent_stems(str(path)).stems, rows
    finally:
        for database in datasette.databases.values():
            database.close()


def test_the_ranking_without_frequent_words_is_bm25s(plants: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = ranking.VERIFIED_SHARE
    whole_stems, whole = _ranked(plants, monkeypatch, share=2.0)  # no word can be in 200% of them
    stems, reduced = _ranked(plants, monkeypatch, share=share)
    assert whole_stems == frozenset()
    assert "экспорт" in stems and "завод" not in stems  # in all 40 releases; in 13 of them
    assert len(whole) == 13 and reduced == whole


class _FailingDatabase:
    """A database whose every statement fails, as one stopped at its time limit."""

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("interrupted")


def test_a_failed_check_is_tried_again_within_a_minute_not_an_hour(plants: Path) -> None:
    holder = ranking.FrequentStems(stems=frozenset({"год"}))
    asyncio.run(ranking.refresh(_FailingDatabase(), holder))
    assert holder.stems == frozenset({"год"}) and holder.failed  # the set it had stays
    assert holder.checked_at is not None
    assert not holder.due(holder.checked_at + ranking.RETRY_SECONDS - 1)
    assert holder.due(holder.checked_at + ranking.RETRY_SECONDS + 1)
    datasette: Datasette = make_datasette(plants)
    try:
        asyncio.run(ranking.refresh(datasette.get_database("archive"), holder))
    finally:
        for database in datasette.databases.values():
            database.close()
    assert not holder.failed and "экспорт" in holder.stems
    assert not holder.due(holder.checked_at + ranking.RETRY_SECONDS + 1)  # an hour again
    assert holder.due(holder.checked_at + ranking.REFRESH_SECONDS + 1)
