"""Old static sites page by year: the newest news on the listing page, each earlier year on an
archive page of its own («Архив новостей: 2011 | 2010»). With no pager on the page, the next page
is the newest year archive below this page's."""

from __future__ import annotations

import pytest

from crawler.discovery.anchors import url_kind
from crawler.discovery.pagination import find_next_page
from crawler.pages.tree import parse_html

DOMAINS = ("old.example",)


def year_page(year: int, years: list[int], href: str = "{y}.htm", this: str = "") -> str:
    rows = "".join(
        f'<p><a name="{m:02d}17"></a><b>17.{m:02d}.{year}</b><br>'
        f'<a href="{year}/{m:02d}17.htm">Состоялось заседание комиссии по вопросам номер {m}</a></p>'
        for m in range(5, 1, -1)
    )
    archive = " | ".join(
        f"<b>{y}</b>"
        if y == year and not this
        else f'<a href="{this if y == year else href.format(y=y)}">{y}</a>'
        for y in years
    )
    return (
        '<html><body><table><tr><td><a href="../index.htm">Главная</a></td>'
        f'<td><a href="#0517">май</a> <a href="#0417">апрель</a>{rows}<p>Архив новостей: {archive}</p>'
        "</td></tr></table></body></html>"
    )


def next_of(url: str, html: str) -> tuple[str, str] | None:
    found = find_next_page(url, parse_html(html, url), DOMAINS)
    return (found.url, found.method) if found else None


def test_the_listing_page_leads_to_the_newest_archive() -> None:
    url = "https://old.example/news/index.htm"
    html = year_page(2012, [2011, 2010])
    assert next_of(url, html) == ("https://old.example/news/2011.htm", "year")


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://old.example/news/2011.htm", "{y}.htm"),
        ("https://old.example/news/archive/2011.html", "{y}.html"),
        ("https://old.example/news/?year=2011", "?year={y}"),
    ],
)
def test_an_archive_page_leads_to_the_year_below(url: str, href: str) -> None:
    assert next_of(url, year_page(2011, [2012, 2011, 2010, 2009], href)) == (
        url.replace("2011", "2010"),
        "year",
    )
    # the year linked to the page itself, or only named in the URL
    linked = year_page(2011, [2012, 2011, 2010, 2009], href, this=url)
    assert next_of(url, linked) == (url.replace("2011", "2010"), "year")


def test_the_oldest_archive_is_the_last_page() -> None:
    assert next_of("https://old.example/news/2009.htm", year_page(2009, [2012, 2011, 2010, 2009])) is None


def test_a_paged_listing_does_not_walk_its_year_filter() -> None:
    url = "https://new.example/news/?PAGEN_1=5"
    html = year_page(2024, [2024, 2023], "/news/?year={y}").replace(
        "</td></tr>", '<div class="pager"><a href="/news/?PAGEN_1=4">4</a> <b>5</b></div></td></tr>'
    )
    found = find_next_page(url, parse_html(html, url), ("new.example",))
    assert found is None


def test_a_year_label_to_a_page_not_named_by_the_year_is_no_archive() -> None:
    url = "https://old.example/news/index.htm"
    assert next_of(url, year_page(2012, [2011], "about.htm")) is None


@pytest.mark.parametrize(
    "target",
    [
        "https://old.example/news/2010.htm",
        "https://old.example/news/archive/2010.html",
        "https://old.example/news/arhiv2010.htm",
        "https://old.example/news/2010/",
        "https://old.example/news/?year=2010",
    ],
)
def test_a_year_archive_is_no_release(target: str) -> None:
    assert url_kind(target, "https://old.example/news/index.htm") == "calendar"


@pytest.mark.parametrize(
    "target",
    ["https://old.example/news/2011/0517.htm", "https://old.example/news/item2010/", "https://a.ru/n/12010"],
)
def test_a_release_named_with_a_year_stays_a_release(target: str) -> None:
    assert url_kind(target, "https://old.example/news/index.htm") == "release"
