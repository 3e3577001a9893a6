"""The shared platform of *.mosreg.ru ministry sites (as public scrapers describe it), Mininvest MO."""

from __future__ import annotations

import json
from datetime import datetime

from ..content import Release
from ..site import MONTHS_G, BodyStyle, Layout, Listing, attr, body_html, css_block, esc, hm, metrika

LIST = "/sobytiya/novosti-ministerstva"
SITE = "Министерство инвестиций, промышленности и науки Московской области"


class MosregPlatform(Layout):
    name = "mosreg_platform"
    family = "mosreg.ru ministry platform (custom)"
    description = (
        "Listing .news-list-page__item > div.event__content with an .event__title link and "
        "div.event__pub-date «4 декабря 2025 г., 21:40» with odd NBSP runs after some month names, "
        "JSON-LD ItemList of the page, ?page=N (1-based); article URLs carry "
        "DD-MM-YYYY-HH-MM-SS in the slug; .page__header h1, date split into .article__pubdate-day / "
        "-year / -time, body in .article__inner, «Фото: пресс-служба Мининвеста МО»."
    )
    timezone = "Europe/Moscow"
    region_key = "mosobl"
    host = "https://mii.mosreg.ru"
    newest = datetime(2025, 12, 17, 18, 18)
    per_page = (7, 7, 6)

    def listing_url(self, n: int) -> str:
        return self.host + LIST + ("" if n == 1 else f"?page={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}{LIST}/{rel.dt:%d-%m-%Y-%H-%M-%S}-{rel.slug}"

    def pub_date(self, dt: datetime) -> str:
        month = MONTHS_G[dt.month - 1]
        if month in ("февраля", "марта", "декабря"):
            month += "\u00a0 "
        else:
            month += " "
        return f"{dt.day} {month}{dt.year} г., {hm(dt)}"

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>{esc(title)}</title>
{extra}<link rel="stylesheet" href="https://cdn.mosreg.ru/static/mosreg-ui/3.14.0/css/app.css">
<link rel="alternate" type="application/rss+xml" href="{self.host}{LIST}?format=rss" title="Новости министерства">
<script src="https://cdn.mosreg.ru/static/mosreg-ui/3.14.0/js/vendor.js" defer></script>
{css_block("mr", self.rng, 50)}
</head>
<body class="page">
<div class="gov-header"><div class="gov-header__inner"><a class="gov-header__link" href="https://mosreg.ru/">Правительство Московской области</a><span class="gov-header__phone">Горячая линия Губернатора 8-800-550-50-30</span></div></div>
<header class="header"><div class="header__container">
<a href="/" class="header__logo"><img src="https://cdn.mosreg.ru/static/img/gerb-mo.svg" alt=""><span class="header__logo-text">{SITE}</span></a>
<nav class="header__menu"><a href="/ministerstvo" class="header__menu-item">Министерство</a><a href="/deyatelnost" class="header__menu-item">Деятельность</a><a href="/dokumenty" class="header__menu-item">Документы</a><a href="/sobytiya" class="header__menu-item header__menu-item--active">События</a><a href="/kontakty" class="header__menu-item">Контакты</a></nav>
<a href="/poisk" class="header__search">Поиск</a>
</div></header>
<div class="page__content">
"""

    def foot(self) -> str:
        return f"""</div>
<footer class="footer"><div class="footer__container"><div class="footer__col"><div class="footer__title">{SITE}</div>
<div class="footer__text">143407, Московская область, г. Красногорск, бульвар Строителей, д. 1</div>
<div class="footer__text">Телефон: +7 (498) 602-12-12</div></div>
<div class="footer__col"><a href="/sobytiya/novosti-ministerstva" class="footer__link">Новости</a><a href="/dokumenty" class="footer__link">Документы</a><a href="/obrashcheniya" class="footer__link">Обращения</a></div>
<div class="footer__copy">© 2025 Правительство Московской области</div></div></footer>
<div class="cookie-alert" hidden>Сайт использует cookie-файлы. <button>Согласен</button></div>
{metrika(87112340)}
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        items = "".join(
            f"""
<div class="news-list-page__item"><div class="event">
  <a href="{self.rel_path(r.url)}" class="event__image"><img src="/upload/files/{r.slug[:2]}/{r.slug[2:4]}/{r.slug[:2]}{self.rng.getrandbits(40):010x}.jpg" alt="{attr(r.title)}"></a>
  <div class="event__content">
    <a href="{self.rel_path(r.url)}" class="event__title">{esc(r.title)}</a>
    <div class="event__pub-date">{self.pub_date(r.dt)}</div>
  </div>
</div></div>"""
            for r in rels
        )
        total = len(self.pages)
        pag = "".join(
            f'<span class="pagination__item pagination__item--active">{k}</span>'
            if k == n
            else f'<a class="pagination__item" href="{self.rel_path(self.listing_url(k))}">{k}</a>'
            for k in range(1, total + 1)
        )
        if n < total:
            pag += f'<a class="pagination__arrow pagination__arrow--next" href="{self.rel_path(self.listing_url(n + 1))}" aria-label="Следующая страница"></a>'
        ld = {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "url": r.url, "name": r.title}
                for i, r in enumerate(rels, 1)
            ],
        }
        extra = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        html = (
            self.head(f"Новости министерства — {SITE}", extra)
            + '<div class="page__header"><div class="breadcrumbs"><a href="/">Главная</a> / <a href="/sobytiya">События</a> / <span>Новости министерства</span></div><h1>Новости министерства</h1></div>'
            + f'<div class="news-list-page"><div class="news-list-page__list">{items}</div><div class="pagination">{pag}</div></div>'
            + self.foot()
        )
        return Listing(html)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        img = (
            f'<div class="article__image"><img src="/upload/files/{rel.slug[:2]}/{rel.slug[2:4]}/{rel.slug[:2]}'
            f'{r.getrandbits(40):010x}.jpg" alt=""><div class="article__image-caption">Фото: пресс-служба Мининвеста МО</div></div>'
        )
        body = body_html(
            rel.blocks,
            BodyStyle(h="<h2>{}</h2>", quote='<blockquote class="article__quote"><p>{}</p></blockquote>'),
            {1: img} if len(rel.blocks) > 1 else {},
        )
        tags = "".join(
            f'<a href="/sobytiya/novosti-ministerstva?tag={t.replace(" ", "+")}" class="article__tag">{esc(t)}</a>'
            for t in rel.tags
        )
        related = "".join(
            f'<div class="event event--small"><a href="{self.rel_path(o.url)}" class="event__title">{esc(o.title)}</a><div class="event__pub-date">{self.pub_date(o.dt)}</div></div>'
            for o in self.others(rel, 3)
        )
        extra = f'<meta property="og:title" content="{attr(rel.title)}">\n<meta property="og:description" content="{attr(rel.teaser)}">\n'
        main = f"""<div class="page__header"><div class="breadcrumbs"><a href="/">Главная</a> / <a href="/sobytiya">События</a> / <a href="{LIST}">Новости министерства</a></div>
<h1>{esc(rel.title)}</h1></div>
<div class="article">
  <div class="article__pubdate"><span class="article__pubdate-day">{rel.dt.day} {MONTHS_G[rel.dt.month - 1]}</span> <span class="article__pubdate-year">{rel.dt.year}</span> <span class="article__pubdate-time">{hm(rel.dt)}</span></div>
  <div class="article__inner">
{body}
  </div>
  <div class="article__tags">{tags}</div>
  <div class="article__share"><span>Поделиться:</span> <a href="https://vk.com/share.php?url={rel.url}" target="_blank">ВКонтакте</a> <a href="https://connect.ok.ru/offer?url={rel.url}" target="_blank">Одноклассники</a> <a href="https://t.me/share/url?url={rel.url}" target="_blank">Telegram</a></div>
</div>
<div class="related"><div class="related__title">Другие новости</div>{related}</div>
"""
        return self.head(f"{rel.title} — {SITE}", extra) + main + self.foot()


LAYOUT = MosregPlatform()
