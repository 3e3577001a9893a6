"""`pressarchive discover` suggests the time zone the site's own dates say (their UTC offset), checked
against the region's zone from the region table, and says why. The real CLI over the demo mirror
(the Kurgan site's feed writes «+0500», the Moscow Oblast ministry's «+0300»)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from cli_run import ROOT

from crawler.discovery.zones import date_offset, offset_counts, suggest_zone
from crawler.registry.regions import region
from demo.mirror import Mirror

WINTER = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def mirror() -> Iterator[Mirror]:
    with Mirror(sites=["kurgan_gov", "mosreg_mii"]) as running:
        yield running


def discover(mirror: Mirror, site: str, *extra: str) -> dict:
    url = mirror.listing_url(site)
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "discover", url, "--articles", "0", "--json", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def entry_zone(data: dict) -> str:
    (line,) = [line for line in data["suggested_entry"].splitlines() if line.startswith("timezone = ")]
    return line


def test_a_plus_five_feed_without_a_region_suggests_yekaterinburg_not_moscow(mirror: Mirror) -> None:
    data = discover(mirror, "kurgan_gov")
    assert data["date_offsets"] == {"+05:00": 10}
    line = entry_zone(data)
    assert line.startswith(
        'timezone = "Asia/Yekaterinburg"  # даты сайта идут со смещением +05:00 (10 из 10)'
    )
    assert "Курганская область" in line and "--region" in line
    assert data["timezone"]["zone"] == "Asia/Yekaterinburg"


def test_the_region_confirmed_by_the_offsets(mirror: Mirror) -> None:
    data = discover(mirror, "kurgan_gov", "--region", "Курганская область")
    assert entry_zone(data) == (
        'timezone = "Asia/Yekaterinburg"  # даты сайта идут со смещением +05:00 (10 из 10), '
        "как пояс региона «Курганская область»"
    )


def test_a_moscow_feed_with_a_far_region_keeps_the_region_and_warns(mirror: Mirror) -> None:
    plain = discover(mirror, "mosreg_mii")
    assert entry_zone(plain).startswith('timezone = "Europe/Moscow"  # даты сайта идут со смещением +03:00')
    warned = entry_zone(discover(mirror, "mosreg_mii", "--region", "Курганская область"))
    assert warned.startswith(
        'timezone = "Asia/Yekaterinburg"  # пояс региона «Курганская область» (+05:00), хотя'
    )
    assert "проверьте время на странице релиза" in warned


def test_offsets_are_read_from_the_usual_date_forms() -> None:
    assert date_offset("Wed, 03 Dec 2026 11:45:00 +0500") == 300
    assert date_offset("2026-12-03T11:45:00+05:00") == 300
    assert date_offset("2026-12-03T11:45:00.123-03:30") == -210
    assert date_offset("03.12.2026 11:45 GMT+07:00") == 420
    assert date_offset("2026-12-03") is None and date_offset("3 декабря 2026, 11:45") is None
    assert offset_counts(["Wed, 03 Dec 2026 11:45:00 +0000", None, "2026-12-03T08:00:00+07:00"]) == {
        "+00:00": 1,
        "+07:00": 1,
    }


def test_utc_dates_say_nothing_about_the_zone() -> None:
    utc_only = suggest_zone({"+00:00": 12}, None, WINTER)
    assert utc_only.zone == "Europe/Moscow" and "укажите --region" in utc_only.reason
    tver = suggest_zone({"+00:00": 12}, region("Тверская область"), WINTER)
    assert tver.zone == "Europe/Moscow" and "пояс региона «Тверская область»" in tver.reason
    novosibirsk = suggest_zone({"+07:00": 5}, None, WINTER)
    assert novosibirsk.zone == "Asia/Krasnoyarsk" and "Красноярский край" in novosibirsk.reason
    assert suggest_zone({"+01:00": 3}, None, WINTER).zone == "Europe/Moscow"  # no region keeps +01:00
