"""The offline demo mirror: real HTTP on 127.0.0.1, pagination, articles, robots, 404, registry, mutation."""

from __future__ import annotations

import http.client
import json
import math
import re
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from demo.content import load_sites
from demo.mirror import Mirror, write_demo_registry
from demo.registry import LAYOUT_ENTRIES

parsel = pytest.importorskip("parsel")

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SITES = ["mosreg_mii", "mosreg_invest_air", "mosreg_export", "kurgan_gov"]
# how to walk each site's listing: (item link selector, next-page selector)
LISTING = {
    "mosreg_mii": (
        ".news-list-page__list .news-list-page__item .event__title a",
        ".pagination a.pagination__next",
    ),
    "mosreg_invest_air": (".news-list .news-card a.news-card__link", ".pager a.pager__next"),
    "mosreg_export": ("main article.post h2.entry-title a", ".nav-links a.next"),
    "kurgan_gov": (".view-display-id-page li.views-row .views-field-title a", "li.pager-next a"),
}
REGISTRY_KEYS = {
    "name", "title", "region", "publisher_kind", "timezone", "platform", "homepage", "start_urls",
    "feed_url", "allowed_domains", "max_pages", "notes", "selectors",
}  # fmt: skip
SELECTOR_KEYS = {"item", "link", "list_date", "next_page", "title", "date", "body"}


@pytest.fixture(scope="module")
def mirror() -> Iterator[Mirror]:
    with Mirror(clock=lambda: NOW) as m:
        yield m


@pytest.fixture
def fresh_mirror() -> Iterator[Mirror]:
    """A private mirror for tests that change what is served."""
    with Mirror(sites=["mosreg_mii", "kurgan_gov"], clock=lambda: NOW) as m:
        yield m


def fetch(url: str) -> tuple[int, str, str]:
    """(status, content type, text) without following redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request("GET", urllib.request.quote(target, safe="/?=&%-"))
    resp = conn.getresponse()
    body = resp.read()
    ctype = resp.getheader("Content-Type", "")
    location = resp.getheader("Location", "")
    conn.close()
    if 300 <= resp.status < 400:
        return resp.status, ctype, location
    text = body.decode("utf-8") if ctype.startswith(("text/", "application/rss")) else ""
    return resp.status, ctype, text


def walk_listing(m: Mirror, site: str) -> tuple[list[str], list[str]]:
    """Follow next-page links from the start URL; return (listing page URLs, article URLs)."""
    link_css, next_css = LISTING[site]
    url: str | None = m.listing_url(site)
    pages: list[str] = []
    links: list[str] = []
    while url:
        assert url not in pages, f"pagination loops at {url}"
        pages.append(url)
        status, ctype, html = fetch(url)
        assert status == 200, url
        assert ctype == "text/html; charset=utf-8"
        sel = parsel.Selector(html)
        links += [urljoin(url, h) for h in sel.css(link_css + "::attr(href)").getall()]
        nxt = sel.css(next_css + "::attr(href)").get()
        url = urljoin(url, nxt) if nxt else None
    return pages, links


def test_sites_start_on_distinct_os_assigned_ports(mirror: Mirror) -> None:
    ports = {urlsplit(mirror.base_url(s)).port for s in SITES}
    assert len(ports) == len(SITES)
    assert all(p and p > 0 for p in ports)
    assert all(mirror.base_url(s).startswith("http://127.0.0.1:") for s in SITES)
    assert mirror.base_url("demo_mosreg_mii") == mirror.base_url("mosreg_mii")


@pytest.mark.parametrize("site", SITES)
def test_listing_paginates_to_the_end(mirror: Mirror, site: str) -> None:
    pages, links = walk_listing(mirror, site)
    releases = mirror.releases(site)
    expected = math.ceil(len(releases) / mirror.spec(site).page_size)
    assert expected >= 2, "every demo site should paginate"
    assert len(pages) == expected
    assert links == [mirror.app(site).article_url(r) for r in releases]  # newest first, no duplicates


def test_pagination_conventions(mirror: Mirror) -> None:
    mii = mirror.listing_url("mosreg_mii")
    assert fetch(mii)[2].count("news-list-page__item") == fetch(mii + "?page=1")[2].count(
        "news-list-page__item"
    )
    assert "?page=2" in fetch(mii)[2]
    kurgan = mirror.listing_url("kurgan_gov")  # Drupal: 0-based
    first = parsel.Selector(fetch(kurgan)[2]).css(".view-display-id-page .views-field-title a::text").getall()
    again = parsel.Selector(fetch(kurgan + "?page=0")[2]).css(
        ".view-display-id-page .views-field-title a::text"
    )
    assert first == again.getall()
    assert 'href="/news?page=1"' in fetch(kurgan)[2]
    export = mirror.base_url("mosreg_export")  # WordPress: /news/page/N/, 301 for canonical forms
    assert fetch(export + "/news") == (301, "text/html; charset=utf-8", "/news/")
    assert fetch(export + "/news/page/1/")[0] == 301
    assert fetch(export + "/news/page/2/")[0] == 200
    assert fetch(export + "/news/page/99/")[0] == 404


def test_listing_dates_in_site_formats(mirror: Mirror) -> None:
    html = fetch(mirror.listing_url("mosreg_mii"))[2]
    dates = parsel.Selector(html).css(".news-list-page__list .event__pub-date::text").getall()
    assert dates[0] == "25 ноября 2026 г., 15:20"
    assert any("\u00a0" in d for d in dates), "one listing date carries a no-break space, as real pages do"
    html = fetch(mirror.listing_url("kurgan_gov"))[2]
    created = parsel.Selector(html).css(".view-display-id-page .views-field-created")[0]
    assert " ".join(created.css("::text").getall()).split() == ["25", "ноября", "2026", "9:07"]


def test_mosreg_article_has_the_agreed_markup_and_date(mirror: Mirror) -> None:
    url = mirror.article_url(
        "mosreg_mii", "tsentr-podderzhki-eksporta-podmoskovya-provel-biznes-missiyu-v-uzbekistan"
    )
    assert "/sobytiya/novosti-ministerstva/20-11-2026-16-42-10-" in url
    status, ctype, html = fetch(url)
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    sel = parsel.Selector(html)
    assert (
        sel.css(".page__header h1::text").get()
        == "Центр поддержки экспорта Подмосковья провёл бизнес-миссию в Узбекистан"
    )
    assert sel.css(".article__pubdate .article__pubdate-day::text").get() == "20 ноября"
    assert sel.css(".article__pubdate .article__pubdate-year::text").get() == "2026"
    assert sel.css("link[rel=canonical]::attr(href)").get() == url
    assert sel.css("meta[property='og:title']::attr(content)").get()
    assert sel.css(".article__inner p.article__lead")
    assert len(sel.css(".article__inner p")) >= 3
    assert re.fullmatch(
        r"/upload/files/(\w\w)/(\w\w)/\1\2\w+\.jpg", sel.css(".article__inner img::attr(src)").get()
    )
    assert sel.css(".header__date::text").get() == "Четверг, 26 ноября 2026"  # "today": a trap
    assert sel.css("aside.sidebar .other-news .event__pub-date")  # other dates: a trap


def test_generic_articles_carry_structured_dates(mirror: Mirror) -> None:
    sel = parsel.Selector(fetch(mirror.article_url("mosreg_invest_air", "6841"))[2])
    blocks = [json.loads(b) for b in sel.css("script[type='application/ld+json']::text").getall()]
    article = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert article["datePublished"] == "2026-11-25T17:05:00+03:00"
    assert sel.css("meta[property='og:title']::attr(content)").get() == article["headline"]

    export = mirror.releases("mosreg_export")[0]
    sel = parsel.Selector(fetch(mirror.app("mosreg_export").article_url(export))[2])
    assert (
        sel.css("meta[property='article:published_time']::attr(content)").get() == "2026-11-24T16:10:00+03:00"
    )
    assert sel.css("time.entry-date::attr(datetime)").get() == "2026-11-24T16:10:00+03:00"

    kurgan = mirror.releases("kurgan_gov")[0]
    sel = parsel.Selector(fetch(mirror.app("kurgan_gov").article_url(kurgan))[2])
    assert sel.css(".node .submitted span::attr(content)").get() == "2026-11-25T09:07:00+05:00"  # Kurgan time
    assert sel.css("h1#page-title::text").get() == kurgan.title
    assert len(sel.css(".node .field-name-body p")) == len(kurgan.paragraphs)


def test_rss_feed(mirror: Mirror) -> None:
    status, ctype, xml = fetch(mirror.listing_url("mosreg_mii") + "?format=rss")
    assert (status, ctype) == (200, "application/rss+xml; charset=utf-8")
    items = ET.fromstring(xml.encode()).findall("./channel/item")
    assert len(items) == len(mirror.releases("mosreg_mii"))
    assert items[0].findtext("pubDate") == "Wed, 25 Nov 2026 15:20:04 +0300"
    assert fetch(mirror.base_url("mosreg_export") + "/feed/")[0] == 200


@pytest.mark.parametrize("site", SITES)
def test_robots_txt(mirror: Mirror, site: str) -> None:
    status, ctype, text = fetch(mirror.base_url(site) + "/robots.txt")
    assert (status, ctype) == (200, "text/plain; charset=utf-8")
    assert "User-agent: *" in text
    assert "Disallow: /search" in text


@pytest.mark.parametrize("site", SITES)
def test_unknown_paths_answer_404_with_a_page(mirror: Mirror, site: str) -> None:
    status, ctype, html = fetch(mirror.base_url(site) + "/no/such/page")
    assert (status, ctype) == (404, "text/html; charset=utf-8")
    assert "Страница не найдена" in html


def test_mosreg_article_with_a_wrong_date_prefix_is_404(mirror: Mirror) -> None:
    slug = mirror.releases("mosreg_mii")[0].slug
    assert fetch(mirror.listing_url("mosreg_mii") + f"/01-01-2020-00-00-00-{slug}")[0] == 404


def test_request_log_records_paths(fresh_mirror: Mirror) -> None:
    fetch(fresh_mirror.listing_url("kurgan_gov") + "?page=1")
    fetch(fresh_mirror.base_url("kurgan_gov") + "/robots.txt")
    assert fresh_mirror.request_log("kurgan_gov") == ["/news?page=1", "/robots.txt"]
    assert fresh_mirror.request_log("mosreg_mii") == []


def test_demo_registry_is_valid_toml_pointing_at_the_mirror(mirror: Mirror, tmp_path: Path) -> None:
    path = write_demo_registry(mirror, tmp_path / "demo" / "sources.toml")
    entries = {e["name"]: e for e in tomllib.loads(path.read_text(encoding="utf-8"))["source"]}
    assert set(entries) == {f"demo_{s}" for s in SITES}
    for site in SITES:
        entry = entries[f"demo_{site}"]
        assert set(entry) <= REGISTRY_KEYS
        assert entry["allowed_domains"] == ["127.0.0.1"]
        if mirror.spec(site).home_only:  # the crawl finds the press section from the home page
            assert "start_urls" not in entry and entry["homepage"] == mirror.base_url(site) + "/"
        else:
            assert entry["start_urls"] == [mirror.listing_url(site)]
        assert entry["publisher_kind"] in ("ministry", "agency", "export_centre", "portal", "other")
        assert set(entry.get("selectors", {})) <= SELECTOR_KEYS
        assert entry["platform"] == LAYOUT_ENTRIES[mirror.spec(site).layout].platform
    assert entries["demo_mosreg_mii"]["platform"] == "mosreg_ministry"
    assert entries["demo_mosreg_mii"]["feed_url"].endswith("/sobytiya/novosti-ministerstva?format=rss")
    assert entries["demo_kurgan_gov"]["timezone"] == "Asia/Yekaterinburg"
    assert entries["demo_kurgan_gov"]["selectors"]["next_page"] == "li.pager-next a"
    assert mirror.spec("mosreg_export").home_only


def test_registry_selectors_match_the_served_markup(mirror: Mirror, tmp_path: Path) -> None:
    path = write_demo_registry(mirror, tmp_path / "sources.toml")
    for entry in tomllib.loads(path.read_text(encoding="utf-8"))["source"]:
        selectors = entry.get("selectors")
        if not selectors:
            continue
        site = entry["name"].removeprefix("demo_")
        sel = parsel.Selector(fetch(mirror.listing_url(site))[2])
        items = sel.css(selectors["item"])
        assert len(items) == mirror.spec(site).page_size, site
        assert all(i.css(selectors["link"] + "::attr(href)").get() for i in items), site
        assert all(
            re.search(r"2026", "".join(i.css(selectors["list_date"] + " ::text").getall())) for i in items
        )
        assert sel.css(selectors["next_page"]), site
        if "title" in selectors:
            article = parsel.Selector(fetch(mirror.app(site).article_url(mirror.releases(site)[0]))[2])
            assert article.css(selectors["title"]), site
            assert article.css(selectors["date"]), site
            assert article.css(selectors["body"] + " p"), site


def test_demo_registry_loads_with_the_project_loader(mirror: Mirror, tmp_path: Path) -> None:
    sources = pytest.importorskip("crawler.registry.sources")
    path = write_demo_registry(mirror, tmp_path / "sources.toml")
    try:
        loaded = sources.load_registry(path)
    except NotImplementedError:
        pytest.skip("crawler.registry.sources.load_registry is not written yet")
    assert {s.name for s in loaded} == {f"demo_{s}" for s in SITES}


def test_edit_release_changes_what_is_served(fresh_mirror: Mirror) -> None:
    release = fresh_mirror.releases("mosreg_mii")[1]
    url = fresh_mirror.article_url("mosreg_mii", release.slug)
    fresh_mirror.edit_release(
        "mosreg_mii",
        release.slug,
        title="Исправленный заголовок",
        body="Новый лид релиза.\n\nВторой абзац.\n\nТретий абзац.",
    )
    assert fresh_mirror.article_url("mosreg_mii", release.slug) == url  # same URL, new content
    sel = parsel.Selector(fetch(url)[2])
    assert sel.css(".page__header h1::text").get() == "Исправленный заголовок"
    assert sel.css(".article__inner p::text").getall() == [
        "Новый лид релиза.",
        "Второй абзац.",
        "Третий абзац.",
    ]
    assert "Исправленный заголовок" in fetch(fresh_mirror.listing_url("mosreg_mii"))[2]


def test_remove_release_unpublishes_it(fresh_mirror: Mirror) -> None:
    release = fresh_mirror.releases("kurgan_gov")[0]
    url = fresh_mirror.app("kurgan_gov").article_url(release)
    fresh_mirror.remove_release("kurgan_gov", release.slug)
    assert fetch(url)[0] == 404
    _, links = walk_listing(fresh_mirror, "kurgan_gov")
    assert url not in links
    assert len(links) == len(load_sites()["kurgan_gov"].releases) - 1


def test_add_release_publishes_it_first(fresh_mirror: Mirror) -> None:
    added = fresh_mirror.add_release(
        "mosreg_mii",
        {
            "title": "Новый индустриальный парк открылся в Подмосковье",
            "published": "2026-11-26T10:15:30",
            "body": "Первый абзац об инвестициях.\n\nВторой абзац.\n\nТретий абзац.",
        },
    )
    url = fresh_mirror.article_url("mosreg_mii", added.slug)
    assert url.endswith("/26-11-2026-10-15-30-novyy-industrialnyy-park-otkrylsya-v-podmoskove")
    _, links = walk_listing(fresh_mirror, "mosreg_mii")
    assert links[0] == url
    assert fetch(url)[0] == 200
    with pytest.raises(ValueError):
        fresh_mirror.add_release("mosreg_mii", {"title": "Без даты", "body": "Текст."})


def test_content_is_large_and_realistic_enough() -> None:
    sites = load_sites()
    releases = [r for spec in sites.values() for r in spec.releases]
    assert len(sites) >= 4 and len(releases) >= 45
    for r in releases:
        assert 3 <= len(r.paragraphs) <= 6, r.slug
        assert 600 <= r.text_length <= 2500, r.slug
        assert (r.published.year, r.published.month) in ((2026, 10), (2026, 11)), r.slug
    text = " ".join(p for r in releases for p in r.paragraphs).lower()
    for word in (
        "инвестиции",
        "инвестиций",
        "инвестициями",
        "инвестиционный",
        "экспорт",
        "экспорта",
        "экспортёров",
        "экспортеров",
    ):
        assert re.search(rf"\b{word}\b", text), word
    assert (
        "заместитель председателя правительства – министр инвестиций, промышленности и науки "
        "московской области екатерина зиновьева" in text
    )
    # the same release republished nearly verbatim by two sites under different titles
    by_body: dict[str, list[tuple[str, str]]] = {}
    for key, spec in sites.items():
        for r in spec.releases:
            by_body.setdefault(r.paragraphs[-1], []).append((key, r.title))
    shared = [v for v in by_body.values() if len({k for k, _ in v}) > 1]
    assert shared and all(len({t for _, t in v}) > 1 for v in shared)
