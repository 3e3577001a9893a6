"""A page's <base href> decides where its relative links lead (MODX and Joomla templates set it
on every page, and write their links relative to it): listing links, pagination and an article's
own links."""

from __future__ import annotations

from crawler.discovery.listing import listing_by_heuristic
from crawler.discovery.pagination import find_next_page
from crawler.pages.links import document_base
from crawler.pages.tree import PageTree, parse_html

URL = "https://fund.example/press/news/?page=1"
DOMAINS = ("fund.example",)


def modx_listing(base: str = "https://fund.example/") -> str:
    items = "".join(
        f'<div class="news-item"><span class="date">{n:02d}.03.2024</span>'
        f'<h3><a href="press/news/event-{n}.html">Фонд провёл встречу с предпринимателями {n}</a></h3></div>'
        for n in range(1, 6)
    )
    pager = (
        '<ul class="pagination"><li class="active"><span>1</span></li>'
        '<li><a href="press/news/?page=2">2</a></li><li><a href="press/news/?page=3">3</a></li></ul>'
    )
    return (
        f'<html><head><base href="{base}"><title>Новости</title></head>'
        f'<body><div class="news-list">{items}</div>{pager}</body></html>'
    )


def test_document_base_is_the_base_element_resolved_against_the_url() -> None:
    root = parse_html(modx_listing("/"), URL).root
    assert document_base(root, URL) == "https://fund.example/"
    assert document_base(parse_html("<html><body>x</body></html>", URL).root, URL) == URL
    # a base that is no web address is ignored
    assert document_base(parse_html(modx_listing("javascript:void(0)"), URL).root, URL) == URL


def test_listing_links_resolve_against_the_base_element() -> None:
    links = listing_by_heuristic(URL, parse_html(modx_listing(), URL), DOMAINS)
    assert [link.url for link in links] == [
        f"https://fund.example/press/news/event-{n}.html" for n in range(1, 6)
    ]


def test_pagination_resolves_against_the_base_element() -> None:
    found = find_next_page(URL, parse_html(modx_listing(), URL), DOMAINS)
    assert found is not None
    assert found.url == "https://fund.example/press/news/?page=2"


def test_page_tree_resolver_honours_the_base_element() -> None:
    tree = PageTree(modx_listing(), URL)
    assert tree.resolver(URL)("files/report.pdf") == "https://fund.example/files/report.pdf"
