"""Redirects and <meta refresh> stay on the source's host and port (real crawls, two loopback servers).

The source's site answers on one port; a stranger's server on another port of the same host. A
redirect to the stranger is not followed (counted), an article whose <meta refresh> points there
is archived as itself, and the stranger is never asked; a redirect within the site still works.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from planned_site import Site, crawl_site, planned_site

from crawler.scrapy_glue.offsite_redirects import origin, stays_on_site

LISTING = "<html><head><title>Новости</title></head><body><main><ul>{}</ul></main></body></html>"
ITEM = "<li><a href='/news/{n}'>Релиз номер {n}</a> <span>2{n}.11.2026</span></li>"
ARTICLE = (
    "<html><head><title>{title}</title>{head}</head><body><main><h1>{title}</h1>"
    "<p class='date'>21.11.2026</p><div class='text'><p>Министерство инвестиций сообщает: {title}. "
    "В регионе построят завод, на котором будут работать триста человек.</p>"
    "<p>Объём инвестиций составит два миллиарда рублей, строительство завершится в 2027 году.</p>"
    "</div></main></body></html>"
)


def article(title: str, head: str = "") -> tuple[int, dict[str, str], str]:
    return 200, {}, ARTICLE.format(title=title, head=head)


def crawl(tmp_path: Path, site: Site) -> tuple[list[tuple[str, str]], dict[str, object]]:
    db = crawl_site(tmp_path, site, "/news")
    with sqlite3.connect(db) as conn:
        releases = conn.execute("SELECT url, title FROM releases ORDER BY url").fetchall()
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    return releases, stats


def test_redirects_and_refreshes_to_another_port_are_not_followed(tmp_path: Path) -> None:
    with planned_site() as site, planned_site() as stranger:
        elsewhere = f"http://127.0.0.1:{stranger.port}"

        def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
            if path == "/news":
                return 200, {}, LISTING.format("".join(ITEM.format(n=n) for n in range(1, 5)))
            if path == "/news/1":
                refresh = f'<meta http-equiv="refresh" content="0; url={elsewhere}/trap">'
                return article("Релиз номер 1", refresh)
            if path == "/news/2":
                return 302, {"Location": f"{elsewhere}/news/2"}, ""
            if path == "/news/3":
                return 301, {"Location": "/news/3-moved"}, ""
            if path == "/news/3-moved":
                return article("Релиз номер 3")
            return article("Релиз номер 4")

        site.answer(plan)
        stranger.answer(lambda path, seen: article("Чужая страница"))
        releases, stats = crawl(tmp_path, site)

        assert stranger.paths() == [], "the server on another port was asked"
    base = f"http://127.0.0.1:{site.port}"
    assert releases == [
        (f"{base}/news/1", "Релиз номер 1"),  # the article that carried the refresh, as itself
        (f"{base}/news/3-moved", "Релиз номер 3"),  # a redirect within the site is followed
        (f"{base}/news/4", "Релиз номер 4"),
    ]
    assert stats["redirect/offsite_port"] == 1
    assert stats["redirect/refresh_ignored"] == 1
    assert stats["httperror/response_ignored_status_count/302"] == 1, "the lost page is counted"


def test_which_targets_stay_on_site() -> None:
    domains = ("minek.example.ru",)
    known = frozenset({origin("https://minek.example.ru:8443/news")} - {None})  # type: ignore[arg-type]
    here = "http://minek.example.ru/news/1"
    assert stays_on_site(here, "http://minek.example.ru/news/2", domains, known)
    assert stays_on_site(here, "https://minek.example.ru/news/1", domains, known)  # upgrade to https
    assert stays_on_site(here, "https://www.minek.example.ru/news/1", ("minek.example.ru",), known)
    assert stays_on_site(
        here, "https://minek.example.ru:8443/news/1", domains, known
    )  # a port the registry names
    assert not stays_on_site(here, "http://minek.example.ru:9090/news/1", domains, known)
    assert not stays_on_site("http://minek.example.ru:8080/a", "http://minek.example.ru/a", domains, known)
    assert not stays_on_site(here, "https://other.example.ru/news/1", domains, known)
    assert not stays_on_site(here, "http://minek.example.ru:99999/", domains, known)  # no such port
    assert not stays_on_site(here, "javascript:alert(1)", domains, known)
