"""The «what changed» page /-/changes through the real Datasette app: the last 24 hours by default,
one Moscow day with ?date=, counts per region, links to releases, times with their zone."""

from __future__ import annotations

import asyncio
import datetime as dt
import html as html_lib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_session import DESKTOP, PHONE, artifacts, launched, require_chromium
from datasette.app import Datasette
from serve_fixtures import build_archive
from serve_process import running_server

from archive.serve.app import make_datasette

NOW = dt.datetime.now(dt.UTC)
OLD = NOW - dt.timedelta(days=3)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _archive(path: Path) -> None:
    """Tonight: r2 new (Калужская), r3 removed (Калужская), r1 edited (Московская); r4 new three days ago."""
    build_archive(path)
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO events (release_id, source, kind, at, detail) VALUES (?, ?, ?, ?, '{}')",
            [
                ("r2", "invest", "new", _stamp(NOW - dt.timedelta(hours=2))),
                ("r3", "invest", "removed", _stamp(NOW - dt.timedelta(hours=3))),
                ("r1", "minec", "edited", _stamp(NOW - dt.timedelta(hours=5))),
                ("r4", "minec", "new", _stamp(OLD)),
            ],
        )


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    _archive(path)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def _get(ds: Datasette, path: str) -> tuple[int, str]:
    response = asyncio.run(ds.client.get(path))
    return response.status_code, html_lib.unescape(response.text)


def _counts(page: str) -> dict[str, list[str]]:
    """The counts table: region -> its cells (new, edited, removed, reappeared)."""
    table = page.split('class="pa-changes-counts"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td><a [^>]*>([^<]+)</a></td>(.*?)</tr>", table)
    return {region: re.findall(r"<td>([^<]*)</td>", cells) for region, cells in rows}


def test_the_last_day_by_region_with_counts_and_links(ds: Datasette) -> None:
    status, page = _get(ds, "/-/changes")
    assert status == 200
    assert "Изменения в архиве" in page and "за последние сутки" in page
    assert _counts(page) == {"Калужская область": ["1", "", "1", ""], "Московская область": ["", "1", "", ""]}
    assert 'href="/-/release/r2"' in page and 'href="/-/release/r1"' in page
    assert "Агентство привлекло новыми инвестициями завод" in page and "Удалён с сайта" in page
    assert "Старый релиз об экспорте" not in page  # three days old
    assert "11 февраля 2026, 15:20 (МСК)" in page  # r1's publication time, with its zone
    assert '<a href="/-/changes">Изменения</a>' in page  # in the nav bar


def test_one_day_by_moscow_date(ds: Datasette) -> None:
    day = OLD.astimezone(ZoneInfo("Europe/Moscow")).date().isoformat()
    status, page = _get(ds, f"/-/changes?date={day}")
    assert status == 200
    assert "Старый релиз об экспорте" in page and "Агентство привлекло" not in page
    assert _counts(page) == {"Московская область": ["1", "", "", ""]}
    assert "предыдущий день" in page


def test_moscow_clock_switch(ds: Datasette) -> None:
    _, local = _get(ds, "/-/changes")
    assert "по московскому времени</a>" in local and "?time=msk" in local
    _, moscow = _get(ds, "/-/changes?time=msk")
    assert "11 февраля 2026, 15:20 по московскому времени" in moscow and "по местному времени</a>" in moscow


def test_a_bad_date_is_explained_in_russian(ds: Datasette) -> None:
    status, page = _get(ds, "/-/changes?date=вчера")
    assert status == 400 and "«вчера» — не дата" in page


def test_a_quiet_day_says_so(ds: Datasette) -> None:
    status, page = _get(ds, "/-/changes?date=2020-01-01")
    assert status == 200 and "ничего не изменилось" in page


def test_a_journalist_finds_tonight_from_the_nav_bar(tmp_path: Path) -> None:
    """Real server, real Chromium: «Изменения» in the nav, the counts, a region's list, a release."""
    sync_api = require_chromium()
    folder = artifacts("changes")
    path = tmp_path / "archive.db"
    _archive(path)
    with running_server(path) as base, launched(sync_api) as chromium:
        page = chromium.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
        page.goto(base + "/-/sources")
        page.get_by_role("link", name="Изменения", exact=True).click()
        page.wait_for_url("**/-/changes")
        assert page.locator("h1").inner_text() == "Изменения в архиве"
        counts = page.locator("table.pa-changes-counts")
        assert "Калужская область" in counts.inner_text()
        page.screenshot(path=str(folder / "01-changes.png"), full_page=True)
        page.get_by_role("link", name="Калужская область").click()
        region = page.locator("ul.pa-changes").first
        assert "Агентство привлекло новыми инвестициями завод" in region.inner_text()
        region.get_by_role("link", name="Агентство привлекло новыми инвестициями завод").click()
        page.wait_for_url("**/-/release/r2")
        phone = chromium.new_page(viewport=PHONE, locale="ru-RU")  # type: ignore[attr-defined]
        phone.goto(base + "/-/changes?time=msk")
        assert "по московскому времени" in phone.locator("body").inner_text()
        phone.screenshot(path=str(folder / "02-changes-phone.png"), full_page=True)
