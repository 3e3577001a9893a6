# ruff: noqa: E501  (HTML templates and hand-transcribed data read better unwrapped)
"""The seven golden layouts: mosreg ministry, 1C-Bitrix, Drupal 7, WordPress, ГосВеб, АИР portal, legacy portal."""

from __future__ import annotations

from html import escape

from layouts import (
    TODAY,
    AttachmentFile,
    Item,
    Layout,
    cookie_banner,
    dotted,
    hhmm,
    numbered_pager,
    paragraphs_html,
    ru_date,
    share_block,
    today_stamp,
)


class Mosreg(Layout):
    """*.mosreg.ru ministry (sites.md §2): slug DD-MM-YYYY-HH-MM-SS, ?page=N 1-based, «Следующая»."""

    key = "mosreg"
    platform = "mosreg_ministry"
    base = "https://mii.mosreg.ru"
    listing_path = "/sobytiya/novosti-ministerstva"
    files = AttachmentFile("/upload/files/docs/{number}.pdf", "Презентация проекта", "2,4 МБ", "pdf")

    def article_url(self, item: Item) -> str:
        return f"{self.base}{self.listing_path}/{item.published:%d-%m-%Y-%H-%M-%S}-{item.slug}"

    def list_date(self, item: Item) -> str:
        return f"{ru_date(item.published)} г., {hhmm(item.published)}"

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        sidebar = "\n".join(
            f'<div class="other-news__item"><a class="other-news__link" href="{self.article_url(o)}">'
            f'{escape(o.title)}</a><div class="event__pub-date">{self.list_date(o)}</div></div>'
            for o in others
        )
        return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{escape(title)} | Министерство инвестиций, промышленности и науки Московской области</title>
{head}<link rel="alternate" type="application/rss+xml" href="{self.listing_path}?format=rss"></head>
<body class="page"><header class="header"><div class="header__date">{today_stamp()}</div>
<nav class="header__menu"><a href="/">Главная</a> <a href="/o-ministerstve">О министерстве</a> <a href="{self.listing_path}">Новости</a></nav></header>
<main class="page__content">{main}</main>
<aside class="sidebar"><div class="other-news"><div class="other-news__title">Другие новости</div>{sidebar}</div></aside>
<footer class="footer">143407, Московская область, г. Красногорск, бульвар Строителей, д. 1. © 2026</footer>
{cookie_banner()}</body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        url = self.article_url(item)
        head = f'<meta property="og:title" content="{escape(item.title)}">\n<link rel="canonical" href="{url}">\n'
        image = ""
        if item.image:
            head += f'<meta property="og:image" content="{self.image_url(item)}">\n'
            image = f'<img src="{self.local(self.image_url(item))}" alt="">'
        files = ""
        if item.attachment:
            files = (f'<div class="article__files"><a href="{self.files.href(item)}">{self.files.title}</a>'
                     f" <span>{self.files.note}</span></div>")  # fmt: skip
        rest = "\n".join(f"<p>{escape(p)}</p>" for p in item.paragraphs[1:])
        main = f"""<nav class="breadcrumbs"><a href="/">Главная</a> / <a href="{self.listing_path}">Новости министерства</a></nav>
<div class="page__header"><h1>{escape(item.title)}</h1></div>
<div class="article"><div class="article__pubdate"><span class="article__pubdate-day">{item.published.day} {ru_date(item.published).split()[1]}</span> <span class="article__pubdate-year">{item.published.year}</span></div>
<div class="article__inner"><p class="article__lead">{escape(item.paragraphs[0])}</p>
{rest}
{image}
{share_block()}</div>{files}</div>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        cards = "\n".join(
            f'<div class="news-list-page__item"><div class="event__content"><div class="event__title">'
            f'<a href="{self.local(self.article_url(i))}">{escape(i.title)}</a></div>'
            f'<div class="event__pub-date">{self.list_date(i)}</div></div></div>'
            for i in items
        )
        pager = numbered_pager(
            page,
            pages,
            link=lambda n: f'<a class="pagination__item" href="?page={n}">{n}</a>',
            sep=" ",
            following=lambda n: f' <a class="pagination__next" href="?page={n}">Следующая</a>',
        )
        main = (f'<div class="page__header"><h1>Новости министерства</h1></div>'
                f'<div class="news-list-page__list">{cards}</div><div class="pagination">{pager}</div>')  # fmt: skip
        return self._chrome("Новости министерства", main, others)


class Bitrix(Layout):
    """1C-Bitrix regional ministry (sites.md §6): windows-1251, ?PAGEN_1=N, /upload/iblock/, files block."""

    key = "bitrix"
    platform = "bitrix"
    encoding = "cp1251"
    timezone = "Asia/Yekaterinburg"
    base = "https://minek.permkrai.ru"
    listing_path = "/press-center/news/"
    tagged = True
    files = AttachmentFile(
        "/upload/iblock/doc/Postanovlenie_{number}.docx", "Постановление правительства края", "45 Кб", "docx"
    )

    def article_url(self, item: Item) -> str:
        return f"{self.base}{self.listing_path}{item.number}/"

    def page_suffix(self, page: int) -> str:
        return f"?PAGEN_1={page}"

    def image_url(self, item: Item) -> str:
        return f"{self.base}/upload/iblock/{item.number % 997:03d}/news_{item.number}.jpg"

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        side = "".join(
            f'<li><span class="date">{dotted(o.published)}</span> <a href="{self.article_url(o)}">{escape(o.title)}</a></li>'
            for o in others
        )
        return f"""<!DOCTYPE html><html lang="ru"><head>{self.charset_meta()}
<title>{escape(title)}</title>{head}
<link href="/bitrix/templates/minek/template_styles.css" rel="stylesheet">
<link rel="alternate" type="application/rss+xml" title="Новости" href="/bitrix/rss.php?ID=12&amp;LANG=s1&amp;TYPE=news&amp;LIMIT=50">
<script src="/bitrix/js/main/core/core.js"></script></head><body>
<div class="header"><div class="header__today">Сегодня: {dotted(TODAY)}</div><ul class="top-menu"><li><a href="/">Главная</a></li><li><a href="{self.listing_path}">Новости</a></li></ul></div>
<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press-center/">Пресс-центр</a> / <span>Новости</span></div>
<div class="workarea">{main}</div>
<div class="right-column"><div class="popular-news"><div class="title">Популярное</div><ul>{side}</ul></div></div>
<div class="footer">© 2026 Министерство экономического развития и инвестиций Пермского края</div>{cookie_banner()}</body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        half = item.number % 2 == 0  # half the bodies in Bitrix's text mode (<br><br> between paragraphs)
        body = "<br><br>\n".join(escape(p) for p in item.paragraphs) if half else paragraphs_html(item)
        head = f'\n<meta property="og:title" content="{escape(item.title)}">'
        picture = ""
        if item.image:
            head += f'\n<meta property="og:image" content="{self.image_url(item)}">'
            picture = f'<img class="detail_picture" src="{self.local(self.image_url(item))}" alt="">'
        tags = ", ".join(f'<a href="/search/?tags={escape(t)}">{escape(t)}</a>' for t in item.tags)
        files = ""
        if item.attachment:
            files = (f'<div class="news-detail__files"><a href="{self.files.href(item)}">'
                     f"{self.files.title} {self.files.note}</a></div>")  # fmt: skip
        main = f"""<div class="news-detail"><h1 class="news-detail__title">{escape(item.title)}</h1>
<span class="news-date-time">{dotted(item.published)} {hhmm(item.published)}</span>{picture}
<div class="news-detail__text">{body}</div>
<div class="news-detail__tags">Теги: {tags}</div>{files}
<div class="news-detail__back"><a href="{self.listing_path}">Возврат к списку</a></div></div>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        rows = "\n".join(
            f'<p class="news-item"><span class="news-date-time">{self.list_date(i)}</span>'
            f'<a href="{self.listing_path}{i.number}/"><b>{escape(i.title)}</b></a><br>{escape(i.paragraphs[0][:120])}…</p>'
            for i in items
        )
        pager = numbered_pager(
            page,
            pages,
            link=lambda n: f'<a href="{self.listing_path}{self.page_suffix(n)}">{n}</a>',
            current=lambda n: f"<b>{n}</b>",
            following=lambda n: (
                f' <a class="modern-page-next" href="{self.listing_path}{self.page_suffix(n)}">След.</a>'
            ),
        )
        main = f'<h1>Новости</h1><div class="news-list">{rows}</div><div class="modern-page-navigation">{pager}</div>'
        return self._chrome("Новости", main, others)
