"""A listing page with two pagers: the news list's (?PAGEN_2=N) and a sidebar widget's
(?PAGEN_1=N), the widget's first in the document. The main list's pager is followed."""

from __future__ import annotations

import pytest

from crawler.discovery.pagination import find_next_page
from crawler.pages.tree import parse_html

DOMAINS = ("invest.example",)


def pager(param: str, current: int, total: int) -> str:
    numbers = "".join(
        f'<li class="bx-active"><span>{n}</span></li>'
        if n == current
        else f'<li><a href="/press/news/?{param}={n}"><span>{n}</span></a></li>'
        for n in range(1, total + 1)
    )
    following = (
        f'<li class="bx-pag-next"><a href="/press/news/?{param}={current + 1}"><span>Вперед</span></a></li>'
        if current < total
        else ""
    )
    return f'<div class="bx-pagination"><ul>{numbers}{following}</ul></div>'


def bitrix_page(main: int, side: int = 1, label: str = "Вперед") -> str:
    cards = "".join(
        f'<div class="news-card"><div class="news-card__date">1{n}.03.2024</div>'
        f'<a class="news-card__title" href="/press/news/{main}{n}/">Инвестсовет обсудил проекты...</a>'
        "</div>"
        for n in range(4)
    )
    events = "".join(
        f'<div class="event"><a href="/events/{side}{n}/">Форум инвесторов {n}</a></div>' for n in range(2)
    )
    html = (
        f'<html><body><div class="row"><div class="col-side"><div class="events">{events}'
        f'{pager("PAGEN_1", side, 3)}</div></div><div class="col-main"><div class="news-list">{cards}</div>'
        f"{pager('PAGEN_2', main, 4)}</div></div></body></html>"
    )
    return html.replace(">Вперед<", f">{label}<")


def next_of(url: str, html: str) -> str | None:
    found = find_next_page(url, parse_html(html, url), DOMAINS)
    return found.url if found else None


@pytest.mark.parametrize("label", ["Вперед", ""])  # the «next» link, else the numbers
@pytest.mark.parametrize("current", [1, 2])
def test_the_main_lists_pager_is_followed(current: int, label: str) -> None:
    url = "https://invest.example/press/news/" + ("" if current == 1 else f"?PAGEN_2={current}")
    assert (
        next_of(url, bitrix_page(current, label=label))
        == f"https://invest.example/press/news/?PAGEN_2={current + 1}"
    )


def test_the_last_page_does_not_go_on_by_the_widgets_pager() -> None:
    url = "https://invest.example/press/news/?PAGEN_2=4"
    assert next_of(url, bitrix_page(4)) is None
