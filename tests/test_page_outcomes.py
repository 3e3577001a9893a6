"""Every page a crawl asks for ends in one counted outcome, on a hostile loopback site.

The listing links ordinary articles and the pages that used to vanish without a count: a
redirect loop, a gzip bomb, a 404, a page robots.txt forbids, a page that is not a release.
Stored + dropped (by reason) + failed (by kind) must add up to the links the listing gave.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from planned_site import crawl_site, planned_site
from scrapy.exceptions import IgnoreRequest

from crawler.scrapy_glue.failures import failure_kind
from crawler.scrapy_glue.retry_after import HostAskedToWait

ARTICLE = (
    "<html><head><title>Релиз {n}</title></head><body><main><h1>Релиз {n}</h1><p>21.11.2026</p>"
    "<div class='text'><p>Министерство сообщает о заводе номер {n}: триста рабочих мест в регионе.</p>"
    "<p>Объём инвестиций в проект {n} составит два миллиарда рублей.</p></div></main></body></html>"
)
HOSTILE = ("/loop/1", "/bomb", "/missing", "/private/1", "/login")


def test_every_asked_page_is_counted_once(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000, 9)  # 50 kB that unpack to 50 MB
    with planned_site() as site:

        def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"
            if path == "/news":
                links = [f"/news/{n}" for n in range(1, 6)] + list(HOSTILE)
                items = "".join(
                    f"<li><a href='{link}'>Релиз {link}</a> <span>21.11.2026</span></li>" for link in links
                )
                return 200, {}, f"<html><body><main><ul>{items}</ul></main></body></html>"
            if path.startswith("/loop/"):
                return 302, {"Location": f"/loop/{int(path.rsplit('/', 1)[1]) + 1}"}, ""
            if path == "/bomb":
                return 200, {"Content-Encoding": "gzip"}, bomb
            if path == "/missing":
                return 404, {}, "<html><body>Страница не найдена</body></html>"
            if path == "/login":
                return (
                    200,
                    {},
                    "<html><head><title>Вход</title></head><body><form>Пароль</form></body></html>",
                )
            return 200, {}, ARTICLE.format(n=path.rsplit("/", 1)[1])

        site.answer(plan)
        db = crawl_site(tmp_path, site, "/news", settings=["DOWNLOAD_MAXSIZE=10000000", "RETRY_TIMES=0"])
        assert site.hits("/private/1") == []
    with sqlite3.connect(db) as conn:
        items, drops, http_errors, stats = conn.execute(
            "SELECT items, drops, http_errors, stats FROM crawl_runs"
        ).fetchone()
    stats, drops = json.loads(stats), json.loads(drops)
    failed = {k.removeprefix("pages/failed/"): v for k, v in stats.items() if k.startswith("pages/failed/")}
    assert failed == {"redirect_loop": 1, "too_large": 1, "http_404": 1, "robots": 1}
    assert json.loads(http_errors).get("404") == 1, "Scrapy's own HTTP error count is kept"
    assert items == 5
    assert items + sum(drops.values()) + sum(failed.values()) == stats["links/found"] == 10, (drops, failed)


@pytest.mark.parametrize(
    ("exception", "kind"),
    [
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (10000000 B) during decompression."), "too_large"),
        (
            ValueError("Received 40000000 bytes which is larger than download max size (33554432)"),
            "too_large",
        ),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (HostAskedToWait("example.ru asked for 86400 s"), "asked_to_wait"),
        (IgnoreRequest("anything else"), "ignored"),
        (TimeoutError("timed out"), "timeout"),
        (ConnectionRefusedError("Connection refused"), "connection"),
    ],
)
def test_failure_kinds(exception: BaseException, kind: str) -> None:
    assert failure_kind(exception) == kind
