"""The structural listing heuristic (crawler.discovery.listing), rule by rule, on small pages in the
markup of the CMS families it meets: the headline among category, tag, author, «Подробнее» and
thumbnail links; the main list, not «other news», «Популярное» or a calendar; date-less lists;
schema.org microdata and JSON-LD."""

from __future__ import annotations

import json

from crawler.discovery.anchors import url_kind
from crawler.discovery.listing import listing_by_heuristic
from crawler.pages.base import ListingLink
from crawler.pages.tree import parse_html

SITE = "https://minek.example.ru"
LIST = f"{SITE}/press/news/"
TITLES = [
    "Инвестиционный совет одобрил семь проектов на 12 млрд рублей",
    "Несырьевой экспорт региона вырос на восемь процентов",
    "Форум «Бизнес Подмосковья» пройдёт в апреле в Красногорске",
    "В индустриальном парке «Есипово» открылся новый завод",
]


def links(body: str, url: str = LIST) -> tuple[ListingLink, ...]:
    html = f"<!DOCTYPE html><html><head><title>Новости</title></head><body>{body}</body></html>"
    return listing_by_heuristic(url, parse_html(html, url), ("minek.example.ru",))


def urls(found: tuple[ListingLink, ...]) -> list[str]:
    return [link.url.removeprefix(SITE) for link in found]


def test_rubric_link_beside_each_date_is_not_the_release() -> None:
    """A Bitrix portal: «Спорт», «Общество» next to every date; the headline below is the release."""
    rubrics = ["sport", "obshchestvo", "sport", "ekonomika"]
    items = "".join(
        f'<div class="news-item"><div class="news-item__top">'
        f'<span class="news-item__date">1{n}.03.2026</span>'
        f' <a class="news-item__section" href="/press/news/{rubric}/">{rubric.capitalize()}</a></div>'
        f'<a class="news-item__title" href="/press/news/{rubric}/{100 + n}/">{title}</a>'
        f"<p>Анонс новости номер {n}.</p></div>"
        for n, (rubric, title) in enumerate(zip(rubrics, TITLES, strict=True))
    )
    found = links(f'<div class="news-list">{items}</div>')
    assert urls(found) == [f"/press/news/{r}/{100 + n}/" for n, r in enumerate(rubrics)]
    assert [link.title for link in found] == TITLES
    assert [link.date_text for link in found] == ["10.03.2026", "11.03.2026", "12.03.2026", "13.03.2026"]


def test_more_links_thumbnails_tags_and_authors_belong_to_the_headline() -> None:
    items = "".join(
        f'<article class="post"><a class="thumb" href="/press/news/{n}/"><img src="/i/{n}.jpg" alt=""></a>'
        f'<h2 class="entry-title"><a href="/press/news/{n}/">{title}</a></h2>'
        f'<div class="meta"><time>0{n + 1}.04.2026</time> <a href="/author/press/">Пресс-служба</a>'
        f' <a href="/tag/investicii/" rel="tag">инвестиции</a></div>'
        f'<p>Текст. <a href="/press/news/{n}/#more">Подробнее</a></p></article>'
        for n, title in enumerate(TITLES)
    )
    found = links(f"<main>{items}</main>")
    assert urls(found) == [f"/press/news/{n}/" for n in range(4)]
    assert [link.title for link in found] == TITLES


def test_other_news_in_a_column_beside_the_list_is_left_out() -> None:
    """A table layout: the same rows in a left column of «other news» and in the content cell."""

    def rows(numbers: range) -> str:
        return "".join(
            f'<tr><td>2{n}.03.2026</td><td><a href="/press/news/{n}.htm">{TITLES[n % 4]} ({n})</a></td></tr>'
            for n in numbers
        )

    columns = f"<td><table>{rows(range(6, 9))}</table></td><td><table>{rows(range(4))}</table></td>"
    page = f"<table><tr>{columns}</tr></table>"
    assert urls(links(page)) == [f"/press/news/{n}.htm" for n in range(4)]


def test_labelled_other_news_and_popular_blocks_are_not_the_listing() -> None:
    block = "".join(
        f"<li><span>0{n}.02.2026</span> "
        f'<a href="/press/news/old{n}/">Старая новость о субсидиях номер {n}</a></li>'
        for n in range(1, 6)
    )
    main = "".join(
        f'<div class="row"><span>1{n}.03.2026</span> <a href="/press/news/{n}/">{title}</a></div>'
        for n, title in enumerate(TITLES)
    )
    page = f"<div><h3>Другие новости</h3><ul>{block}</ul></div><div><h1>Новости</h1>{main}</div>"
    page += f"<div><div>Популярное</div><ul>{block.replace('old', 'pop')}</ul></div>"
    assert urls(links(page)) == [f"/press/news/{n}/" for n in range(4)]


def test_calendar_and_day_archives_are_not_releases() -> None:
    days = "".join(
        f'<div class="day"><a href="/press/news/2026/03/{d}/"><span>{d}</span> Пн</a></div>'
        for d in range(10, 20)
    )
    main = "".join(
        f'<p class="item"><b>1{n}.03.2026</b> <a href="/press/news/{n}.html">{title}</a></p>'
        for n, title in enumerate(TITLES)
    )
    found = links(f'<div class="calendar">{days}</div><div class="content">{main}</div>')
    assert urls(found) == [f"/press/news/{n}.html" for n in range(4)]
    assert url_kind(f"{SITE}/news/?date=2026-03-17", LIST) == "calendar"
    assert url_kind(f"{SITE}/rus/plan/2018-03-12.htm", LIST) == "calendar"
    assert url_kind(f"{SITE}/news/?filter[115][Category]=10", LIST) == "rubric"
    assert url_kind(f"{SITE}/press/news/?ELEMENT_ID=126022", LIST) == "release"
    assert url_kind(f"{SITE}/news/2285", LIST) == "release"


def test_a_list_without_dates_is_a_listing_and_a_menu_is_not() -> None:
    menu = "".join(
        f'<li><a href="/{slug}/">{slug.capitalize()}</a></li>' for slug in ("about", "docs", "contacts")
    )
    items = "".join(
        f'<div class="card"><h3><a href="/press/news/{n}-release/">{title}</a></h3><p>Анонс {n}.</p></div>'
        for n, title in enumerate(TITLES)
    )
    found = links(f'<ul class="links">{menu}</ul><div class="cards">{items}</div>')
    assert urls(found) == [f"/press/news/{n}-release/" for n in range(4)]
    assert all(link.date_text is None for link in found)


def test_featured_item_above_the_list_is_a_release_too() -> None:
    featured = (
        '<div class="main"><a class="card" href="/press/news/99/"><div class="label">Главная новость</div>'
        '<h3>Губернатор открыл новый технопарк в Дубне</h3><span class="date">17 марта 2026</span></a></div>'
    )
    lines = "".join(
        f'<div class="line"><a href="/press/news/{n}/"><h3>{title}</h3></a>'
        f'<div class="date">1{n} марта</div></div>'
        for n, title in enumerate(TITLES)
    )
    found = links(f'<div class="row">{featured}<div class="brief">{lines}</div></div>')
    assert urls(found) == ["/press/news/99/"] + [f"/press/news/{n}/" for n in range(4)]
    assert found[0].title == "Губернатор открыл новый технопарк в Дубне"
    assert found[0].date_text == "17 марта 2026"


def test_three_microdata_cards_are_a_listing() -> None:
    cards = "".join(
        f'<div class="c" itemscope itemtype="https://schema.org/NewsArticle">'
        f'<meta itemprop="datePublished" content="2026-09-1{n} 10:00:00">'
        f'<a href="/press/news/{n}.html"><img src="/i.jpg"></a>'
        f'<span class="cat"><a href="/press/news/?cat={n}">Рубрика {n}</a></span>'
        f'<h2 itemprop="headline"><a itemprop="url" href="/press/news/{n}.html">{title}</a></h2></div>'
        for n, title in enumerate(TITLES[:3])
    )
    found = links(cards)
    assert urls(found) == [f"/press/news/{n}.html" for n in range(3)]
    assert [link.date_text for link in found] == [f"2026-09-1{n} 10:00:00" for n in range(3)]
    assert [link.title for link in found] == TITLES[:3]


def test_jsonld_item_list_names_the_releases_when_the_page_shows_none() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": n + 1, "url": f"{SITE}/press/news/{n}/", "name": title}
            for n, title in enumerate(TITLES[:3])
        ],
    }
    found = links(
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        '<div id="app"></div>'
    )
    assert urls(found) == [f"/press/news/{n}/" for n in range(3)]
    assert [link.title for link in found] == TITLES[:3]
