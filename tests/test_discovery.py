# ruff: noqa: E501  (tables of markup read better unwrapped)
"""Discovery on saved markup: pagination detection, feeds, sitemaps, the crawl plan; encodings; verdicts."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.discovery.feeds import autodiscover, candidate_feeds, parse_feed
from crawler.discovery.flow import DiscoveryFlow
from crawler.discovery.pagination import describe, find_next_page, page_number, with_page
from crawler.discovery.platform import guess_platform
from crawler.discovery.sitemaps import article_prefixes, parse_sitemap, section_prefixes, select_entries
from crawler.normalise.encoding import declared_charset, decode_html
from crawler.pages.base import Listing, ListingLink
from crawler.pages.common import parse_html
from crawler.pages.verdict import html_verdict, page_verdict
from crawler.registry.sources import Source

BASE = "https://example.ru/news/"


def next_of(url: str, body: str, selector: str | None = None) -> tuple[str | None, str | None]:
    found = find_next_page(
        url, parse_html(f"<html><body>{body}</body></html>", url), ("example.ru",), selector
    )
    return (found.url, found.method) if found else (None, None)


# --- pagination ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body", "expected", "method"),
    [
        # rel=next, as <link> or <a>
        (BASE, '<link rel="next" href="?page=2"><a href="/x">x</a>', f"{BASE}?page=2", "rel_next"),
        # «Следующая», «Далее», «»», «следующая ›» (Drupal, 0-based: the 2nd page is ?page=1)
        (BASE, '<a href="?page=1">1</a> <a href="?page=2">Следующая</a>', f"{BASE}?page=2", "text"),
        (BASE, '<a href="/news/page/2/">Далее</a>', "https://example.ru/news/page/2/", "text"),
        (BASE, '<a href="?curPos=10">»</a>', f"{BASE}?curPos=10", "text"),
        ("https://example.ru/news", '<li class="pager-next"><a href="/news?page=1">следующая ›</a></li>',
         "https://example.ru/news?page=1", "text"),
        # Bitrix: a class only (the text is an arrow image)
        (BASE, '<a class="modern-page-next" href="?PAGEN_1=2"><img alt=""></a>', f"{BASE}?PAGEN_1=2", "class"),
        # numbered pager: the current page is an unlinked number, the next is current + 1
        (f"{BASE}?PAGEN_1=2", '<div class="nav"><a href="?PAGEN_1=1">1</a> <b>2</b> <a href="?PAGEN_1=3">3</a></div>',
         f"{BASE}?PAGEN_1=3", "numbered"),
        # numbered, 0-based URLs labelled from 1 (Drupal): page label 1 is current on the bare URL
        ("https://example.ru/news", '<ul><li>1</li><li><a href="/news?page=1">2</a></li></ul>',
         "https://example.ru/news?page=1", "numbered"),
        # numbered, 1-based: the link to this very page is labelled 2
        (f"{BASE}?page=2", '<a href="?page=1">1</a><a href="?page=2">2</a><a href="?page=3">3</a>',
         f"{BASE}?page=3", "numbered"),
    ],
)  # fmt: skip
def test_next_page_is_detected(url: str, body: str, expected: str, method: str) -> None:
    assert next_of(url, body) == (expected, method)


@pytest.mark.parametrize(
    "body",
    [
        "",  # no pager at all
        '<a href="?page=1">1</a> <span class="current">2</span>',  # the last page
        '<div class="item"><a href="/news/123.html">Далее</a></div>',  # "read more" to an article
        '<a href="https://other.ru/news/?page=2">Следующая</a>',  # off-site
        '<a href="/news/">»</a>',  # a link back to this page
        '<nav class="post-navigation"><a href="/news/other/">Следующая запись</a></nav>',
    ],
)
def test_no_next_page(body: str) -> None:
    assert next_of(BASE, body) == (None, None)


def test_configured_selector_wins_and_bad_selector_is_named() -> None:
    body = '<a class="go" href="?p=7">x</a><a rel="next" href="?page=2">y</a>'
    assert next_of(BASE, body, "a.go") == (f"{BASE}?p=7", "selector")
    with pytest.raises(ValueError, match="invalid CSS selector"):
        next_of(BASE, body, "a[[")


def test_page_numbers_and_descriptions() -> None:
    assert page_number("https://x.ru/n/?PAGEN_1=3") is not None
    number = page_number("https://x.ru/news/page/4/")
    assert number is not None and number.value == 4
    assert with_page("https://x.ru/news/page/4/", number, 5) == "https://x.ru/news/page/5/"
    assert page_number("https://x.ru/news/2024/") is None
    assert describe("https://x.ru/news", "https://x.ru/news?page=1") == "?page=N (0-based)"
    assert describe("https://x.ru/news", "https://x.ru/news?page=2") == "?page=N (1-based)"
    assert describe("https://x.ru/n/", "https://x.ru/n/?PAGEN_1=2") == "?PAGEN_1=N (1-based)"
    assert describe("https://x.ru/n/", "https://x.ru/n/page/2/") == "/page/N/"


# --- the crawl plan: depth, repeats --------------------------------------------------------------


def source(**extra: object) -> Source:
    values: dict = {"name": "s", "title": "t", "region": "r", "publisher_kind": "ministry", "timezone": "Europe/Moscow",
                    "start_urls": ("https://example.ru/news",), "platform": "generic"}  # fmt: skip
    return Source(**{**values, **extra})


def listing(urls: list[str], following: str | None) -> Listing:
    return Listing(links=tuple(ListingLink(url=u) for u in urls), next_page=following)


def test_flow_stops_on_repeats_and_at_the_depth_limit() -> None:
    flow = DiscoveryFlow.for_source(source(), max_pages=3)
    first = flow.after_listing(
        "https://example.ru/news", listing(["/a", "/b"], "https://example.ru/news?page=2"), 1
    )
    assert first.follow == "https://example.ru/news?page=2" and first.new_links == 2
    # a pager that repeats the same releases on the next page
    again = flow.after_listing(
        "https://example.ru/news?page=2", listing(["/a", "/b"], "https://example.ru/news?page=3"), 2
    )
    assert (again.follow, again.stop_reason) == (None, "repeat_links")
    # a next link back to a page already seen
    flow = DiscoveryFlow.for_source(source(), max_pages=10)
    flow.after_listing("https://example.ru/news", listing(["/a"], "https://example.ru/news?page=2"), 1)
    back = flow.after_listing("https://example.ru/news?page=2", listing(["/b"], "https://example.ru/news"), 2)
    assert back.stop_reason == "repeat_page"
    # the configurable depth
    flow = DiscoveryFlow.for_source(source(max_pages=1))
    assert (
        flow.after_listing(
            "https://example.ru/news", listing(["/a"], "https://example.ru/news?page=2"), 1
        ).stop_reason
        == "depth_limit"
    )
    assert flow.after_listing("https://example.ru/x", listing(["/c"], None), 1).stop_reason == "last_page"


def test_flow_asks_for_the_feed_once_and_learns_the_section() -> None:
    flow = DiscoveryFlow.for_source(
        source(feed_url="https://example.ru/rss.xml", sitemap_url="https://example.ru/sitemap.xml")
    )
    assert flow.feed_to_request(()) == "https://example.ru/rss.xml"
    assert flow.feed_to_request(("https://example.ru/other.rss",)) is None
    flow.after_listing(
        "https://example.ru/news",
        listing(["https://example.ru/content/a-b", "https://example.ru/content/c"], None),
        1,
    )
    assert flow.section() == ("/news/", "/content/")
    assert flow.sitemap_to_request() == "https://example.ru/sitemap.xml" and flow.sitemap_to_request() is None
    assert DiscoveryFlow.since(30, dt.datetime(2026, 3, 31, tzinfo=dt.UTC)) == dt.date(2026, 3, 1)
    assert DiscoveryFlow.since(0) is None
    announced = DiscoveryFlow.for_source(source())
    assert announced.feed_to_request(("https://example.ru/feed/",)) == "https://example.ru/feed/"


# --- feeds ---------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title>
<item><title>Первая</title><link>https://example.ru/news/1/</link><pubDate>Wed, 25 Nov 2026 15:20:04 +0300</pubDate></item>
<item><title>Вторая</title><link>/news/2/</link><pubDate>Tue, 24 Nov 2026 11:05:37 +0300</pubDate></item>
<item><title>Чужая</title><link>https://elsewhere.ru/x</link></item></channel></rss>"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title>
<entry><title>А</title><link rel="alternate" href="https://example.ru/a"/><published>2026-11-25T15:20:04+03:00</published></entry>
<entry><title>Б</title><link href="https://example.ru/b"/><updated>2026-11-24T10:00:00Z</updated></entry></feed>"""
RDF = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><item><title>В</title><link>https://example.ru/c</link>
 <dc:date>2026-11-23</dc:date></item></rdf:RDF>"""


def test_feeds_rss_atom_rdf() -> None:
    rss = parse_feed(RSS.encode("cp1251"), "https://example.ru/rss/")
    assert rss is not None and rss.kind == "rss" and rss.title == "Новости"
    assert [(i.url, i.title, i.date_text) for i in rss.items[:2]] == [
        ("https://example.ru/news/1/", "Первая", "Wed, 25 Nov 2026 15:20:04 +0300"),
        ("https://example.ru/news/2/", "Вторая", "Tue, 24 Nov 2026 11:05:37 +0300"),
    ]
    atom = parse_feed(ATOM, "https://example.ru/feed")
    assert atom is not None and [(i.url, i.date_text) for i in atom.items] == [
        ("https://example.ru/a", "2026-11-25T15:20:04+03:00"),
        ("https://example.ru/b", "2026-11-24T10:00:00Z"),
    ]
    rdf = parse_feed(RDF, "https://example.ru/rdf")
    assert rdf is not None and rdf.kind == "rdf" and rdf.items[0].date_text == "2026-11-23"
    assert parse_feed("<html><body>нет</body></html>", "https://example.ru/") is None
    assert parse_feed(b"", "https://example.ru/") is None


def test_feed_autodiscovery_and_usual_places() -> None:
    page = parse_html(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="https://example.ru/atom">'
        '<link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" href="/s.css"></head></html>',
        "https://example.ru/news/",
    )
    assert autodiscover("https://example.ru/news/", page) == (
        "https://example.ru/rss.xml",
        "https://example.ru/atom",
    )
    candidates = candidate_feeds("https://mii.mosreg.ru/sobytiya/novosti-ministerstva")
    assert candidates[0] == "https://mii.mosreg.ru/sobytiya/novosti-ministerstva?format=rss"
    assert {
        "https://mii.mosreg.ru/bitrix/rss.php",
        "https://mii.mosreg.ru/feed/",
        "https://mii.mosreg.ru/rss.xml",
    } <= set(candidates)


# --- sitemaps ------------------------------------------------------------------------------------

INDEX = """<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.ru/sitemap-news.xml.gz</loc><lastmod>2026-11-25</lastmod></sitemap>
<sitemap><loc>https://example.ru/sitemap-2019.xml</loc><lastmod>2019-12-31T10:00:00+03:00</lastmod></sitemap>
<sitemap><loc>https://cdn.other.ru/sitemap.xml</loc></sitemap></sitemapindex>"""
URLSET = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.ru/news/</loc><lastmod>2026-11-25</lastmod></url>
<url><loc>https://example.ru/news/123/</loc><lastmod>2026-11-25T12:00:00+03:00</lastmod></url>
<url><loc>https://example.ru/news/100/</loc><lastmod>2024-01-10</lastmod></url>
<url><loc>https://example.ru/content/novyy-zavod</loc></url>
<url><loc>https://example.ru/about/</loc><lastmod>2026-11-20</lastmod></url></urlset>"""


def test_sitemap_index_and_urlset_with_lastmod_and_section() -> None:
    index = parse_sitemap(INDEX.encode(), "https://example.ru/sitemap.xml")
    assert index is not None and index.kind == "index" and len(index.entries) == 3
    kept = select_entries(index, (), ("example.ru",), since=dt.date(2026, 1, 1))
    assert [entry.url for entry in kept] == ["https://example.ru/sitemap-news.xml.gz"]
    urlset = parse_sitemap(gzip.compress(URLSET.encode()), "https://example.ru/sitemap-news.xml.gz")
    assert urlset is not None and urlset.kind == "urlset"
    prefixes = section_prefixes(["https://example.ru/news"]) + article_prefixes(
        ["https://example.ru/content/x"]
    )
    assert prefixes == ("/news/", "/content/")
    everything = select_entries(urlset, prefixes, ("example.ru",))
    assert [e.url for e in everything] == [
        "https://example.ru/news/123/",
        "https://example.ru/news/100/",
        "https://example.ru/content/novyy-zavod",
    ]  # the listing itself and /about/ are not releases
    recent = select_entries(urlset, prefixes, ("example.ru",), since=dt.date(2026, 1, 1))
    assert [e.url for e in recent] == [
        "https://example.ru/news/123/",
        "https://example.ru/content/novyy-zavod",
    ]
    assert parse_sitemap(b"<html></html>", "https://example.ru/") is None
    assert parse_sitemap(b"\x1f\x8bbroken", "https://example.ru/") is None


# --- encodings -----------------------------------------------------------------------------------

TEXT = "<html><head>{meta}</head><body><p>Министерство экономического развития сообщает о новых мерах поддержки инвесторов.</p></body></html>"


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "utf-8"])
@pytest.mark.parametrize(
    "meta",
    [
        "",
        '<meta charset="{codec}">',
        '<meta charset="koi8-r">',
        '<meta charset="windows-1251">',
        '<meta charset="utf-8">',
    ],
)
def test_pages_decode_whatever_they_declare(codec: str, meta: str) -> None:
    html = TEXT.format(meta=meta.format(codec=codec))
    decoded = decode_html(html.encode(codec))
    assert decoded.text == html
    assert decoded.encoding == codec


def test_http_header_charset_and_bom() -> None:
    assert declared_charset(b"<html>", "text/html; charset=Windows-1251") == "cp1251"
    assert declared_charset(b'<?xml version="1.0" encoding="koi8-r"?><rss/>') == "koi8-r"
    assert declared_charset(b"<meta charset=bogus>") is None
    wrong_header = decode_html(TEXT.format(meta="").encode("koi8-r"), "text/html; charset=windows-1251")
    assert "Министерство" in wrong_header.text and wrong_header.method == "detected"
    assert decode_html("\ufeff<p>Привет</p>".encode()).text == "<p>Привет</p>"
    assert decode_html(b"<p>ascii</p>").method == "ascii"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.text(max_size=30))
def test_decoding_never_raises(body: bytes, content_type: str) -> None:
    assert isinstance(decode_html(body, content_type).text, str)


# --- verdicts and platforms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "title", "text", "verdict"),
    [
        (403, "403", "Ваш запрос показался нам подозрительным и был заблокирован!", "block_page"),
        (460, "", "", "block_page"),
        (200, "Проверка", "Подтвердите, что вы не робот", "block_page"),
        (503, "Сайт недоступен", "", "maintenance"),
        (
            200,
            "Технические работы",
            "На сайте ведутся технические работы. Приносим извинения.",
            "maintenance",
        ),
        (404, "Не найдено", "Страница не найдена", "http_404"),
        (200, "Новая линия водопровода", "Технические работы на сети завершены. " * 30, None),
        (
            200,
            "Итоги конкурса",
            "Для голосования используется защита reCAPTCHA. " + "Текст релиза. " * 300,
            None,
        ),
    ],
)
def test_page_verdicts(status: int, title: str, text: str, verdict: str | None) -> None:
    assert page_verdict(status, title, text) == verdict


def test_html_verdict_reads_title_and_body() -> None:
    page = "<html><head><title>Доступ ограничен</title></head><body><p>Попробуйте позже</p></body></html>"
    assert html_verdict(200, page) == "block_page"
    assert html_verdict(200, "<html><body><p>Обычная страница новостей</p></body></html>") is None


@pytest.mark.parametrize(
    ("url", "html", "platform"),
    [
        (
            "https://mii.mosreg.ru/sobytiya/novosti-ministerstva",
            '<div class="news-list-page__item">',
            "mosreg_ministry",
        ),
        ("https://permkrai.ru/news/", '<script src="/bitrix/js/main/core.js">', "bitrix"),
        ("https://kurganobl.ru/news", '<script src="/misc/drupal.js">', "drupal"),
        ("https://x.ru/news/", '<link href="/wp-content/themes/a/style.css">', "wordpress"),
        ("https://a-r19.gosweb.gosuslugi.ru/", '<img src="/netcat_files/1/2/a.jpg">', "gosweb"),
        ("https://x.ru/", "<p>plain</p>", "generic"),
    ],
)
def test_platform_guess(url: str, html: str, platform: str) -> None:
    assert guess_platform(url, html)[0] == platform
