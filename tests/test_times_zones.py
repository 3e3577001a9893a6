"""Times as readers in Russia need them: newest first by the real instant, every time with its zone."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, release, source

from archive.db import open_db
from archive.search_keys import SEARCH_KEYS_TABLE, rebuild_search_keys
from archive.serve.app import make_datasette
from archive.serve.time_labels import iso_with_offset, local_time_label, msk_offset_label, when_label
from archive.store import Archive

MOSCOW = source("msk", "Москва", "ministry")
KURGAN = replace(source("kurgan", "Курганская область", "ministry"), timezone="Asia/Yekaterinburg")


def _release(n: int, src, time: str | None, utc: str | None, date: str = "2026-12-03"):  # type: ignore[no-untyped-def]
    return release(
        n,
        src,
        f"Инвестиции, релиз {n}",
        "Инвестиции в регион.",
        published_date=date,
        published_time=time,
        published_utc=utc,
        date_precision="minute" if time else "day",
    )


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.sync_sources([MOSCOW, KURGAN])
        archive.save_releases(
            [
                _release(1, KURGAN, "11:45", "2026-12-03T06:45:00Z"),  # 09:45 МСК
                _release(2, MOSCOW, "11:20", "2026-12-03T08:20:00Z"),
                _release(3, MOSCOW, None, None),  # the day only
                _release(4, KURGAN, "01:30", "2026-12-02T20:30:00Z"),  # 23:30 МСК on the 2nd
            ],
            seen_at=SEEN,
        )
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def _order(ds: Datasette, path: str) -> list[str]:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200
    text = response.text
    found = {rid: text.find(f'/-/release/{rid}"') for rid in ("r1", "r2", "r3", "r4")}
    assert all(at > 0 for at in found.values()), found
    return sorted(found, key=found.__getitem__)


def test_newest_first_is_by_the_utc_instant_not_the_local_clock(ds: Datasette) -> None:
    # Moscow 11:20 (08:20 UTC) is newer than Курган 11:45 (06:45 UTC); the Курган release at 01:30
    # local time was published on the 2nd by UTC; the day-only release follows its day's timed ones
    assert _order(ds, "/-/search?q=инвестиции&sort=date") == ["r2", "r1", "r3", "r4"]


def test_the_sort_key_follows_a_corrected_time(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases([_release(1, KURGAN, "11:45", "2026-12-03T06:45:00Z")], seen_at=SEEN)
    db = open_db(path)
    db.execute("UPDATE releases SET published_utc = '2026-12-04T01:00:00Z' WHERE release_id = 'r1'")
    assert db.execute(f"SELECT sort_key FROM [{SEARCH_KEYS_TABLE}]").fetchone()[0] == "2026-12-04 01:00"
    rebuild_search_keys(db)
    assert db.execute(f"SELECT sort_key FROM [{SEARCH_KEYS_TABLE}]").fetchone()[0] == "2026-12-04 01:00"
    db.close()


def test_migration_rebuilds_local_sort_keys_as_utc(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases([_release(1, KURGAN, "11:45", "2026-12-03T06:45:00Z")], seen_at=SEEN)
    with sqlite3.connect(path) as conn:  # an archive from before the migration: local keys
        conn.execute(f"UPDATE [{SEARCH_KEYS_TABLE}] SET sort_key = '2026-12-03 11:45'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0100_search_sort_by_utc'")
    open_db(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute(f"SELECT sort_key FROM [{SEARCH_KEYS_TABLE}]").fetchone()[0] == "2026-12-03 06:45"


@pytest.mark.parametrize(
    ("zone", "date", "expected"),
    [
        ("Europe/Moscow", "2026-12-03", "МСК"),
        ("Asia/Yekaterinburg", "2026-12-03", "МСК+2"),
        ("Europe/Kaliningrad", "2026-12-03", "МСК\N{MINUS SIGN}1"),
        ("Asia/Kamchatka", "2026-12-03", "МСК+9"),
        ("Europe/Samara", "2013-06-01", "МСК"),  # 2010-2014: Samara kept Moscow's offset
        ("Europe/Samara", "2026-06-01", "МСК+1"),
        ("Not/AZone", "2026-12-03", ""),
    ],
)
def test_zones_are_named_from_moscow(zone: str, date: str, expected: str) -> None:
    label = local_time_label("11:45", date, zone)
    assert label == (f"11:45 ({expected})" if expected else "11:45")
    assert "/" not in label  # never an IANA id


def test_when_labels_local_moscow_and_machine_forms() -> None:
    row = {"published_date": "2026-12-03", "published_time": "11:45", "timezone": "Asia/Yekaterinburg"}
    assert when_label(row) == "3 декабря 2026, 11:45 (МСК+2)"
    assert when_label(row, moscow=True) == "3 декабря 2026, 09:45 по московскому времени"
    night = dict(row, published_time="01:30")
    assert when_label(night, moscow=True) == "2 декабря 2026, 23:30 по московскому времени"
    assert iso_with_offset(row) == "2026-12-03T11:45:00+05:00"
    day_only = {"published_date": "2026-12-03", "timezone": "Asia/Yekaterinburg"}
    assert when_label(day_only) == "3 декабря 2026" and iso_with_offset(day_only) == "2026-12-03"
    assert when_label({}) == "" and msk_offset_label(None) == ""
