"""Pagers that keep the page number in the path: WordPress's /page/2/, HostCMS's /page-2/ (its
information systems page as /news/page-2/, /news/page-3/), and /page_2/."""

from __future__ import annotations

import pytest

from crawler.discovery.anchors import url_kind
from crawler.discovery.pagination import PageNumber, describe, find_next_page, page_number, with_page
from crawler.pages.tree import parse_html

DOMAINS = ("agency.example",)


def hostcms_listing(current: int, pages: int = 3) -> str:
    items = "".join(
        f'<div class="news-item"><div class="date">1{n}.02.2024</div>'
        f'<a href="/news/{current}{n}/">Агентство подвело итоги конкурса проектов {n}</a></div>'
        for n in range(4)
    )
    hrefs = {n: "/news/" if n == 1 else f"/news/page-{n}/" for n in range(1, pages + 1)}
    numbers = "".join(
        f"<span class='current'>{n}</span>" if n == current else f'<a href="{href}">{n}</a>'
        for n, href in hrefs.items()
    )
    return f'<html><body><div class="news">{items}</div><div class="pages">{numbers}</div></body></html>'


@pytest.mark.parametrize(
    ("url", "value", "following"),
    [
        ("https://a.example/news/page-2/", 2, "https://a.example/news/page-3/"),
        ("https://a.example/news/page_4", 4, "https://a.example/news/page_5"),
        ("https://a.example/blog/page/7/", 7, "https://a.example/blog/page/8/"),
    ],
)
def test_page_number_in_the_path(url: str, value: int, following: str) -> None:
    number = page_number(url)
    assert isinstance(number, PageNumber) and (number.kind, number.value) == ("path", value)
    assert with_page(url, number, value + 1) == following


def test_a_slug_ending_in_digits_is_no_page_number() -> None:
    assert page_number("https://a.example/news/homepage-2024/") is None
    assert page_number("https://a.example/news/page-2/item/") is None


@pytest.mark.parametrize("current", [1, 2])
def test_hostcms_path_pager_is_followed(current: int) -> None:
    url = "https://agency.example/news/" + ("" if current == 1 else f"page-{current}/")
    found = find_next_page(url, parse_html(hostcms_listing(current), url), DOMAINS)
    assert found is not None
    assert found.url == f"https://agency.example/news/page-{current + 1}/"


def test_a_path_pager_page_is_not_a_release() -> None:
    assert url_kind("https://agency.example/news/page-2/", "https://agency.example/news/") != "release"


def test_describe_names_the_path_form() -> None:
    assert describe("https://a.example/news/", "https://a.example/news/page-2/") == "/page-N/"
