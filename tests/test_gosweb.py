"""The ГосВеб adapter (crawler/pages/gosweb.py) on the real news list of ulmeria.gosuslugi.ru
(tests/fixtures/real-html), NetCat's ?cur_cc=&curPos= paging, and the guessed article defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crawler.discovery.pagination import describe, find_next_page
from crawler.normalise.dates import parse_date
from crawler.normalise.release import build_release
from crawler.pages import get_page_object
from crawler.pages.gosweb import BROWSER_ONLY
from crawler.pages.tree import parse_html
from crawler.registry.sources import Selectors, Source

REAL = (
    Path(__file__).parent
    / "fixtures"
    / "real-html"
    / "ulmeria.gosuslugi.ru__gosweb-news-list-2026-09-15.html"
)
LIST = "https://ulmeria.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/"
ZONE = "Europe/Ulyanovsk"  # UTC+4
CAPTURED = dt.datetime(2026, 9, 15, 14, 0, tzinfo=dt.UTC)


def source(selectors: Selectors | None = None) -> Source:
    return Source(
        name="ulmeria",
        title="Администрация города Ульяновска",
        region="Ульяновская область",
        publisher_kind="municipality",
        timezone=ZONE,
        start_urls=(LIST,),
        platform="gosweb",
        selectors=selectors or Selectors(),
    )


def test_real_gosweb_list_by_the_adapter() -> None:
    listing = get_page_object("gosweb").listing(LIST, REAL.read_text(encoding="utf-8"), source())
    assert [link.url.removeprefix(LIST) for link in listing.links] == [
        "novosti-193_6946.html",
        "novosti-193_6945.html",
        "novosti-193_6944.html",
    ]
    assert (
        listing.links[0].title == "Концерты, фотоконкурс, экскурсии и футбол: афиша Ульяновска на эту неделю"
    )
    assert [link.date_text for link in listing.links] == [
        "2026-09-15 16:04:27",
        "2026-09-15 15:49:27",
        "2026-09-15 14:40:20",
    ]
    assert not any("filter" in link.url for link in listing.links)
    assert listing.links_method == "selectors"
    # no pager link in this HTML: paging may happen in the browser; no URL is invented
    assert listing.next_page is None and listing.next_method == BROWSER_ONLY


def test_microdata_date_is_local_time_of_the_source() -> None:
    """«2026-09-15 16:04:27» has no offset: it is 16:04 in Ульяновск (12:04 UTC), whatever the fetch time."""
    for now in (CAPTURED, CAPTURED + dt.timedelta(days=30)):
        parsed = parse_date("2026-09-15 16:04:27", ZONE, now)
        assert parsed is not None
        assert (parsed.local_date, parsed.local_time) == (dt.date(2026, 9, 15), dt.time(16, 4, 27))
        assert parsed.utc == dt.datetime(2026, 9, 15, 12, 4, 27, tzinfo=dt.UTC)


def test_listing_date_of_a_card_dates_an_undated_detail_page() -> None:
    page = (
        "<html><head><title>Афиша</title></head><body><h1 class='tpl-text-header1'>Концерты и футбол</h1>"
        "<div class='tpl-component-gw-base-text'><p class='tpl-text-default'>По поручению главы города "
        "учреждения подготовили для жителей насыщенную программу мероприятий на неделю.</p></div>"
        "</body></html>"
    )
    url = f"{LIST}novosti-193_6946.html"
    raw = get_page_object("gosweb").extract(url, page, source())
    assert raw.title == "Концерты и футбол"
    assert raw.methods["body"] == "selector"
    release = build_release(raw, source(), fetched_at=CAPTURED, listing_date_text="2026-09-15 16:04:27")
    assert (release.published_date, release.published_time) == ("2026-09-15", "16:04")
    assert release.methods["date"] == "listing"


def test_cards_without_microdata_use_the_date_stamp_title() -> None:
    cards = "".join(
        f"<div class='object-item'><div class='item-info'><span class='item-date' title='1{n} сентября 2026 "
        f"10:00'>Вчера, 10:00</span><h2 class='object-item-title'><a href='/news/novosti-1_{n}.html'>"
        f"Новость номер {n} о работе администрации</a></h2></div></div>"
        for n in range(3)
    )
    html = f"<html><body><div class='tpl-block-list-objects'>{cards}</div></body></html>"
    listing = get_page_object("gosweb").listing(LIST, html, source())
    assert [link.date_text for link in listing.links] == [f"1{n} сентября 2026 10:00" for n in range(3)]
    assert listing.links[2].url == "https://ulmeria.gosuslugi.ru/news/novosti-1_2.html"


def pager(current: int, component: int = 115) -> str:
    numbers = "".join(
        f"<a href='?cur_cc={component}&amp;curPos={offset}'>{offset // 10 + 1}</a>"
        if offset != current
        else f"<span>{offset // 10 + 1}</span>"
        for offset in (0, 10, 20)
    )
    other = "<a href='?cur_cc=99&amp;curPos=5'>Документы</a>"  # another component's list on the page
    return f"<html><body><div class='pagination'>{numbers}</div>{other}</body></html>"


def test_netcat_offset_paging() -> None:
    first = find_next_page(LIST, parse_html(pager(0), LIST), ("ulmeria.gosuslugi.ru",))
    assert first is not None and first.url == f"{LIST}?cur_cc=115&curPos=10"
    second_url = f"{LIST}?cur_cc=115&curPos=10"
    second = find_next_page(second_url, parse_html(pager(10), second_url), ("ulmeria.gosuslugi.ru",))
    assert second is not None and second.url == f"{LIST}?cur_cc=115&curPos=20"
    last_url = f"{LIST}?cur_cc=115&curPos=20"
    assert find_next_page(last_url, parse_html(pager(20), last_url), ("ulmeria.gosuslugi.ru",)) is None
    assert describe(LIST, first.url) == "?cur_cc=115&curPos=N (offset, step 10)"


def test_offset_step_without_labels() -> None:
    """Only arrows, no numbers: the offset step finds the next offset of the same component."""
    url = f"{LIST}?cur_cc=115&curPos=10"
    html = (
        "<html><body><a href='?cur_cc=115&amp;curPos=0'>‹</a> <a href='?cur_cc=115&amp;curPos=20'>›</a>"
        "<a href='?cur_cc=7&amp;curPos=11'>x</a></body></html>"
    )
    found = find_next_page(url, parse_html(html, url), ("ulmeria.gosuslugi.ru",))
    assert found is not None and found.url == f"{LIST}?cur_cc=115&curPos=20"


def test_cards_with_a_pager_link_page_on_the_server() -> None:
    html = REAL.read_text(encoding="utf-8").replace(
        "</body>",
        "<div class='pagination'><span>1</span><a href='?cur_cc=115&amp;curPos=10'>2</a></div></body>",
    )
    listing = get_page_object("gosweb").listing(LIST, html, source())
    assert listing.next_page == f"{LIST}?cur_cc=115&curPos=10"
    assert listing.next_method == "numbered"
