"""A real crawl of one demo site: an announcement dated in the future is kept undated and flagged,
an edited release keeps its publication date and gains an update stamp, and the run counts flags."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlite_utils
from cli_run import FAST, run_cli

from demo.mirror import Mirror, write_demo_registry

SITE = "mosreg_export"  # WordPress layout: <time datetime>, article:modified_time, «Обновлено: …»


def test_future_dates_and_update_stamps_through_a_crawl(tmp_path: Path) -> None:
    with Mirror(sites=[SITE]) as mirror:
        zone = mirror.spec(SITE).tz
        event = (dt.datetime.now(zone) + dt.timedelta(days=10)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        mirror.add_release(
            SITE,
            {
                "title": "Анонс: форум экспортёров Подмосковья",
                "slug": "anons-forum-eksporterov",
                "published": event.replace(tzinfo=None).isoformat(),
                "body": "Форум пройдёт в Красногорске.\n\nРегистрация открыта.",
            },
        )
        edited = mirror.releases(SITE)[3]
        edited = mirror.edit_release(SITE, edited.slug, body="Обновлённый текст релиза.\n\nВторой абзац.")
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        db_path = tmp_path / "archive.db"
        result = run_cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        assert result.returncode == 0, result.stderr[-3000:]
        expected = {r.title: r for r in mirror.releases(SITE)}

    db = sqlite_utils.Database(db_path)
    rows = {row["title"]: row for row in db["releases"].rows}
    assert set(rows) == set(expected)

    announcement = rows["Анонс: форум экспортёров Подмосковья"]
    assert json.loads(announcement["date_flags"]) == ["future"]
    assert (
        announcement["published_date"],
        announcement["published_time"],
        announcement["published_utc"],
    ) == (
        None,
        None,
        None,
    )

    changed = rows[edited.title]
    assert changed["published_date"] == edited.published.date().isoformat()
    assert edited.modified is not None
    assert changed["updated_at"] == edited.modified.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    assert changed["updated_raw"]

    others = [row for title, row in rows.items() if title != announcement["title"]]
    assert all(json.loads(row["date_flags"]) == [] for row in others)
    assert all(row["published_date"] == expected[row["title"]].published.date().isoformat() for row in others)

    [run] = list(db["crawl_runs"].rows)
    stats = json.loads(run["stats"])
    assert stats.get("dates/future") == 1
    assert "dates/missing" not in stats and "dates/unparsed" not in stats
