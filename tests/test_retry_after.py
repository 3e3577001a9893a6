"""Retry-After honoured by real crawls against a real HTTP server on 127.0.0.1.

A 429 that asks for a short wait pauses the whole host for that long, then the page is fetched;
a 429 that asks for a day leaves the host alone for the rest of the run (one request, not three),
and the source's health says why.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from planned_site import Site, crawl_site, planned_site

from archive.health import OK, RunMetrics, judge
from crawler.scrapy_glue.retry_after import retry_after_seconds

LISTING = "<html><head><title>Новости</title></head><body><main><ul>{items}</ul></main></body></html>"
ITEM = "<li><a href='/news/{n}'>Релиз номер {n}</a> <span>2{n}.11.2026</span></li>"
ARTICLE = (
    "<html><head><title>Релиз номер {n}</title></head><body><main><h1>Релиз номер {n}</h1>"
    "<p class='date'>2{n}.11.2026</p><div class='text'><p>Министерство инвестиций сообщает о проекте "
    "номер {n}: в регионе построят завод, на котором будут работать триста человек.</p>"
    "<p>Объём инвестиций составит два миллиарда рублей, строительство завершится в 2027 году.</p>"
    "</div></main></body></html>"
)


@pytest.fixture
def site() -> Iterator[Site]:
    with planned_site() as running:
        yield running


def article_or_robots(path: str) -> tuple[int, dict[str, str], str] | None:
    if path == "/robots.txt":
        return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
    if path.startswith("/news/"):
        return 200, {}, ARTICLE.format(n=path.rsplit("/", 1)[-1])
    return None


def crawl(tmp_path: Path, site: Site, *paths: str) -> dict[str, object]:
    started = time.monotonic()
    db = crawl_site(tmp_path, site, *paths, settings=["RETRY_TIMES=2"])
    elapsed = time.monotonic() - started
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        run = dict(conn.execute("SELECT * FROM crawl_runs").fetchone())
        releases = conn.execute("SELECT count(*) FROM releases").fetchone()[0]
    return {"run": run, "stats": json.loads(run["stats"]), "releases": releases, "elapsed": elapsed}


def test_a_short_retry_after_pauses_the_host_then_fetches(tmp_path: Path, site: Site) -> None:
    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
        if answer := article_or_robots(path):
            return answer
        if path == "/news" and seen == 1:
            return 429, {"Retry-After": "2"}, "Слишком много запросов"
        if path == "/news-more":
            time.sleep(0.3)  # answered while /news waits: its articles must wait for the pause too
            return 200, {}, LISTING.format(items=ITEM.format(n=3) + ITEM.format(n=4))
        return 200, {}, LISTING.format(items=ITEM.format(n=1) + ITEM.format(n=2))

    site.answer(plan)
    result = crawl(tmp_path, site, "/news", "/news-more")

    first, second = site.hits("/news")
    assert second - first >= 1.9, "the listing was asked again before the 2 s the site asked for"
    paused = [at for at in site.hits() if first + 0.05 < at < first + 1.9]
    assert paused == [], "requests reached the host during its pause"
    stats = result["stats"]
    assert isinstance(stats, dict)
    assert stats["retry_after/waited"] == 1 and "retry_after/refused_host" not in stats
    assert result["releases"] == 4


def test_a_day_long_retry_after_is_not_retried_and_the_health_says_so(tmp_path: Path, site: Site) -> None:
    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
        return 429, {"Retry-After": "86400"}, "Приходите завтра"

    site.answer(plan)
    result = crawl(tmp_path, site, "/news")

    asked = site.paths()
    assert asked and len(asked) == len(set(asked)), f"a host that asked for a day was asked again: {asked}"
    assert result["elapsed"] < 60
    stats = result["stats"]
    assert isinstance(stats, dict)
    assert (stats["retry_after/refused_host"], stats["retry_after/refused_seconds"]) == ("127.0.0.1", 86400)
    run = result["run"]
    assert isinstance(run, dict)
    health = judge([RunMetrics.from_row(run)], today=dt.date(2026, 12, 3))
    assert any("Retry-After" in reason and "86400 с" in reason for reason in health.reasons), health


def test_after_the_refusal_nothing_more_is_sent_to_the_host(tmp_path: Path, site: Site) -> None:
    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
        return 429, {"Retry-After": "86400", "Content-Type": "text/plain"}, "Приходите завтра"

    site.answer(plan)
    result = crawl(tmp_path, site, "/news", "/news?page=2", "/news?page=3")

    assert site.hits("/robots.txt") and site.paths() == [], "sent after robots.txt asked for a day"
    stats = result["stats"]
    assert isinstance(stats, dict)
    assert stats["retry_after/skipped"] == 3, "every start URL ends in a counted outcome"


def test_a_run_that_read_its_listing_notes_the_refusal_but_stays_ok() -> None:
    row = {
        "finish_reason": "finished", "pages": 3, "items": 2, "dated": 2, "links_found": 2,
        "stats": json.dumps({
            "listing/links_by/generic": 1,
            "retry_after/refused_host": "example.ru",
            "retry_after/refused_seconds": 7200,
        }),
    }  # fmt: skip
    health = judge([RunMetrics.from_row(row)], today=dt.date(2026, 12, 3))
    assert health.status == OK
    assert health.reasons == (
        "сайт example.ru попросил не обращаться к нему 7200 с (Retry-After): обход отложен до следующей ночи",
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        (b" 0 ", 0.0),
        ("Thu, 03 Dec 2026 12:02:00 GMT", 120.0),
        ("Thu, 03 Dec 2026 11:00:00 GMT", 0.0),  # a date in the past: no wait
        ("99999999999999999999", 99999999999999999999.0),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("٣٠", None),  # digits of another script are not HTTP's
        ("x" * 500, None),
    ],
)
def test_retry_after_header_values(header: str | bytes | None, expected: float | None) -> None:
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    assert retry_after_seconds(header, now) == expected
