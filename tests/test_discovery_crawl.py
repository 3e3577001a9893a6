# ruff: noqa: E501  (the site's pages are written inline)
"""The discovery flow end to end: a windows-1251 Bitrix site on 127.0.0.1 crawled through the CLI.

The site (golden Bitrix pages) announces its feed only in <link rel=alternate>, lists two releases
only in its sitemap, answers one release with a 403 anti-bot page, one with a captcha and one with
a 503 maintenance page, and sends one page with a wrong charset in its header. Also: `pressarchive
discover` against the same server and `pressarchive extract` on saved pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils

sys.path.insert(0, str(Path(__file__).parent / "golden"))

from cli_run import FAST as CLI_FAST
from cli_run import run_cli as cli
from corpus import PAGES, load

FAST = (*CLI_FAST, "--set", "RETRY_TIMES=0")
CORPUS = load()
BITRIX = [case for case in CORPUS.articles if case.layout == "bitrix"]
LISTINGS = [case for case in CORPUS.listings if case.layout == "bitrix"]
BLOCKED, CAPTCHA, MAINTENANCE, MISDECLARED = (BITRIX[i] for i in (2, 4, 7, 5))
SITEMAP_ONLY = BITRIX[8:10]  # removed from the listing, reachable through the sitemap only
HTML = "text/html"
FEED = "/bitrix/rss.php?ID=12&LANG=s1&TYPE=news&LIMIT=50"  # as the golden Bitrix pages announce it


def local_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def site_routes() -> dict[str, tuple[int, str, bytes]]:
    routes: dict[str, tuple[int, str, bytes]] = {}
    for case in LISTINGS:
        body = case.path.read_bytes()
        for gone in SITEMAP_ONLY:
            body = body.replace(local_path(gone.url).encode(), b"/press-center/news/hidden/")
        routes[local_path(case.url)] = (200, HTML, body)
    for case in BITRIX:
        routes[local_path(case.url)] = (200, HTML, case.path.read_bytes())
    routes[local_path(MISDECLARED.url)] = (200, "text/html; charset=utf-8", MISDECLARED.path.read_bytes())
    routes[local_path(BLOCKED.url)] = (
        403, HTML, "<html><title>403</title><body><h1>Ваш запрос показался нам подозрительным и был заблокирован!</h1></body></html>".encode("cp1251"))  # fmt: skip
    routes[local_path(CAPTCHA.url)] = (
        200, HTML, "<html><title>Проверка</title><body><p>Подтвердите, что вы не робот</p><form>captcha</form></body></html>".encode())  # fmt: skip
    routes[local_path(MAINTENANCE.url)] = (
        503, HTML, "<html><title>Технические работы</title><body><p>На сайте ведутся технические работы.</p></body></html>".encode())  # fmt: skip
    items = "".join(
        f"<item><title>{case.data['title']}</title><link>{local_path(case.url)}</link>"
        f"<pubDate>Wed, 25 Nov 2026 10:00:00 +0500</pubDate></item>"
        for case in BITRIX[:3]
    )
    routes[FEED] = (
        200,
        "application/rss+xml",
        f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'.encode(),
    )
    urls = "".join(f"<url><loc>{{base}}{local_path(case.url)}</loc></url>" for case in SITEMAP_ONLY)
    urls += "<url><loc>{base}/about/</loc></url><url><loc>{base}/press-center/news/</loc></url>"
    routes["/sitemap.xml"] = (
        200,
        "application/xml",
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode(),
    )
    routes["/robots.txt"] = (
        200,
        "text/plain",
        b"User-agent: *\nDisallow: /bitrix/admin/\nSitemap: /sitemap.xml\n",
    )
    return routes


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.routes = site_routes()
        self.log: list[str] = []


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        self.server.log.append(self.path)
        status, content_type, body = self.server.routes.get(
            self.path, (404, HTML, b"<html><body>404</body></html>")
        )
        body = body.replace(b"{base}", self.server.base.encode())
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Crawled:
    site: Site
    db: sqlite_utils.Database
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawled(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    tmp = tmp_path_factory.mktemp("bitrix")
    registry = tmp / "sources.toml"
    registry.write_text(
        f"""[[source]]
name = "golden_bitrix"
title = "Министерство экономического развития и инвестиций Пермского края"
region = "Пермский край"
publisher_kind = "ministry"
timezone = "Asia/Yekaterinburg"
platform = "bitrix"
start_urls = ["{site.base}/press-center/news/"]
sitemap_url = "{site.base}/sitemap.xml"
allowed_domains = ["127.0.0.1"]
""",
        encoding="utf-8",
    )
    # One request at a time, so the order the server sees is the scheduler's (priorities), not a race.
    serial = ("--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    result = cli("crawl", "--sources", registry, "--db", tmp / "archive.db", *FAST, *serial)
    return Crawled(site, sqlite_utils.Database(tmp / "archive.db"), result)


def test_every_release_is_found_through_listing_feed_and_sitemap(crawled: Crawled) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr[-3000:]
    refused = {BLOCKED.url, CAPTCHA.url, MAINTENANCE.url}
    expected = {case.data["title"]: case for case in BITRIX if case.url not in refused}
    rows = {row["title"]: row for row in crawled.db["releases"].rows}
    assert sorted(rows) == sorted(expected)
    for title, row in rows.items():
        case = expected[title]
        assert row["published_date"] == case.data["published_date"]
        assert row["published_time"] == case.data["published_time"]
        assert row["body_text"] == "\n\n".join(case.data["body"])  # windows-1251 decoded, even mis-declared
        assert json.loads(row["tags"]) == case.data["tags"]


def test_block_and_maintenance_answers_are_counted_not_stored(crawled: Crawled) -> None:
    run = next(iter(crawled.db["crawl_runs"].rows))
    assert json.loads(run["drops"]) == {"block_page": 2, "maintenance": 1}
    stats = json.loads(run["stats"])
    assert stats["pages/feed"] == 1 and stats["links/feed"] == 3  # announced by the listing page
    assert stats["links/sitemap"] == 2  # the section only: not /about/, not the listing itself
    assert stats["pages/listing_stop/last_page"] == 1 and stats["listing/next_by/selector"] == 1


def test_crawl_order_feed_then_listing_then_sitemap(crawled: Crawled) -> None:
    log = crawled.site.log
    assert "/about/" not in log
    assert log.index("/press-center/news/") < log.index(FEED) < log.index("/sitemap.xml")
    assert "/press-center/news/?PAGEN_1=2" in log


def test_discover_reports_the_site_and_suggests_a_valid_entry(site: Site, tmp_path: Path) -> None:
    result = cli("discover", f"{site.base}/press-center/news/", "--json", "--region", "Тверская область")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["platform"] == "bitrix" and report["encoding"] == "cp1251"
    assert report["pagination"] == "?PAGEN_1=N (1-based) via selector"
    assert [page["new_links"] for page in report["pages"]] == [6, 3]  # 2 releases + the "hidden" link
    assert report["feeds"][0]["url"].endswith("/bitrix/rss.php?ID=12&LANG=s1&TYPE=news&LIMIT=50")
    assert report["sitemaps"][0]["in_section"] == 2
    assert report["samples"][0]["date"] == BITRIX[0].data["published_date"]
    entry = tmp_path / "suggested.toml"
    entry.write_text(report["suggested_entry"], encoding="utf-8")
    listed = cli("sources", "--sources", entry)
    assert listed.returncode == 0, listed.stderr


def test_discover_names_a_blocked_site(site: Site) -> None:
    result = cli("discover", site.base + local_path(BLOCKED.url))
    assert result.returncode == 1 and "NOT USABLE: block_page" in result.stdout


def test_extract_command_decodes_and_names_every_method(tmp_path: Path) -> None:
    legacy = next(
        case for case in CORPUS.articles if case.layout == "legacy" and "koi8" not in case.data["file"]
    )
    result = cli("extract", legacy.path, "--url", legacy.url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["platform"] == "generic" and data["encoding"].split()[0] in ("koi8-r", "cp1251")
    assert data["release"]["title"] == legacy.data["title"]
    assert data["release"]["published_date"] == legacy.data["published_date"]
    assert data["methods"]["title"] == "title_tag" and data["methods"]["date"] == "text"
    blocked = tmp_path / "blocked.html"
    blocked.write_text("<html><body>Ваш запрос показался нам подозрительным</body></html>", encoding="utf-8")
    refused = json.loads(cli("extract", blocked, "--url", "https://x.ru/a", "--status", "403").stdout)
    assert refused["not_a_release"] == "block_page"
    missing = cli(
        "extract", PAGES / "mosreg" / "article_01.html", "--url", "https://x.ru/", "--source", "nope"
    )
    assert missing.returncode == 2 and 'Источник "nope" не найден.' in missing.stderr
