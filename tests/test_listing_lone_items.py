"""The last page of a pager may hold one or two releases, each in a block of its own (Joomla K2
puts the first items of a page in #itemListLeading and the rest in #itemListPrimary): with no
list on the page, the dated, headed single items are its releases."""

from __future__ import annotations

from crawler.discovery.listing import listing_by_heuristic
from crawler.pages.tree import parse_html

URL = "https://k2.example/news?start=15"
DOMAINS = ("k2.example",)


def k2_item(n: int, group: str) -> str:
    href = f"/news/item/{100 + n}-novost-{n}"
    return (
        f'<div class="itemContainer itemContainerLast"><div class="catItemView group{group}">'
        '<div class="catItemHeader">'
        f'<span class="catItemDateCreated">Среда, {n + 1:02d} марта 2024 10:00</span>'
        f'<h3 class="catItemTitle"><a href="{href}">Министерство провело совещание по теме {n}</a></h3></div>'
        '<div class="catItemBody">'
        f'<span class="catItemImage"><a href="{href}"><img src="/i/{n}.jpg"></a></span>'
        f'<div class="catItemIntroText"><p>Текст анонса новости номер {n}.</p></div></div>'
        f'<div class="catItemReadMore"><a class="k2ReadMore" href="{href}">Подробнее...</a></div></div></div>'
    )


def k2_page(leading: list[int], primary: list[int]) -> str:
    return (
        '<html><body><div class="itemListView"><div class="itemList">'
        f'<div id="itemListLeading">{"".join(k2_item(n, "Leading") for n in leading)}</div>'
        f'<div id="itemListPrimary">{"".join(k2_item(n, "Primary") for n in primary)}</div></div>'
        '<div class="k2Pagination"><a href="/news?start=10" class="pagenav">3</a><span>4</span></div>'
        "</div></body></html>"
    )


def urls(html: str) -> list[str]:
    return [link.url for link in listing_by_heuristic(URL, parse_html(html, URL), DOMAINS)]


def test_one_leading_and_one_primary_item() -> None:
    assert urls(k2_page([15], [16])) == [
        "https://k2.example/news/item/115-novost-15",
        "https://k2.example/news/item/116-novost-16",
    ]


def test_a_page_with_a_single_release() -> None:
    links = listing_by_heuristic(URL, parse_html(k2_page([15], []), URL), DOMAINS)
    assert [(link.url, link.title) for link in links] == [
        ("https://k2.example/news/item/115-novost-15", "Министерство провело совещание по теме 15")
    ]
    assert links[0].date_text and "2024" in links[0].date_text


def test_an_undated_lone_link_is_no_release() -> None:
    html = k2_page([15], []).replace("Среда, 16 марта 2024 10:00", "")
    assert urls(html) == []


def test_a_lone_item_in_a_sidebar_is_no_release() -> None:
    html = k2_page([15], []).replace('<div class="itemListView">', '<div class="sidebar">')
    assert urls(html) == []
