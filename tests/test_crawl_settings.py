"""Scrapy settings the crawl changes, and the checks that stand in for what they turn off.

- Scrapy warns when a generator callback returns a value (the value is lost). The crawl turns that
  check off (WARN_ON_GENERATOR_RETURN_VALUE: it re-reads the callback's source for every request);
  this test makes the same check on every callback of the spider.
- Scrapy 2.19 opens a code-execution HTTP port per crawl (remote control): never in ours.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from scrapy.utils.misc import is_generator_with_return_value

from crawler.scrapy_glue import settings
from spiders.release import ReleaseSpider

ROOT = Path(__file__).resolve().parent.parent


def callbacks() -> list[str]:
    return [
        name
        for name, member in inspect.getmembers(ReleaseSpider, inspect.isfunction)
        if name.startswith(("parse", "release_", "section_"))
    ]


def test_the_spider_has_the_callbacks_we_check() -> None:
    found = callbacks()
    assert {"parse_article", "parse_listing", "parse_feed", "parse_homepage"} <= set(found)


def test_no_generator_callback_returns_a_value() -> None:
    offenders = [name for name in callbacks() if is_generator_with_return_value(getattr(ReleaseSpider, name))]
    assert offenders == []


def test_the_check_finds_a_returned_value() -> None:
    def parse_bad(response: object):  # type: ignore[no-untyped-def]
        yield None
        return 1

    assert is_generator_with_return_value(parse_bad)


def test_the_crawl_turns_scrapys_per_request_check_off() -> None:
    assert settings.WARN_ON_GENERATOR_RETURN_VALUE is False


def test_a_crawl_opens_no_remote_control(tmp_path: Path) -> None:
    from crawler.runs.crawl import build_settings

    crawl_settings = build_settings(tmp_path / "archive.db")
    assert crawl_settings.getbool("REMOTE_CONTROL_ENABLED") is False
    extensions = crawl_settings.getwithbase("EXTENSIONS")
    assert "scrapy.extensions.remote_control.RemoteControl" not in extensions
    assert "scrapy.extensions.corestats.CoreStats" in extensions  # Scrapy's other defaults stay


def test_the_crawl_writer_keeps_a_bounded_page_cache(tmp_path: Path) -> None:
    from crawler.runs.crawl import build_settings

    writer = build_settings(tmp_path / "archive.db").get("PRESSARCHIVE_WRITER")
    archive = writer.acquire()
    try:
        assert archive.db.execute("PRAGMA cache_size").fetchone()[0] == -settings.PRESSARCHIVE_DB_CACHE_KIB
    finally:
        writer.release()
    other = build_settings(tmp_path / "other.db", {"PRESSARCHIVE_DB_CACHE_KIB": "0"}).get(
        "PRESSARCHIVE_WRITER"
    )
    assert other.cache_kib is None  # 0: the archive's own cache size


def printed_by(script: str) -> list[str]:
    """The first two lines a fresh interpreter prints running `script` (what it imported is its own)."""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split("\n")[:2]


def test_the_crawl_does_not_load_numpy_for_sqlite_utils() -> None:
    """sqlite-utils imports numpy when installed (8 MiB in the crawl and its worker); pressarchive
    declines that (archive.lean_imports), and numpy itself still imports for the clusters."""
    script = (
        "import sys, crawler.cli, spiders.release, crawler.runs.crawl\n"
        "print('numpy' in sys.modules)\n"
        "import archive.clusters, sqlite_utils.db\n"
        "print('numpy' in sys.modules, sqlite_utils.db.np)\n"
    )
    assert printed_by(script) == ["False", "True None"]


def test_a_crawl_on_one_machine_does_not_load_redis() -> None:
    """The Redis client (4 MiB in the crawl and its worker) is loaded by the distributed run only:
    the crawl's components name crawler.distributed.store, which must not import it."""
    script = (
        "import sys, crawler.cli, spiders.release, crawler.runs.crawl, crawler.scrapy_glue.conditional\n"
        "print(sorted(m for m in ('redis', 'scrapy_redis') if m in sys.modules))\n"
        "import crawler.distributed.coordinator\n"
        "print('redis' in sys.modules)\n"
    )
    assert printed_by(script) == ["[]", "True"]


def test_trafilatura_is_loaded_by_the_first_page_that_needs_it() -> None:
    """trafilatura (4 MiB) reads a body no selector found: a configured platform's crawl never
    loads it; the generic path does, and reads the body with it."""
    script = (
        "import sys, crawler.cli, spiders.release, crawler.runs.crawl, crawler.pages.platforms\n"
        "print('trafilatura' in sys.modules)\n"
        "from crawler.pages.generic import GenericPage\n"
        "from crawler.runs.extract_file import adhoc_source\n"
        "text = 'Министр открыл завод в Коломне. ' * 40\n"
        "html = '<html><body><div class=x><p>' + text + '</p></div></body></html>'\n"
        "url = 'https://example.ru/news/1'\n"
        "raw = GenericPage().extract(url, html, adhoc_source(url))\n"
        "print('trafilatura' in sys.modules, raw.methods.get('body'), 'Коломне' in raw.body_html)\n"
    )
    assert printed_by(script) == ["False", "True trafilatura True"]


def test_the_worker_is_forked_without_trafilatura_and_loads_it_for_a_page_that_needs_it() -> None:
    """trafilatura is not shared at the fork: the crawl's process reads the pages a site profile is
    learned from with it, and pages read by their profile never need it (shared, the pages the
    crawl wrote to stayed in the worker as copies: 5-6 MiB of bench_crawl's generic crawl). A page
    with nothing else to read its body (no profile) loads it in the worker."""
    script = (
        "import asyncio, datetime as dt, sys\n"
        "def loaded(name):\n"
        "    return name in sys.modules\n"
        "from crawler.runs.extract_file import adhoc_source\n"
        "from crawler.runs.extract_pool import ExtractPool\n"
        "from crawler.runs.page_jobs import ArticleJob, Context, Fetch, FetchedPage\n"
        "url = 'https://example.ru/news/1'\n"
        "key, packed = Context(adhoc_source(url), None).packed()\n"
        "text = 'В Коломне открыли новый цех по выпуску деталей для станков. ' * 12\n"
        "html = f'<html><body><div class=x><h1>Цех</h1><p>{text}</p></div></body></html>'.encode()\n"
        "fetch = Fetch(fetched_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), http_status=200)\n"
        "job = ArticleJob(FetchedPage(url, html, 'text/html; charset=utf-8', key, packed), fetch)\n"
        "pool = ExtractPool(1).start()\n"
        "print('trafilatura' in sys.modules, bool(pool.pids))\n"
        "async def ask():\n"
        "    before = await pool.call(loaded, 'trafilatura')\n"
        "    outcome, by_worker = await pool.run(job)\n"
        "    after = await pool.call(loaded, 'trafilatura')\n"
        "    return before[0], by_worker, outcome.release.methods.get('body'), after[0]\n"
        "print(*asyncio.run(ask()), 'trafilatura' in sys.modules)\n"
        "pool.close()\n"
    )
    assert printed_by(script) == ["False True", "False True trafilatura True False"]
