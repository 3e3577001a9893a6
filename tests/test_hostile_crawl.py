"""One `pressarchive crawl` of the hostile ministry site (tests/hostile/site.py), as cron would run it.

The crawl must exit normally with no traceback; every page the listing links to must end in exactly
the one counted outcome `hostile.site.PAGES` gives it (stored, dropped with a reason, failed with a
kind) in the run's `crawl_runs` record; the good articles between the bad ones must be stored with
their title, date and text; the archive must verify; the crawl's peak memory must stay under
MEMORY_BOUND whatever the site sends. The 10,000-link listing of the issue is a third listing page of
BIG_LISTING links (1,000 by default; `HOSTILE_LISTING_LINKS=10000` for the full one, about 70 s).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_run import ROOT
from click.testing import CliRunner
from hostile.site import (
    BEYOND_ROOT,
    BY_PATH,
    GONE_PREFIX,
    PAGES,
    SECTION,
    STRANGER_TITLE,
    hostile_site,
    listing_html,
    site_path,
    write_registry,
)
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler

from archive.verify import verify_archive
from crawler.cli import main
from crawler.normalise.html_cap import DEFAULT_MAX_CHARS
from crawler.normalise.release import BODY_MAX_CHARS
from crawler.scrapy_glue.failures import CallbackErrors, DroppedRequests

BIG_LISTING = int(os.environ.get("HOSTILE_LISTING_LINKS", "1000"))
MEMORY_BOUND = 1024 * 1024 * 1024  # bytes of peak resident memory of the crawl (and its worker)
SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_TIMEOUT=8",  # the trickle goes on for 30 s; a loaded machine needs the margin
    "RETRY_TIMES=1",  # the 503 is asked once more after its second
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
)
# Cyrillic UTF-8 read as a single-byte code page, or the reverse: «Ð¾», «Ñ‚», «Р°», «вЂ».
MOJIBAKE = re.compile("[ÐÑ][\u0080-\u00ff\u2018-\u203a]|Р[°±²µ¶·ё]|С[Ѓ‚ЂЊ]|вЂ")


@dataclass(frozen=True)
class Crawl:
    returncode: int
    output: str  # stdout and stderr
    seconds: float
    peak_rss: int  # bytes
    port: int
    hits: Counter[str]
    stranger_hits: Counter[str]
    run: dict[str, Any]
    stats: dict[str, Any]
    releases: dict[str, dict[str, Any]]  # by URL
    db: Path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "archive.db"
    with hostile_site(big_listing=BIG_LISTING) as site:
        registry = write_registry(site, tmp / "sources.toml")
        args = [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(registry), "--db", str(db)]
        args += [arg for setting in SETTINGS for arg in ("--set", setting)]
        started = time.monotonic()
        with (tmp / "output").open("w+", encoding="utf-8") as output:
            process = subprocess.Popen(args, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
            # wait4: this child's own peak (with the worker it forked), not the largest of the session
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            output.seek(0)
            text = output.read()
        seconds = time.monotonic() - started
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        [run] = [dict(row) for row in conn.execute("SELECT * FROM crawl_runs")]
        releases = {row["url"]: dict(row) for row in conn.execute("SELECT * FROM releases")}
    print(
        f"\nhostile crawl: {seconds:.1f} s, peak RSS {usage.ru_maxrss // 1024} MiB, {BIG_LISTING} big links"
    )
    return Crawl(
        process.returncode,
        text,
        seconds,
        usage.ru_maxrss * 1024,
        site.port,
        site.hits,
        site.stranger_hits,
        run,
        json.loads(run["stats"]),
        releases,
        db,
    )


def outcomes(crawl: Crawl) -> Counter[str]:
    """The run's counted outcomes of article pages: stored, dropped/<reason>, failed/<kind>."""
    counted: Counter[str] = Counter({"stored": crawl.run["items"]})
    counted.update({f"dropped/{reason}": n for reason, n in json.loads(crawl.run["drops"]).items()})
    counted.update(
        {
            f"failed/{key.removeprefix('pages/failed/')}": n
            for key, n in crawl.stats.items()
            if key.startswith("pages/failed/")
        }
    )
    return +counted


def big_listing_cut() -> bool:
    """Whether the big listing is longer than the HTML a page may hand to extraction."""
    return len(listing_html(3, BIG_LISTING, 8000)) > DEFAULT_MAX_CHARS


def big_links_read(crawl: Crawl) -> int:
    """The big listing's links the crawl read: all, unless the listing was cut to the bound
    (10,000 links: the first 8,100 or so, the cut counted as extract/html_cut)."""
    read = sum(1 for path in crawl.hits if path.startswith(GONE_PREFIX))
    assert read == BIG_LISTING or (big_listing_cut() and 0 < read < BIG_LISTING), read
    return read


def test_the_crawl_exits_normally_without_a_traceback(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.output[-3000:]
    for word in ("Traceback", "CRITICAL"):
        assert word not in crawl.output, crawl.output[-3000:]
    # The summary line; beside it only the project's own one-line notes about pages of the site
    # (crawler.runs.progress.quiet_console), never about the run itself.
    lines = crawl.output.splitlines()
    [summary] = [line for line in lines if line.startswith("hostile_mii ")]
    assert summary.split()[1] == "finished", summary
    page_note = re.compile(r"(ERROR|WARNING) (crawler|spiders|archive)\.[\w.]+: .*http://127\.0\.0\.1:\d+/")
    assert [line for line in lines if line != summary and not page_note.match(line)] == []
    assert crawl.run["finish_reason"] == "finished"
    raised = {
        key: n
        for key, n in crawl.stats.items()
        if key.startswith(("spider_exceptions/", "log_count/CRITICAL"))
    }
    assert raised == {}, "a callback raised: its page was lost with a traceback in the log"


def test_every_linked_page_ends_in_exactly_one_counted_outcome(crawl: Crawl) -> None:
    expected = Counter(page.outcome for page in PAGES)
    expected["failed/http_404"] += big_links_read(crawl)
    counted = outcomes(crawl)
    # The cut body ends as a connection failure, or, when a loaded machine keeps its retry waiting
    # past DOWNLOAD_TIMEOUT (seen in CI), as a timeout: one outcome either way, not two.
    cut_short = counted["failed/timeout"] - expected["failed/timeout"]
    if cut_short == 1 and counted["failed/connection"] == expected["failed/connection"] - 1:
        counted["failed/timeout"] -= 1
        counted["failed/connection"] += 1
    assert counted == expected
    # links/found counts every link of every listing; a second link to a page already asked for
    # (the first article is linked on both listing pages) is no page of its own
    stats = crawl.stats
    assert stats["links/duplicate"] == 1
    assert stats["links/found"] - stats["links/duplicate"] == sum(expected.values())


def test_what_was_asked_of_the_site(crawl: Crawl) -> None:
    hits = crawl.hits
    assert crawl.stranger_hits == Counter(), "a redirect or a refresh to another port was followed"
    assert hits[BY_PATH[SECTION + "zakryto/plan"].path] == 0, "robots.txt was not obeyed"
    # The 429 is never retried (no retry for it is counted). It may still be asked twice when a
    # loaded machine lets its first ask run past DOWNLOAD_TIMEOUT before the 429 is read: that
    # ask is retried as a timeout, one more than the trickle's (reproduced with three busy loops
    # beside the test; seen in a fresh-clone run).
    reasons = {key: n for key, n in crawl.stats.items() if key.startswith("retry/reason_count/")}
    assert not any("429" in key for key in reasons), reasons
    timeouts = reasons.get("retry/reason_count/scrapy.exceptions.DownloadTimeoutError", 0)
    asked = hits[BY_PATH[SECTION + "slishkom-chasto"].path]
    assert asked == 1 or (asked == 2 and timeouts >= 2), ("asked again after Retry-After: 86400", reasons)
    assert hits[BY_PATH[SECTION + "peregruzka"].path] == 2, "the 503 was not asked again after its second"
    assert all(n == 1 for path, n in hits.items() if path.startswith(GONE_PREFIX))
    assert not any(path.startswith(SECTION + "dlinnyy-") for path in hits)
    assert hits[PAGES[0].path] == 1, "a page linked three times was asked more than once"
    stats = crawl.stats
    assert (stats["retry_after/refused_host"], stats["retry_after/refused_seconds"]) == ("localhost", 86400)
    assert stats["retry_after/waited"] == 1
    assert (stats["redirect/offsite_port"], stats["redirect/refresh_ignored"]) == (1, 2)  # one compressed
    errors = json.loads(crawl.run["http_errors"])  # Scrapy's own HTTP error counts are kept beside them
    read = big_links_read(crawl)
    assert (errors["302"], errors["404"], errors["410"], errors["500"]) == (1, 1 + read, 1, 1)


def test_good_articles_are_stored_right(crawl: Crawl) -> None:
    base = f"http://127.0.0.1:{crawl.port}"
    stored = [page for page in PAGES if page.outcome == "stored"]
    assert sorted(crawl.releases) == sorted(base + page.stored_path for page in stored)
    for page in stored:
        release = crawl.releases[base + page.stored_path]
        fields = (release["title"], release["published_date"])
        assert fields == (page.title, page.date), page.slug
        assert page.lead in release["body_text"], (page.slug, release["body_text"][:300])
        for text in (release["title"], release["body_text"]):
            assert "\x00" not in text and not MOJIBAKE.search(text), (page.slug, text[:300])
        replaced = 1 if page.slug == "bityy-bayt" else 0  # the one bad byte, where it was
        assert (release["title"].count("\ufffd"), release["body_text"].count("\ufffd")) == (0, replaced)
    assert STRANGER_TITLE not in {release["title"] for release in crawl.releases.values()}
    assert (crawl.stats["decode/repaired_pages"], crawl.stats["decode/replaced_bytes"]) == (1, 1)


def test_a_30_mb_article_is_stored_in_part_and_counted(crawl: Crawl) -> None:
    release = crawl.releases[f"http://127.0.0.1:{crawl.port}{SECTION}ogromnaya-statya"]
    assert len(release["body_html"]) <= BODY_MAX_CHARS + 100
    assert (crawl.stats["extract/html_cut"], crawl.stats["extract/body_cut"]) == (1 + big_listing_cut(), 1)


def test_only_the_sites_own_pages_are_asked_for(crawl: Crawl) -> None:
    """javascript:, mailto:, data: and tel: links are never asked (not even as relative paths), a
    link with ../ beyond the root is the page under the root."""
    assert [path for path in crawl.hits if not site_path(path)] == []
    assert BEYOND_ROOT.startswith("../../") and crawl.hits[SECTION + "za-kornem"] == 1


def test_the_archive_verifies(crawl: Crawl) -> None:
    report = verify_archive(crawl.db)
    assert report.ok, report.problems


def test_memory_stays_bounded(crawl: Crawl) -> None:
    assert 0 < crawl.peak_rss < MEMORY_BOUND, f"peak RSS {crawl.peak_rss // 2**20} MiB"


@pytest.mark.xfail(
    reason="libxml2 keeps no element deeper than 2,048 levels (huge_tree; 256 without): the article "
    "inside 5,000 nested <div> is parsed without its content and counted as empty_body (1,500 levels "
    "are read: tests/test_pages_deep.py)",
    strict=True,
)
def test_a_page_inside_5000_nested_divs_is_stored(crawl: Crawl) -> None:
    assert f"http://127.0.0.1:{crawl.port}{SECTION}matryoshka" in crawl.releases


@pytest.mark.parametrize(
    ("url", "chain", "counted"),
    [
        ("http://ex.ru/a", ["http://ex.ru/a", "http://ex.ru/b"], "pages/failed/redirect_loop"),
        ("http://ex.ru/c", ["http://ex.ru/a"], "releases/dropped/duplicate"),
        ("http://ex.ru/a", None, "links/duplicate"),
    ],
    ids=["back-into-its-chain", "to-a-page-asked-already", "a-second-link"],
)
def test_a_request_dropped_as_a_duplicate_is_counted(url: str, chain: list[str] | None, counted: str) -> None:
    crawler = get_crawler()
    request = Request(url, meta={"redirect_urls": chain} if chain else {})
    DroppedRequests(crawler).request_dropped(request)
    assert crawler.stats.get_stats() == {counted: 1}


def test_a_callback_that_raises_is_counted_by_what_it_read(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"PRESSARCHIVE_DB": str(tmp_path / "archive.db")})

    def parse_article() -> None: ...

    def parse_listing() -> None: ...

    middleware = CallbackErrors(crawler)
    for callback in (parse_article, parse_listing, parse_article):
        response = HtmlResponse("http://ex.ru/a", request=Request("http://ex.ru/a", callback=callback))
        handled = middleware.process_spider_exception(response, RecursionError("deep"))
        assert handled is not None and list(handled) == []  # handled: the page ends here, counted
    assert crawler.stats.get_stats() == {
        "releases/dropped/unparseable": 2,
        "pages/dropped/listing_unparseable": 1,
    }
    response = HtmlResponse("http://ex.ru/a", status=404, request=Request("http://ex.ru/a"))
    assert middleware.process_spider_exception(response, HttpError(response)) is None  # count_failure's


def test_status_says_the_pages_failed(crawl: Crawl) -> None:
    result = CliRunner().invoke(main, ["status", "--db", str(crawl.db)])
    assert result.exit_code == 0, result.output
    failed = {
        key.removeprefix("failed/"): n for key, n in outcomes(crawl).items() if key.startswith("failed/")
    }
    [note] = [line.strip() for line in result.output.splitlines() if "last run:" in line]
    assert note.startswith(f"last run: pages failed {sum(failed.values())} (http_404 {failed['http_404']}, ")
    assert note.endswith("; invalid bytes replaced 1 on 1 page")
    assert all(f"{kind} {n}" in note for kind, n in failed.items())
