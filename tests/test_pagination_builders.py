"""Pagination of page-builder sites: each listing page a page of its own (/news, /news2), and
buttons whose label the HTML parser moves out of the link (a table inside an <a>)."""

from __future__ import annotations

import pytest

from crawler.discovery.pagination import find_next_page, numbered_sibling
from crawler.pages.tree import parse_html

BUTTON = (
    '<div class="t-btnwrapper"><a href="{href}" class="t-btn"><table role="presentation"><tr>'
    "<td>{label}</td></tr></table></a></div>"
)


def page(href: str, label: str = "Следующая страница") -> str:
    items = "".join(f'<div class="t-item"><a href="/tpost/{n}">Новость {n}</a></div>' for n in range(3))
    return f"<html><body>{items}{BUTTON.format(href=href, label=label)}</body></html>"


@pytest.mark.parametrize(
    ("target", "url", "expected"),
    [
        ("https://a.ru/news2", "https://a.ru/news", True),
        ("https://a.ru/news-2", "https://a.ru/news", True),
        ("https://a.ru/news3", "https://a.ru/news2", True),
        ("https://a.ru/news5", "https://a.ru/news", False),
        ("https://a.ru/news/2021", "https://a.ru/news", False),
        ("https://a.ru/tpost/2", "https://a.ru/news", False),
        ("https://a.ru/news2", "https://a.ru/", False),
    ],
)
def test_numbered_sibling(target: str, url: str, expected: bool) -> None:
    assert numbered_sibling(target, url) is expected


def test_a_button_whose_label_the_parser_moved_leads_to_the_next_page() -> None:
    url = "https://builder.example/news"
    found = find_next_page(url, parse_html(page("/news2"), url), ("builder.example",))
    assert found is not None and (found.url, found.method) == ("https://builder.example/news2", "text")


def test_a_button_to_an_article_or_another_label_is_no_next_page() -> None:
    url = "https://builder.example/news"
    for html in (page("/tpost/77"), page("/news2", label="Подписаться на рассылку")):
        found = find_next_page(url, parse_html(html, url), ("builder.example",))
        assert found is None
