"""End to end: the demo mirror on 127.0.0.1 -> the real spiders and pipeline -> a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST, ROOT
from cli_run import run_cli as cli

from archive.fts_tables import STEM_FTS_TABLE
from archive.store import Archive
from crawler.registry.sources import load_registry
from demo.mirror import Mirror, write_demo_registry


@dataclass
class Crawled:
    mirror: Mirror
    registry: Path
    db_path: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    releases_after_first: list[dict]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("crawl")
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp / "sources.toml")
        db_path = tmp / "archive.db"
        first = cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        rows = list(sqlite_utils.Database(db_path)["releases"].rows) if db_path.exists() else []
        second = cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        yield Crawled(mirror, registry, db_path, first, second, rows)


def test_crawl_succeeds_and_reports_each_source(crawled: Crawled) -> None:
    assert crawled.first.returncode == 0, crawled.first.stderr[-3000:]
    for site in crawled.mirror.sites:
        assert f"demo_{site}" in crawled.first.stdout
    statuses = (
        sqlite_utils.Database(crawled.db_path).execute("SELECT DISTINCT status FROM sources").fetchall()
    )
    assert statuses == [("ok",)]  # each source's health is judged after the crawl


def test_every_published_release_is_archived_once(crawled: Crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    for site in crawled.mirror.sites:
        expected = {r.title for r in crawled.mirror.releases(site)}
        stored = [row["title"] for row in db["releases"].rows_where("source = ?", [f"demo_{site}"])]
        assert sorted(stored) == sorted(expected), site


def test_dates_are_the_published_local_dates(crawled: Crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    for site in crawled.mirror.sites:
        by_title = {r.title: r for r in crawled.mirror.releases(site)}
        for row in db["releases"].rows_where("source = ?", [f"demo_{site}"]):
            published = by_title[row["title"]].published
            assert row["published_date"] == published.date().isoformat(), (site, row["url"])
            assert row["timezone"] == crawled.mirror.spec(site).timezone
            if row["published_time"] is not None:  # a time is stored only when the page gave one
                assert row["published_time"] == published.strftime("%H:%M"), (site, row["url"])
                expected_utc = published.astimezone(__import__("datetime").UTC).strftime("%Y-%m-%dT%H:%M")
                assert row["published_utc"].startswith(expected_utc)
            else:
                assert row["published_utc"] is None


def test_bodies_are_clean_text_and_sanitised_html(crawled: Crawled) -> None:
    db = sqlite_utils.Database(crawled.db_path)
    for site in crawled.mirror.sites:
        by_title = {r.title: r for r in crawled.mirror.releases(site)}
        for row in db["releases"].rows_where("source = ?", [f"demo_{site}"]):
            release = by_title[row["title"]]
            assert release.paragraphs[-1][:60] in row["body_text"], (site, row["url"])
            assert "<script" not in row["body_html"]
            assert "Поделиться" not in row["body_text"]


def test_second_crawl_adds_no_duplicates(crawled: Crawled) -> None:
    assert crawled.second.returncode == 0, crawled.second.stderr[-3000:]
    db = sqlite_utils.Database(crawled.db_path)
    after = list(db["releases"].rows)
    assert len(after) == len(crawled.releases_after_first) > 0
    assert {r["release_id"] for r in after} == {r["release_id"] for r in crawled.releases_after_first}
    runs = list(db["crawl_runs"].rows_where(order_by="id"))
    assert len(runs) == 2 * len(crawled.mirror.sites)
    for run in runs[len(crawled.mirror.sites) :]:
        assert run["finish_reason"] == "finished"
        assert run["new"] == 0 and run["updated"] == 0 and run["unchanged"] == run["items"] > 0


def test_full_text_search_finds_russian_word(crawled: Crawled) -> None:
    """The crawl's releases are in the archive's (stemmed) full-text index: another form of a
    word of their titles finds them."""
    with Archive.open(crawled.db_path) as archive:
        titles = {row[0] for row in archive.db.execute("SELECT title FROM releases")}
        hits = archive.db.execute(
            f"SELECT r.title FROM [{STEM_FTS_TABLE}] JOIN releases r ON r.rowid = [{STEM_FTS_TABLE}].rowid"
            f" WHERE [{STEM_FTS_TABLE}] MATCH ru_stem_query(?)",
            ["инвестициям"],
        ).fetchall()
    assert hits and {title for (title,) in hits} <= titles
    assert any("инвестиц" in title.lower() for (title,) in hits)


def test_crawl_stays_on_the_source_and_obeys_robots(crawled: Crawled) -> None:
    for site in crawled.mirror.sites:
        log = crawled.mirror.request_log(site)
        assert "/robots.txt" in log
        assert not [path for path in log if path.startswith("/search")]


def test_scrapy_list_shows_one_spider_per_registry_entry(crawled: Crawled) -> None:
    env = {**os.environ, "PRESSARCHIVE_SOURCES": str(crawled.registry)}
    scrapy = Path(sys.executable).with_name("scrapy")
    demo = subprocess.run([scrapy, "list"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert demo.stdout.split() == sorted(s.name for s in load_registry(crawled.registry))
    shipped = subprocess.run(
        [scrapy, "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PRESSARCHIVE_SOURCES"},
    )
    assert shipped.stdout.split() == sorted(s.name for s in load_registry() if s.enabled)
