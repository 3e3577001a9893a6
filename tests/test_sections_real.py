"""The press-section search on real home pages (tests/fixtures/real-html/: saved home-page news
blocks of six regional governments, 2018): the first candidate is the site's news list."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.discovery.section_links import feed_links, section_links
from crawler.normalise.encoding import decode_html
from crawler.pages.tree import parse_html

REAL = Path(__file__).parent / "fixtures" / "real-html"


def page(name: str) -> str:
    return decode_html((REAL / name).read_bytes(), "text/html").text


@pytest.mark.parametrize(
    ("name", "home", "expected"),
    [
        (
            "kurganobl.ru__home-news-block-2018-03-18.html",
            "https://kurganobl.ru/",
            {"https://kurganobl.ru/news"},
        ),
        ("lenobl.ru__home-news-tabs-2018-03-18.html", "https://lenobl.ru/", {"https://lenobl.ru/news"}),
        (
            "permkrai.ru__home-news-2018-03-17.html",
            "http://www.permkrai.ru/",
            {"http://www.permkrai.ru/news/"},
        ),
        (
            "tatarstan.ru__home-events-2018-03-17.html",
            "http://tatarstan.ru/",
            {"http://tatarstan.ru/rus/index.htm/news/tape/"},
        ),
        # only article links (/news/29647 …) and a plain link to the feed: their parent is the list
        ("nso.ru__home-news-2018-03-23.html", "http://www.nso.ru/", {"http://www.nso.ru/news/"}),
        # three «Все новости» (agencies, the governor, the government): any is the portal's press
        (
            "gov.spb.ru__home-news-2018-03-18.html",
            "https://www.gov.spb.ru/",
            {f"https://www.gov.spb.ru/press/{part}/" for part in ("agency", "governor", "government")},
        ),
    ],
)
def test_the_first_candidate_is_the_news_list(name: str, home: str, expected: set[str]) -> None:
    links = section_links(home, parse_html(page(name), home))
    assert links and links[0].url in expected, [(link.url, link.label) for link in links[:3]]
    assert not any(link.url.rstrip("/") == links[0].url.rstrip("/") for link in links[1:])  # asked once


def test_a_feed_written_as_a_plain_link_is_found() -> None:
    html = page("nso.ru__home-news-2018-03-23.html")
    assert feed_links("http://www.nso.ru/", parse_html(html, "http://www.nso.ru/")) == [
        "http://www.nso.ru/rss.xml"
    ]
