# ruff: noqa: E501  (HTML templates and hand-transcribed data read better unwrapped)
"""Golden layouts, continued: Drupal 7, WordPress, ГосВеб (NetCat), the АИР portal, a legacy portal."""

from __future__ import annotations

import json
from html import escape
from typing import Any

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


class Drupal(Layout):
    """Drupal 7 (nso.ru, kurganobl.ru; sites.md §6): views-row, .submitted, ?page=N 0-based."""

    key = "drupal"
    platform = "drupal"
    timezone = "Asia/Novosibirsk"
    base = "https://www.nso.ru"
    listing_path = "/news"
    tagged = True
    files = AttachmentFile(
        "/sites/default/files/docs/plan-{number}.pdf", "plan-{number}.pdf", "350,5 КБ", "pdf"
    )

    def article_url(self, item: Item) -> str:
        return f"{self.base}/news/{item.number}"

    def page_suffix(self, page: int) -> str:
        return f"?page={page - 1}"  # 0-based

    def list_date(self, item: Item) -> str:
        return f"{ru_date(item.published)} {hhmm(item.published).lstrip('0')}"

    def image_url(self, item: Item) -> str:
        return f"{self.base}/sites/default/files/field_image/{item.number}.jpg"

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        rows = "".join(
            f'<li class="views-row"><a href="/news/{o.number}"><span class="views-field-created">{ru_date(o.published)} '
            f'<span class="minutes">{hhmm(o.published)}</span></span> <span class="views-field-title">{escape(o.title)} →</span></a></li>'
            for o in others
        )
        return f"""<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta name="Generator" content="Drupal 7 (http://drupal.org)" />
{head}<link rel="alternate" type="application/rss+xml" href="{self.base}/rss.xml" />
<title>{escape(title)} | Правительство Новосибирской области</title>
<script src="/misc/drupal.js?p5k1a2"></script></head><body class="html not-front">
<div id="header"><div class="header-today">{ru_date(TODAY)}</div><ul id="main-menu"><li><a href="/">Главная</a></li><li><a href="/news">Новости</a></li></ul></div>
<div class="breadcrumb"><a href="/">Главная</a> » <a href="/news">Новости</a></div>
<div id="content" class="column"><div class="region region-content">{main}</div></div>
<div id="sidebar-second" class="sidebar"><div class="block block-views"><h2>Новости</h2><div class="view-content"><ul>{rows}</ul></div></div></div>
<div id="footer">© 2026 Правительство Новосибирской области. 630007, г. Новосибирск, Красный проспект, 18.</div>{cookie_banner()}</body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        head = f'<meta property="og:title" content="{escape(item.title)}" />\n<link rel="canonical" href="{self.article_url(item)}" />\n'
        image = ""
        if item.image:
            head += f'<meta property="og:image" content="{self.image_url(item)}" />\n'
            image = (f'<div class="field field-name-field-image"><img typeof="foaf:Image" '
                     f'src="{self.image_url(item)}" alt="" /></div>')  # fmt: skip
        tags = "".join(
            f'<div class="field-item"><a href="/taxonomy/term/{n}">{escape(t)}</a></div>'
            for n, t in enumerate(item.tags)
        )
        files = ""
        if item.attachment:
            files = (f'<div class="field field-name-field-files field-type-file"><span class="file">'
                     f'<a href="{self.base}{self.files.href(item)}" type="application/pdf">'
                     f'{self.files.name(item)}</a> <span class="file-size">({self.files.size})</span></span></div>')  # fmt: skip
        main = f"""<h1 class="title" id="page-title">{escape(item.title)}</h1>
<div id="node-{item.number}" class="node node-news clearfix">
<div class="submitted"><span property="dc:date dc:created" content="{item.published:%Y-%m-%dT%H:%M:%S}+07:00">{ru_date(item.published)}, {hhmm(item.published)}</span></div>
<div class="content">{image}
<div class="field field-name-body"><div class="field-items"><div class="field-item even" property="content:encoded">{paragraphs_html(item)}</div></div></div>
<div class="field field-name-field-tags field-type-taxonomy-term-reference"><div class="field-label">Теги:&nbsp;</div><div class="field-items">{tags}</div></div>
{files}</div>
<ul class="links inline"><li class="print_html"><a href="/print/{item.number}" class="print-page">Версия для печати</a></li></ul></div>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        rows = "\n".join(
            f'<li class="views-row"><div class="views-field views-field-created"><span class="field-content">{self.list_date(i)}</span></div>'
            f'<div class="views-field views-field-title"><span class="field-content"><a href="/news/{i.number}">{escape(i.title)}</a></span></div>'
            f'<div class="views-field views-field-body">{escape(i.paragraphs[0][:150])}…</div></li>'
            for i in items
        )
        pager = numbered_pager(
            page,
            pages,
            link=lambda n: f'<li class="pager-item"><a href="{self.local(self.listing_url(n))}">{n}</a></li>',
            current=lambda n: f'<li class="pager-current">{n}</li>',
            following=lambda n: (
                f'<li class="pager-next"><a href="{self.local(self.listing_url(n))}">следующая ›</a></li>'
            ),
        )
        main = (f'<h1 class="title" id="page-title">Новости</h1><div class="view view-news view-display-id-page">'
                f'<div class="view-content"><ul>{rows}</ul></div><ul class="pager">{pager}</ul></div>')  # fmt: skip
        return self._chrome("Новости", main, others)


class Wordpress(Layout):
    """WordPress (strateg-prf.admin-smolensk.ru: /news/page/N; sites.md §6): «Далее», rel=tag rubrics."""

    key = "wordpress"
    platform = "wordpress"
    base = "https://strateg-prf.admin-smolensk.ru"
    listing_path = "/news/"

    def article_url(self, item: Item) -> str:
        return f"{self.base}/news/{item.slug}/"

    def page_suffix(self, page: int) -> str:
        return f"page/{page}/"

    def image_url(self, item: Item) -> str:
        return f"{self.base}/wp-content/uploads/2026/{item.published.month:02d}/{item.slug[:24]}.jpg"

    def tags(self, item: Item) -> tuple[str, ...]:
        return ("Новости", *item.tags)

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        recent = "".join(
            f'<li><a href="{self.article_url(o)}">{escape(o.title)}</a> <span class="post-date">{dotted(o.published)}</span></li>'
            for o in others
        )
        return f"""<!doctype html><html lang="ru-RU"><head><meta charset="UTF-8">
<title>{escape(title)} &#8212; Стратегия Смоленской области</title>{head}
<link rel="alternate" type="application/rss+xml" href="{self.base}/feed/" /><meta name="generator" content="WordPress 6.6.2" />
<link rel="stylesheet" href="/wp-content/themes/strateg/style.css" /></head><body class="single">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">Стратегия Смоленской области</a></p><span class="today">{today_stamp()}</span></header>
<div id="content" class="site-content"><main id="main" class="site-main">{main}</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Свежие записи</h2><ul>{recent}</ul></section></aside></div>
<footer id="colophon" class="site-footer">© 2026 Стратегия социально-экономического развития Смоленской области</footer>{cookie_banner()}</body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        iso = f"{item.published:%Y-%m-%dT%H:%M:%S}+03:00"
        head = (f'\n<meta property="og:title" content="{escape(item.title)}" />'
                f'\n<meta property="article:published_time" content="{iso}" />\n<link rel="canonical" href="{self.article_url(item)}" />')  # fmt: skip
        if item.image:
            head += f'\n<meta property="og:image" content="{self.image_url(item)}" />'
        tags = ", ".join(f'<a href="/tag/{n}/" rel="tag">{escape(t)}</a>' for n, t in enumerate(item.tags))
        main = f"""<article class="post type-post status-publish hentry category-news">
<header class="entry-header"><h1 class="entry-title">{escape(item.title)}</h1>
<div class="entry-meta"><span class="posted-on">Опубликовано <time class="entry-date published" datetime="{iso}">{dotted(item.published)}</time></span></div></header>
<div class="entry-content">{paragraphs_html(item)}</div>
<footer class="entry-footer"><span class="cat-links">Рубрики: <a href="/news/" rel="category tag">Новости</a></span> <span class="tags-links">Метки: {tags}</span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="{self.article_url(others[0])}" rel="prev">{escape(others[0].title)}</a></div></div></nav>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        posts = "\n".join(
            f'<article class="post type-post hentry"><header class="entry-header"><h2 class="entry-title">'
            f'<a href="{self.article_url(i)}" rel="bookmark">{escape(i.title)}</a></h2><div class="entry-meta">'
            f'<time class="entry-date published" datetime="{i.published:%Y-%m-%dT%H:%M:%S}+03:00">{self.list_date(i)}</time></div></header>'
            f'<div class="entry-summary"><p>{escape(i.paragraphs[0][:200])} […]</p></div></article>'
            for i in items
        )
        links = numbered_pager(
            page,
            pages,
            link=lambda n: f'<a class="page-numbers" href="{self.listing_url(n)}">{n}</a>',
            current=lambda n: f'<span class="page-numbers current">{n}</span>',
            following=lambda n: f'<a class="next page-numbers" href="{self.listing_url(n)}">Далее</a>',
        )
        return self._chrome(
            "Новости",
            f'{posts}<nav class="navigation pagination"><div class="nav-links">{links}</div></nav>',
            others,
        )


class Gosweb(Layout):
    """ГосВеб / NetCat (sites.md §7; markup a GUESS): ?curPos=N offsets, «»» and numbers, /netcat_files/."""

    key = "gosweb"
    platform = "gosweb"
    base = "https://econom-r71.gosweb.gosuslugi.ru"
    listing_path = "/press-tsentr/novosti/"
    tagged = True
    files = AttachmentFile(
        "/netcat_files/doc/poryadok_{number}.pdf", "Порядок предоставления субсидии", "1.1 МБ", "pdf"
    )

    def article_url(self, item: Item) -> str:
        return f"{self.base}{self.listing_path}news_{item.number}.html"

    def page_suffix(self, page: int) -> str:
        return f"?curPos={(page - 1) * self.per_page}"  # an offset

    def image_url(self, item: Item) -> str:
        return f"{self.base}/netcat_files/30/55/news_{item.number}.jpg"

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)} — Министерство экономического развития</title>{head}
<link rel="stylesheet" href="/netcat_template/gosweb/style.css"></head><body>
<header class="gw-header"><div class="gw-header__date">{today_stamp()}</div><nav class="gw-menu"><a href="/">Главная</a> <a href="{self.listing_path}">Новости</a></nav></header>
<div class="gw-breadcrumbs"><a href="/">Главная</a> → <a href="/press-tsentr/">Пресс-центр</a> → Новости</div>
<main class="gw-main">{main}</main>
<footer class="gw-footer">© 2026 Министерство экономического развития. Сайт создан на платформе ГосВеб.</footer>{cookie_banner()}</body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        head = f'\n<meta property="og:title" content="{escape(item.title)}">\n<link rel="canonical" href="{self.article_url(item)}">'
        if item.image:
            head += f'\n<meta property="og:image" content="{self.image_url(item)}">'
        related = "".join(
            f'<li><a href="{self.article_url(o)}">{escape(o.title)}</a></li>' for o in others[:3]
        )
        tags = " ".join(
            f'<a href="{self.listing_path}?tag={n}">{escape(t)}</a>' for n, t in enumerate(item.tags)
        )
        files = ""
        if item.attachment:
            files = (f'<div class="news-detail__files"><a href="{self.files.href(item)}">'
                     f"{self.files.title} {self.files.note}</a></div>")  # fmt: skip
        main = f"""<div class="news-detail"><h1 class="news-detail__title">{escape(item.title)}</h1>
<div class="news-detail__date">{ru_date(item.published)} г., {hhmm(item.published)}</div>
<div class="news-detail__text">{paragraphs_html(item)}<h3>Читайте также</h3><ul>{related}</ul></div>
{files}<div class="news-detail__tags">{tags}</div>{share_block()}</div>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        cards = "\n".join(
            f'<div class="news-list__item"><div class="news-list__date">{self.list_date(i)}</div>'
            f'<a class="news-list__link" href="{self.listing_path}news_{i.number}.html">{escape(i.title)}</a></div>'
            for i in items
        )
        pager = numbered_pager(
            page,
            pages,
            link=lambda n: f'<a href="{self.local(self.listing_url(n))}">{n}</a>',
            current=lambda n: f'<span class="pagination__current">{n}</span>',
            following=lambda n: f'<a href="{self.local(self.listing_url(n))}">»</a>',
        )
        return self._chrome(
            "Новости",
            f'<h1>Новости</h1><div class="news-list">{cards}</div><div class="pagination">{pager}</div>',
            others,
        )


class Air(Layout):
    """The АИР investment portal (invest.mosreg.ru, sites.md §3): cards, JSON-LD, <link rel=next> only."""

    key = "air"
    base = "https://invest.mosreg.ru"
    listing_path = "/press/news"
    selectors = {"item": ".news-list .news-card", "link": "a.news-card__link", "list_date": ".news-card__date",  # noqa: RUF012
                 "title": "h1.news-detail__title", "date": ".news-detail__date", "body": ".news-detail__content"}  # fmt: skip

    def article_url(self, item: Item) -> str:
        return f"{self.base}/press/news/{item.number}"

    def _chrome(self, title: str, main: str, others: list[Item], head: str = "") -> str:
        aside = "".join(
            f'<a class="aside-news__item" href="/press/news/{o.number}"><span class="aside-news__date">{dotted(o.published)}</span> {escape(o.title)}</a>'
            for o in others
        )
        return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)} — Инвестиционный портал Московской области</title>{head}</head>
<body><div id="__nuxt"><header class="top-bar"><a href="/">Инвестиционный портал</a> <span class="top-bar__today">{dotted(TODAY)}</span></header>
<div class="container"><div class="content">{main}</div><aside class="aside-news"><div>Читайте также</div>{aside}</aside></div>
<footer class="site-footer">АНО «Агентство инвестиционного развития Московской области» <a href="/privacy">Политика конфиденциальности</a></footer>{cookie_banner()}</div></body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
                                "datePublished": f"{item.published:%Y-%m-%dT%H:%M:%S}+03:00"}  # fmt: skip
        head = f'\n<meta property="og:title" content="{escape(item.title)}">\n<link rel="canonical" href="{self.article_url(item)}">'
        cover = ""
        if item.image:
            head += f'\n<meta property="og:image" content="{self.image_url(item)}">'
            data["image"] = [self.image_url(item)]
            cover = (
                f'<div class="news-detail__cover"><img src="{self.local(self.image_url(item))}" alt=""></div>'
            )
        head += f'\n<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        main = f"""<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press/news">Новости</a></div>
<article class="news-detail"><div class="news-detail__meta"><span class="news-detail__date">{dotted(item.published)}, {hhmm(item.published)}</span> <span class="news-detail__views">{item.number % 900 + 100} просмотров</span></div>
<h1 class="news-detail__title">{escape(item.title)}</h1>{cover}
<div class="news-detail__content">{paragraphs_html(item)}</div>
<div class="news-detail__share">Поделиться: <a href="https://vk.com/share.php">VK</a></div></article>"""
        return self._chrome(item.title, main, others, head)

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        head = f'\n<link rel="next" href="{self.listing_url(page + 1)}">' if page < pages else ""
        cards = "\n".join(
            f'<div class="news-card"><a class="news-card__link" href="/press/news/{i.number}">'
            f'<div class="news-card__date">{self.list_date(i)}</div><div class="news-card__title">{escape(i.title)}</div></a></div>'
            for i in items
        )
        return self._chrome("Новости", f'<h1>Новости</h1><div class="news-list">{cards}</div>', others, head)


class Legacy(Layout):
    """An old regional portal (dvinaland.ru style): tables, koi8-r or windows-1251, no metadata, numbered pager."""

    key = "legacy"
    base = "http://www.dvinaland.ru"
    listing_path = "/news/"
    shows_time = False
    selectors = {"item": "table.newslist tr", "link": "a", "list_date": "td.date",  # noqa: RUF012
                 "title": "td.newstitle", "date": "td.newsdate", "body": "td.newstext"}  # fmt: skip

    def article_url(self, item: Item) -> str:
        return f"{self.base}/news/{item.number}.htm"

    def image_url(self, item: Item) -> str:
        return f"{self.base}/Pictures/picnews/{item.number}.jpg"

    def page_encoding(self, item: Item | None) -> tuple[str, str | None]:
        """(the bytes' codec, the charset the page declares): declared, undeclared, mis-declared."""
        variant = (item.number if item else 0) % 3
        return [("koi8-r", "koi8-r"), ("cp1251", None), ("cp1251", "koi8-r")][variant]

    def _chrome(self, title: str, main: str, declared: str | None) -> str:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
        menu = "".join(f'<tr><td><a href="/{path}/">{name}</a></td></tr>' for path, name in
                       (("gov", "Правительство"), ("news", "Новости"), ("docs", "Документы")))  # fmt: skip
        return f"""<html><head>{meta}<title>{escape(title)} — Правительство Архангельской области</title></head>
<body bgcolor="#ffffff"><table width="100%"><tr><td class="top">Сегодня {dotted(TODAY)}</td></tr></table>
<table width="100%"><tr><td class="leftcol" width="180" valign="top"><table class="menu">{menu}</table></td>
<td valign="top">{main}</td></tr></table>
<table width="100%"><tr><td class="bottom">© Правительство Архангельской области, 2001–2026. Все права защищены.</td></tr></table></body></html>"""

    def article(self, item: Item, others: list[Item]) -> str:
        picture = (
            f'<img src="/Pictures/picnews/{item.number}.jpg" width="200" align="left">' if item.image else ""
        )
        body = "<br><br>\n".join(escape(p) for p in item.paragraphs)
        others_html = "".join(
            f'<tr><td class="date">{dotted(o.published)}</td><td><a href="/news/{o.number}.htm">{escape(o.title)}</a></td></tr>'
            for o in others
        )
        main = f"""<table class="news"><tr><td class="newsdate">{dotted(item.published)}</td></tr>
<tr><td class="newstitle"><b>{escape(item.title)}</b></td></tr>
<tr><td class="newstext">{picture}{body}</td></tr></table>
<p><b>Другие новости:</b></p><table class="othernews">{others_html}</table>"""
        return self._chrome(item.title, main, self.page_encoding(item)[1])

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        rows = "\n".join(
            f'<tr><td class="date">{self.list_date(i)}</td><td><a href="/news/{i.number}.htm">{escape(i.title)}</a></td></tr>'
            for i in items
        )
        pager = numbered_pager(
            page,
            pages,
            link=lambda n: f'<a href="/news/?page={n}">{n}</a>',
            current=lambda n: f"<b>{n}</b>",
            sep=" ",
        )
        return self._chrome(
            "Новости", f'<table class="newslist">{rows}</table><p>Страницы: {pager}</p>', "koi8-r"
        )
